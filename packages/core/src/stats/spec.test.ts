import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isMusterError } from '../errors';
import { Table } from '../table/table';
import { WorkspaceIndex } from '../workspace/workspace-index';
import { createStats } from './create-stats';

function table() {
  const t = new Table(new Y.Doc());
  const temp = t.addColumn({ id: 'temperature00000', name: 'temperature', type: 'number' });
  const note = t.addColumn({ id: 'note000000000000', name: 'note', type: 'text' });
  const who = t.addColumn({ id: 'respondent000000', name: 'respondent', type: 'person' });
  return { t, temp, note, who };
}

function specError(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(isMusterError(e, ErrorCode.InvalidStatsSpec)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected an InvalidStatsSpec error');
}

describe('stats spec', () => {
  it('names an unknown column', () => {
    const { t } = table();
    expect(
      specError(() =>
        createStats({ table: t, spec: { aggregates: [{ id: 'm', kind: 'sum', column: 'nope' }] } }),
      ),
    ).toBe('Aggregate "m" (sum) names column "nope", which the table does not have.');
    expect(
      specError(() =>
        createStats({
          table: t,
          spec: {
            aggregates: [{ id: 'm', kind: 'count', filter: [{ column: 'gone', op: 'isEmpty' }] }],
          },
        }),
      ),
    ).toContain('column "gone"');
  });

  it('names a column whose type cannot have the aggregate', () => {
    const { t, note } = table();
    expect(
      specError(() =>
        createStats({ table: t, spec: { aggregates: [{ id: 'm', kind: 'mean', column: note }] } }),
      ),
    ).toBe('Aggregate "m" (mean) needs a number column; column "note" (note000000000000) is text.');
    expect(
      specError(() =>
        createStats({
          table: t,
          spec: { aggregates: [{ id: 'd', kind: 'distribution', column: note }] },
        }),
      ),
    ).toContain('singleSelect or multiSelect');
  });

  it('rejects malformed specs with the place of the problem', () => {
    const { t, temp, who } = table();
    expect(
      specError(() =>
        createStats({ table: t, spec: { aggregates: [{ id: 'x', kind: 'median' }] } }),
      ),
    ).toContain('aggregates.0.kind');
    expect(
      specError(() => createStats({ table: t, spec: { aggregates: [{ id: 'x', kind: 'sum' }] } })),
    ).toContain('needs a column');
    expect(
      specError(() =>
        createStats({
          table: t,
          spec: { aggregates: [{ id: 'h', kind: 'histogram', column: temp, bins: [2, 1] }] },
        }),
      ),
    ).toContain('ascending');
    expect(
      specError(() =>
        createStats({
          table: t,
          spec: {
            aggregates: [
              { id: 'a', kind: 'count' },
              { id: 'a', kind: 'count' },
            ],
          },
        }),
      ),
    ).toContain('"a" appears twice');
    expect(
      specError(() =>
        createStats({
          table: t,
          spec: { aggregates: [], missing: [{ id: 'm', audience: {}, respondentColumn: who }] },
        }),
      ),
    ).toContain('workspace index');
    expect(
      specError(() =>
        createStats({
          table: t,
          index: new WorkspaceIndex(new Y.Doc()),
          spec: {
            aggregates: [],
            missing: [{ id: 'm', audience: {}, respondentColumn: who, period: '2020-02-03' }],
          },
        }),
      ),
    ).toContain('both periodColumn and period');
  });

  it('reports an aggregate the columns stopped fitting, and recovers when they fit again', () => {
    const { t, temp } = table();
    t.addRow({ [temp]: 37 });
    const stats = createStats({
      table: t,
      spec: {
        aggregates: [
          { id: 'mean', kind: 'mean', column: temp },
          { id: 'n', kind: 'count' },
        ],
      },
    });
    t.changeColumnType(temp, 'text');
    expect(stats.current().aggregates.mean).toEqual({
      kind: 'mean',
      error: {
        code: 'InvalidStatsSpec',
        message:
          'Aggregate "mean" (mean) needs a number column; column "temperature" (temperature00000) is text.',
      },
    });
    expect(stats.current().aggregates.n).toEqual({ kind: 'count', value: 1 });
    t.changeColumnType(temp, 'number');
    expect(stats.current().aggregates.mean).toEqual({ kind: 'mean', value: 37 });
  });
});

describe('notifications', () => {
  it('fire once per transaction with the aggregates that changed', () => {
    const { t, temp, note } = table();
    const stats = createStats({
      table: t,
      spec: {
        aggregates: [
          { id: 'sum', kind: 'sum', column: temp },
          { id: 'notes', kind: 'distinct', column: note },
        ],
      },
    });
    const calls: string[][] = [];
    const stop = stats.subscribe((ids) => calls.push([...ids]));
    t.doc.transact(() => {
      for (let i = 0; i < 10; i++) t.addRow({ [temp]: i });
    });
    expect(calls).toEqual([['sum']]);
    const before = stats.current();
    const row = t.rowIds()[0] as string;
    t.setCell(row, note, 'hello');
    expect(calls[1]).toEqual(['notes']);
    // Unchanged figures keep their identity, so a UI can skip them.
    expect(stats.current().aggregates.sum).toBe(before.aggregates.sum);
    // A change the spec does not read (a row move) notifies no one.
    t.moveRow(row);
    expect(calls).toHaveLength(2);
    stop();
    t.setCell(row, temp, 100);
    expect(calls).toHaveLength(2);
    expect(stats.current().aggregates.sum).toEqual({ kind: 'sum', value: 145 });
  });

  it('apply remote updates and stop after destroy', () => {
    const { t, temp } = table();
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(t.doc));
    const stats = createStats({
      table: t,
      spec: { aggregates: [{ id: 'max', kind: 'max', column: temp }] },
    });
    const calls: string[][] = [];
    stats.subscribe((ids) => calls.push([...ids]));
    remote.on('update', (u: Uint8Array) => Y.applyUpdate(t.doc, u));
    const other = new Table(remote);
    other.addRow({ [temp]: 39.5 });
    expect(stats.current().aggregates.max).toEqual({ kind: 'max', value: 39.5 });
    expect(calls).toEqual([['max']]);
    stats.destroy();
    other.addRow({ [temp]: 41 });
    expect(calls).toHaveLength(1);
  });
});
