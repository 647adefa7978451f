import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dailySchedule, Table, WorkspaceIndex } from '@muster/core';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import Papa from 'papaparse';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSoffice } from '../test/soffice';
import { fcOptions } from '../test/support';
import { formResultsSheet, tableSheet, toCsv, toXlsx } from './export';
import { escapeFormula } from './formula';
import { FixedColumn } from './linked-table';

function sample() {
  const index = new WorkspaceIndex(new Y.Doc());
  const hospital = index.addDepartment({ name: '医院' });
  const ward = index.addDepartment({
    name: '三病区',
    parent: index.addDepartment({ name: '内科', parent: hospital }),
  });
  const wang = index.addMember({ name: '王芳', department: ward });
  const table = new Table(new Y.Doc());
  table.title = '健康打卡';
  const name = table.addColumn({ name: '姓名', type: 'text' });
  const temp = table.addColumn({ name: '体温 (°C)', type: 'number' });
  const mode = table.addColumn({
    name: '方式',
    type: 'singleSelect',
    options: [{ name: '现场' }, { name: '远程' }],
  });
  const day = table.addColumn({ name: '返岗日期', type: 'date' });
  const at = table.addColumn({ name: '提交时间', type: 'dateTime' });
  const ok = table.addColumn({ name: '已阅读', type: 'checkbox' });
  const who = table.addColumn({ name: '填写人', type: 'person' });
  const dept = table.addColumn({ name: '部门', type: 'department' });
  const period = table.addColumn({ name: '周期', type: 'text', id: FixedColumn.periodKey });
  const secret = table.addColumn({ name: '隐藏', type: 'text', hidden: true });
  const [remote] = [table.columns().find((c) => c.id === mode)?.options[1]?.id as string];
  table.addRow({
    [name]: '王芳',
    [temp]: 36.6,
    [mode]: remote,
    [day]: '2020-02-10',
    [at]: '2020-02-09T23:30:00.000Z',
    [ok]: true,
    [who]: wang,
    [dept]: ward,
    [period]: '2020-02-10',
    [secret]: 'x',
  });
  table.addRow({
    [name]: '=HYPERLINK("http://evil.example","点我")',
    [temp]: -1.5,
    [day]: '2020-02-11',
    [period]: '2020-02-11',
  });
  table.addRow({ [name]: '@SUM(A1)', [temp]: 1234567.25, [ok]: false, [period]: '2020-02-12' });
  return { index, table };
}

describe('escapeFormula', () => {
  it('escapes text starting with = + - @ tab or CR, and nothing else', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = escapeFormula(s);
        if (s !== '' && '=+-@\t\r'.includes(s[0] as string)) expect(out).toBe(`'${s}`);
        else expect(out).toBe(s);
      }),
      fcOptions('escapeFormula'),
    );
    expect(escapeFormula('-5')).toBe("'-5");
    expect(escapeFormula('\tcmd')).toBe("'\tcmd");
  });
});

describe('CSV export', () => {
  it('starts with a BOM, keeps Chinese, escapes formulas, resolves names and paths', () => {
    const { index, table } = sample();
    const csv = toCsv(tableSheet(table, { index, timeZone: 'Asia/Shanghai' }));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual([
      '姓名',
      '体温 (°C)',
      '方式',
      '返岗日期',
      '提交时间',
      '已阅读',
      '填写人',
      '部门',
      '周期',
    ]);
    expect(rows[1]).toEqual([
      '王芳',
      '36.6',
      '远程',
      '2020-02-10',
      '2020-02-10 07:30:00',
      'TRUE',
      '王芳',
      '医院/内科/三病区',
      '2020-02-10',
    ]);
    expect(rows[2]?.[0]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(rows[2]?.[1]).toBe('-1.5');
    expect(rows[3]?.[0]).toBe("'@SUM(A1)");
  });

  it('selects one period, a date range, or a view', () => {
    const { table } = sample();
    const form = { title: '打卡', schedule: dailySchedule('Asia/Shanghai') };
    const names = (s: ReturnType<typeof tableSheet>) => s.rows.map((r) => r[8]);
    expect(names(formResultsSheet(table, form, { period: '2020-02-11' }))).toEqual([
      { kind: 'text', value: '2020-02-11' },
    ]);
    expect(
      formResultsSheet(table, form, { from: '2020-02-11', to: '2020-02-12' }).rows,
    ).toHaveLength(2);
    const temp = table.columns()[1]?.id as string;
    const view = {
      filter: {
        mode: 'and' as const,
        conditions: [{ column: temp, op: 'lt' as const, value: 37 }],
      },
      sort: [{ column: temp, direction: 'asc' as const }],
    };
    expect(formResultsSheet(table, form, { view }).rows.map((r) => r[1])).toEqual([
      { kind: 'number', value: -1.5 },
      { kind: 'number', value: 36.6 },
    ]);
    expect(() => formResultsSheet(table, form, { from: '2020-03-02', to: '2020-03-01' })).toThrow(
      /No periods/,
    );
  });
});

describe('XLSX export', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes typed cells (numbers, booleans, dates) that exceljs reads back', async () => {
    const { index, table } = sample();
    const bytes = await toXlsx(tableSheet(table, { index, timeZone: 'Asia/Shanghai' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.name).toBe('健康打卡');
    expect(ws.getCell('B2').value).toBe(36.6);
    expect(ws.getCell('F2').value).toBe(true);
    expect(ws.getCell('D2').value).toEqual(new Date('2020-02-10T00:00:00Z'));
    expect(ws.getCell('D2').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('E2').value).toEqual(new Date('2020-02-10T07:30:00Z'));
    expect(ws.getCell('A3').value).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(ws.getCell('A3').formula).toBeUndefined();
  });

  it(
    'LibreOffice headless converts the XLSX to the same values',
    { timeout: 600_000 },
    async () => {
      const soffice = ensureSoffice();
      const { index, table } = sample();
      const sheet = tableSheet(table, { index, timeZone: 'Asia/Shanghai' });
      const dir = mkdtempSync(join(tmpdir(), 'muster-xlsx-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'out.xlsx'), await toXlsx(sheet));
      // 76 = UTF-8; a private profile dir so a running LibreOffice or a stale lock cannot interfere.
      execFileSync(
        soffice,
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76',
          '--outdir',
          dir,
          join(dir, 'out.xlsx'),
        ],
        { stdio: 'pipe', timeout: 540_000 },
      );
      const converted = Papa.parse<string[]>(
        readFileSync(join(dir, 'out.csv'), 'utf8').replace(/^\uFEFF/, ''),
        { skipEmptyLines: true },
      ).data;
      const ours = Papa.parse<string[]>(toCsv(sheet).slice(1), { skipEmptyLines: true }).data;
      expect(converted).toHaveLength(4);
      expect(converted).toEqual(ours);
    },
  );
});
