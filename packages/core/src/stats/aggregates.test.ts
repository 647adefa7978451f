import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Table } from '../table/table';
import { createStats } from './create-stats';
import { ExactSum } from './exact-sum';
import { Extreme } from './extreme';
import type { AggregateSpec } from './spec';

function world() {
  const table = new Table(new Y.Doc());
  const temp = table.addColumn({ name: 'temperature', type: 'number' });
  const symptoms = table.addColumn({
    name: 'symptoms',
    type: 'multiSelect',
    options: [{ name: 'cough' }, { name: 'fever' }, { name: 'none' }],
  });
  const status = table.addColumn({
    name: 'status',
    type: 'singleSelect',
    options: [{ name: 'office' }, { name: 'home' }],
  });
  const back = table.addColumn({ name: 'back at work', type: 'checkbox' });
  const day = table.addColumn({ name: 'day', type: 'date' });
  const at = table.addColumn({ name: 'submittedAt', type: 'dateTime' });
  const note = table.addColumn({ name: 'note', type: 'text' });
  const opt = (column: string, name: string) =>
    table.column(column)!.options.find((o) => o.name === name)!.id;
  const [cough, fever, none] = ['cough', 'fever', 'none'].map((n) => opt(symptoms, n)) as [
    string,
    string,
    string,
  ];
  const [office, home] = ['office', 'home'].map((n) => opt(status, n)) as [string, string];
  return { table, temp, symptoms, status, back, day, at, note, cough, fever, none, office, home };
}

type World = ReturnType<typeof world>;

function rows(w: World) {
  const { table } = w;
  const r1 = table.addRow({
    [w.temp]: 36.5,
    [w.symptoms]: [w.none],
    [w.status]: w.office,
    [w.back]: true,
    [w.day]: '2020-02-03',
    [w.at]: '2020-02-03T08:00:00Z',
    [w.note]: 'fine',
  });
  const r2 = table.addRow({
    [w.temp]: 38.1,
    [w.symptoms]: [w.cough, w.fever],
    [w.status]: w.home,
    [w.back]: false,
    [w.day]: '2020-02-05',
    [w.at]: '2020-02-03T07:59:59.5Z',
    [w.note]: 'Cough since Monday',
  });
  const r3 = table.addRow({
    [w.temp]: 37.3,
    [w.symptoms]: [w.cough],
    [w.status]: w.office,
    [w.day]: '2020-02-01',
    [w.note]: 'fine',
  });
  const r4 = table.addRow({});
  return [r1, r2, r3, r4] as const;
}

function valuesOf(w: World, aggregates: AggregateSpec[]) {
  const stats = createStats({ table: w.table, spec: { aggregates } });
  const out: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(stats.current().aggregates))
    out[id] = 'value' in r ? r.value : r;
  return { stats, out };
}

