import { createStats, Table, WorkspaceIndex } from '@muster/core';
import {
  formFromSnapshot,
  instantiateTemplate,
  projectSubmission,
  SubmissionDoc,
  syncTableColumns,
} from '@muster/forms';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDashboardConfig, writeFlagRules } from './config';
import { buildDashboardSpec, columnIds, StatId } from './spec';
import {
  departmentTree,
  flagCounts,
  flaggedRows,
  overall,
  questionChart,
  questionParts,
} from './view-model';

const zone = 'Asia/Shanghai';
const day = '2026-11-23';
const at = Date.UTC(2026, 10, 23, 0, 30); // 08:30 in Shanghai

function setup() {
  const index = new WorkspaceIndex(new Y.Doc());
  index.setMeta({ name: 'Hospital', timeZone: zone });
  const hospital = index.addDepartment({ name: 'Hospital' });
  const ward = index.addDepartment({ name: 'Ward 3', parent: hospital });
  const lab = index.addDepartment({ name: 'Lab', parent: hospital });
  const people = {
    wang: index.addMember({ name: 'Wang', department: ward }),
    li: index.addMember({ name: 'Li', department: ward }),
    zhao: index.addMember({ name: 'Zhao', department: lab }),
  };
  const snap = instantiateTemplate('healthCheckIn', 'en', { timeZone: zone });
  const formDoc = new Y.Doc();
  const form = formFromSnapshot(formDoc, {
    ...snap,
    audience: { anyone: false, departments: [hospital], people: [] },
  });
  const table = new Table(new Y.Doc());
  syncTableColumns(table, form.questions());
  const q = (title: string) => form.questions().find((x) => x.title.startsWith(title))!;
  const temp = q("Today's temperature");
  const symptoms = q('Symptoms');
  const contact = q('Contact');
  const mode = q('Working');
  const none = 'choices' in symptoms ? symptoms.choices[0]!.id : '';
  const onsite = 'choices' in mode ? mode.choices[0]!.id : '';
  const submit = (who: string, t: number, hasContact = false) => {
    const sub = new SubmissionDoc(new Y.Doc());
    sub.setAnswers(day, {
      [temp.id]: t,
      [symptoms.id]: { choices: [none], other: null },
      [q('Where').id]: { text: 'Wuhan', region: null },
      [contact.id]: hasContact,
      [mode.id]: onsite,
    });
    sub.submit(day, at);
    const out = projectSubmission({
      form: form.snapshot(),
      submission: sub,
      table,
      respondent: who,
      index,
      now: at,
    });
    expect([...out.written.values()][0]?.status).toBe('accepted');
  };
  return { index, form, formDoc, table, people, temp, contact, submit, ward, lab };
}

describe('dashboard statistics', () => {
  it('counts, flags, charts and the missing list per department follow submissions live', () => {
    const s = setup();
    writeFlagRules(s.formDoc, [
      { question: s.temp.id, op: 'gte', value: 37.3 },
      { question: s.contact.id, op: 'eq', value: true },
    ]);
    const config = readDashboardConfig(s.formDoc);
    expect(config.flags).toHaveLength(2);
    s.submit(s.people.wang, 36.6);
    s.submit(s.people.zhao, 37.8);
    const spec = buildDashboardSpec({
      form: s.form.snapshot(),
      period: day,
      flags: config.flags,
      columns: columnIds(s.table),
    });
    const stats = createStats({ table: s.table, index: s.index, spec });
    let snap = stats.current();
    expect(snap.aggregates[StatId.responses]).toMatchObject({ value: 2 });
    expect(overall(snap)).toMatchObject({
      expected: 3,
      submitted: 2,
      missing: 1,
      missingMembers: [s.people.li],
    });
    const tree = departmentTree(snap, s.index.orgTree());
    const wardNode = tree[0]!.children.find((n) => n.id === s.ward)!;
    expect(wardNode.counts).toMatchObject({ expected: 2, submitted: 1 });
    expect(wardNode.missingMembers).toEqual([s.people.li]);
    expect(tree[0]!.counts).toMatchObject({ expected: 3, submitted: 2 });
    expect(flagCounts(snap, config.flags)).toEqual([1, 0]);
    expect(flaggedRows(s.table, day, config.flags).map((r) => r.respondent)).toEqual([
      s.people.zhao,
    ]);
    const chart = questionChart(s.temp, questionParts(snap, s.temp.id), { yes: 'Y', no: 'N' });
    expect(chart.data.map((d) => d.value)).toEqual([0, 0, 1, 0, 1, 0, 0]); // 36.6 in 36.5–37, 37.8 in 37.3–38
    expect(chart.mean).toBeCloseTo(37.2);

    const seen: (readonly string[])[] = [];
    stats.subscribe((changed) => seen.push(changed));
    const before = snap;
    s.submit(s.people.li, 36.4, true);
    snap = stats.current();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain(StatId.missing);
    expect(seen[0]).toContain(StatId.flag(1));
    expect(seen[0]).not.toContain(StatId.flag(0));
    // An unchanged aggregate keeps its identity, so its chart is not redrawn.
    expect(snap.aggregates[StatId.flag(0)]).toBe(before.aggregates[StatId.flag(0)]);
    expect(overall(snap)).toMatchObject({ submitted: 3, missing: 0, rate: 1 });
    expect(
      flaggedRows(s.table, day, config.flags)
        .map((r) => r.respondent)
        .sort(),
    ).toEqual([s.people.zhao, s.people.li].sort());
    stats.destroy();
  });

  it('leaves out aggregates whose columns the table does not have yet', () => {
    const s = setup();
    const empty = new Table(new Y.Doc());
    expect(
      buildDashboardSpec({
        form: s.form.snapshot(),
        period: day,
        flags: [],
        columns: columnIds(empty),
      }),
    ).toEqual({ aggregates: [] });
  });

  it('refuses bad flag rules and ignores unreadable stored ones', () => {
    const doc = new Y.Doc();
    expect(() => writeFlagRules(doc, [{ question: '', op: 'gte', value: 1 }])).toThrow(
      /Flag rule 1/,
    );
    doc.getMap('dashboard').set('flags', [
      { question: 'x', op: 'drop table', value: 1 },
      { question: 'y', op: 'eq', value: true },
    ]);
    expect(readDashboardConfig(doc).flags).toEqual([{ question: 'y', op: 'eq', value: true }]);
  });
});
