/**
 * Forms benchmark: roster import of 10,000 people (CSV and XLSX), projection of 10,000
 * submissions, and export of the resulting table to CSV and XLSX. Prints timings and writes
 * bench/results/forms.json at the repository root. Run: `pnpm --filter @muster/forms bench:forms`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId, Table, WorkspaceIndex } from '@muster/core';
import ExcelJS from 'exceljs';
import * as Y from 'yjs';
import {
  applyRosterImport,
  parseRosterCsv,
  parseRosterXlsx,
  planRosterImport,
  projectSubmission,
  SubmissionDoc,
  tableSheet,
  toCsv,
  toXlsx,
  type FormSnapshot,
} from '../src/index';

const PEOPLE = 10_000;
const results: Record<string, number> = {};

async function time<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  const ms = Math.round((performance.now() - t0) * 10) / 10;
  results[name] = ms;
  console.log(`${name.padEnd(36)} ${ms.toFixed(1).padStart(9)} ms`);
  return out;
}

function rosterRows(): string[][] {
  const rows = [['姓名', '部门', '手机', '邮箱']];
  for (let i = 0; i < PEOPLE; i++) {
    rows.push([
      `员工${i}`,
      `医院/科室${i % 40}/病区${i % 400}`,
      `1${3000000000 + i}`,
      `p${i}@example.com`,
    ]);
  }
  return rows;
}

const rows = rosterRows();
const csv = rows.map((r) => r.join(',')).join('\n');

const index = new WorkspaceIndex(new Y.Doc());
const table1 = await time('roster csv: parse', () => parseRosterCsv(csv));
const plan = await time('roster csv: dry run', () => planRosterImport(index, table1));
await time('roster csv: apply', () => applyRosterImport(index, plan));
results['roster csv: total'] =
  Math.round(
    (results['roster csv: parse']! +
      results['roster csv: dry run']! +
      results['roster csv: apply']!) *
      10,
  ) / 10;
console.log(
  `${'roster csv: total'.padEnd(36)} ${results['roster csv: total']!.toFixed(1).padStart(9)} ms`,
);

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('roster');
for (const r of rows) ws.addRow(r);
const xlsx = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
const index2 = new WorkspaceIndex(new Y.Doc());
const table2 = await time('roster xlsx: parse', () => parseRosterXlsx(xlsx));
await time('roster xlsx: dry run + apply', () =>
  applyRosterImport(index2, planRosterImport(index2, table2)),
);

const TEMP = newId();
const NOTE = newId();
const form: FormSnapshot = {
  title: 'bench',
  description: '',
  sections: [],
  questions: [
    { id: TEMP, type: 'temperature', title: '体温', required: true },
    { id: NOTE, type: 'shortText', title: '备注' },
  ],
  schedule: { kind: 'once', opensAt: null, closesAt: null },
  audience: { anyone: true },
  anonymous: false,
  tableId: null,
};
const table = new Table(new Y.Doc());
const members = index.members();
const subs = members.map((m) => {
  const s = new SubmissionDoc(new Y.Doc());
  s.setAnswers('once', { [TEMP]: 36 + (m.name.length % 10) / 10, [NOTE]: m.name });
  s.submit('once', 0);
  return { id: m.id, s };
});
await time(`project ${PEOPLE} submissions`, () => {
  for (const { id, s } of subs)
    projectSubmission({ form, submission: s, table, respondent: id, index, now: Date.now() });
});
await time(`re-project ${PEOPLE} (no-op)`, () => {
  for (const { id, s } of subs)
    projectSubmission({ form, submission: s, table, respondent: id, index, now: Date.now() });
});
const sheet = await time(`export sheet of ${PEOPLE} rows`, () =>
  tableSheet(table, { index, timeZone: 'Asia/Shanghai' }),
);
const csvOut = await time('export csv', () => toCsv(sheet));
const xlsxOut = await time('export xlsx', () => toXlsx(sheet));
results['csv bytes'] = csvOut.length;
results['xlsx bytes'] = xlsxOut.length;

const out = join(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/forms.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, people: PEOPLE, ms: results },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