describe('aggregates', () => {
  it('compute every kind over the rows', () => {
    const w = world();
    rows(w);
    const { out } = valuesOf(w, [
      { id: 'count', kind: 'count' },
      { id: 'countNotes', kind: 'count', column: w.note },
      { id: 'sum', kind: 'sum', column: w.temp },
      { id: 'mean', kind: 'mean', column: w.temp },
      { id: 'min', kind: 'min', column: w.temp },
      { id: 'max', kind: 'max', column: w.temp },
      { id: 'distinct', kind: 'distinct', column: w.note },
      { id: 'distinctSymptoms', kind: 'distinct', column: w.symptoms },
      { id: 'symptoms', kind: 'distribution', column: w.symptoms },
      { id: 'status', kind: 'distribution', column: w.status },
      { id: 'hist', kind: 'histogram', column: w.temp, bins: [37, 37.3, 38] },
      { id: 'checked', kind: 'checked', column: w.back },
      { id: 'earliestDay', kind: 'earliest', column: w.day },
      { id: 'latestDay', kind: 'latest', column: w.day },
      { id: 'earliestAt', kind: 'earliest', column: w.at },
      { id: 'latestAt', kind: 'latest', column: w.at },
    ]);
    expect(out).toEqual({
      count: 4,
      countNotes: 3,
      // The exact sum, correctly rounded (naive left-to-right addition gives 111.89999999999999).
      sum: 111.9,
      mean: 111.9 / 3,
      min: 36.5,
      max: 38.1,
      distinct: 2,
      distinctSymptoms: 3,
      symptoms: { [w.cough]: 2, [w.fever]: 1, [w.none]: 1 },
      status: { [w.office]: 2, [w.home]: 1 },
      hist: [1, 0, 1, 1],
      checked: 1,
      earliestDay: '2020-02-01',
      latestDay: '2020-02-05',
      // Ordered by instant, not by text: "…59.5Z" is before "…00Z".
      earliestAt: '2020-02-03T07:59:59.5Z',
      latestAt: '2020-02-03T08:00:00Z',
    });
  });

  it('are empty (0 or null) over no rows', () => {
    const w = world();
    const { out } = valuesOf(w, [
      { id: 'count', kind: 'count' },
      { id: 'sum', kind: 'sum', column: w.temp },
      { id: 'mean', kind: 'mean', column: w.temp },
      { id: 'min', kind: 'min', column: w.temp },
      { id: 'latest', kind: 'latest', column: w.day },
      { id: 'hist', kind: 'histogram', column: w.temp, bins: [37] },
      { id: 'status', kind: 'distribution', column: w.status },
    ]);
    expect(out).toEqual({
      count: 0,
      sum: 0,
      mean: null,
      min: null,
      latest: null,
      hist: [0, 0],
      status: { [w.office]: 0, [w.home]: 0 },
    });
  });

  it('follow edits and deletions incrementally', () => {
    const w = world();
    const [r1, r2] = rows(w);
    const stats = createStats({
      table: w.table,
      spec: {
        aggregates: [
          { id: 'max', kind: 'max', column: w.temp },
          { id: 'mean', kind: 'mean', column: w.temp },
          { id: 'symptoms', kind: 'distribution', column: w.symptoms },
        ],
      },
    });
    w.table.deleteRow(r2);
    let a = stats.current().aggregates;
    expect(a.max).toMatchObject({ value: 37.3 });
    expect(a.mean).toMatchObject({ value: (36.5 + 37.3) / 2 });
    expect(a.symptoms).toMatchObject({ value: { [w.cough]: 1, [w.fever]: 0, [w.none]: 1 } });
    w.table.setCell(r1, w.temp, 39);
    w.table.setCell(r1, w.symptoms, [w.fever]);
    a = stats.current().aggregates;
    expect(a.max).toMatchObject({ value: 39 });
    expect(a.symptoms).toMatchObject({ value: { [w.cough]: 1, [w.fever]: 1, [w.none]: 0 } });
  });

  it('filter with the same semantics as views', () => {
    const w = world();
    rows(w);
    const { out } = valuesOf(w, [
      { id: 'fever', kind: 'count', filter: [{ column: w.temp, op: 'gte', value: 37.3 }] },
      {
        id: 'coughing',
        kind: 'count',
        filter: [{ column: w.symptoms, op: 'contains', value: w.cough }],
      },
      {
        id: 'both',
        kind: 'mean',
        column: w.temp,
        filter: [
          { column: w.symptoms, op: 'contains', value: w.cough },
          { column: w.status, op: 'eq', value: w.office },
        ],
      },
      { id: 'noted', kind: 'count', filter: [{ column: w.note, op: 'contains', value: 'COUGH' }] },
      { id: 'blank', kind: 'count', filter: [{ column: w.note, op: 'isEmpty' }] },
    ]);
    expect(out).toEqual({ fever: 2, coughing: 2, both: 37.3, noted: 1, blank: 1 });
  });

  it('group by a column; multi-select rows count in each option, empty cells last', () => {
    const w = world();
    rows(w);
    const stats = createStats({
      table: w.table,
      spec: {
        aggregates: [
          { id: 'byStatus', kind: 'count', groupBy: w.status },
          { id: 'bySymptom', kind: 'mean', column: w.temp, groupBy: w.symptoms },
          { id: 'byBack', kind: 'count', groupBy: w.back },
        ],
      },
    });
    const a = stats.current().aggregates;
    expect(a.byStatus).toEqual({
      kind: 'count',
      value: 4,
      groups: [
        ...[
          { key: w.office, rows: 2, value: 2 },
          { key: w.home, rows: 1, value: 1 },
        ].sort((x, y) => (x.key < y.key ? -1 : 1)),
        { key: null, rows: 1, value: 1 },
      ],
    });
    const bySymptom = a.bySymptom as { groups: { key: unknown; value: unknown }[] };
    expect(Object.fromEntries(bySymptom.groups.map((g) => [String(g.key), g.value]))).toEqual({
      [w.cough]: (38.1 + 37.3) / 2,
      [w.fever]: 38.1,
      [w.none]: 36.5,
      null: null,
    });
    expect(a.byBack).toMatchObject({
      groups: [
        { key: false, rows: 1, value: 1 },
        { key: true, rows: 1, value: 1 },
        { key: null, rows: 2, value: 2 },
      ],
    });
  });

  it('read cells under the column’s current type after a type change', () => {
    const w = world();
    const [r1] = rows(w);
    const stats = createStats({
      table: w.table,
      spec: { aggregates: [{ id: 'n', kind: 'distinct', column: w.note }] },
    });
    const changed: string[][] = [];
    stats.subscribe((ids) => changed.push([...ids]));
    w.table.setCell(r1, w.note, '36.6');
    w.table.changeColumnType(w.note, 'number');
    // "fine" and "Cough since Monday" cannot be read as numbers; "36.6" can.
    expect(stats.current().aggregates.n).toEqual({ kind: 'distinct', value: 1 });
    expect(changed).toEqual([['n'], ['n']]);
  });
});

describe('ExactSum', () => {
  it('adds and removes without drift', () => {
    const s = new ExactSum();
    s.add(0.1);
    s.add(0.2);
    s.add(-0.1);
    expect(s.value()).toBe(0.2);
    expect(0.1 + 0.2 - 0.1).not.toBe(0.2);
    const big = new ExactSum();
    for (const x of [1e16, 1, -1e16, 1]) big.add(x);
    expect(big.value()).toBe(2);
  });
});

describe('Extreme', () => {
  it('keeps the minimum under churn and bounds its heap', () => {
    const e = new Extreme<number>((a, b) => a - b);
    for (let i = 0; i < 1000; i++) {
      e.add(i, 1);
      if (i % 3 === 0) e.top();
      if (i > 0) e.add(i - 1, -1);
    }
    expect(e.top()).toBe(999);
    e.add(5, 2);
    e.add(5, -1);
    expect(e.top()).toBe(5);
    e.add(5, -1);
    e.add(999, -1);
    expect(e.top()).toBe(null);
  });
});
