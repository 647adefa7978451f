import { WorkspaceIndex } from '@muster/core';
import ExcelJS from 'exceljs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { isFormsError } from './errors';
import { applyRosterImport, parseRosterCsv, parseRosterXlsx, planRosterImport } from './roster';

const CSV = [
  '\uFEFF姓名,部门,手机,邮箱',
  '王芳,医院/内科/三病区,13800138000,wang@example.com',
  '李雷,医院/内科/三病区,,',
  '',
  '韩梅梅,医院／外科,13900139000,',
  ',医院/内科,,',
  '张伟,医院//内科,,',
  '王芳,医院/内科/三病区,,',
  '赵六,医院/外科,13800138000,',
  '钱七,医院/外科,12,',
  '孙八,医院/外科,,not-an-email',
].join('\r\n');

describe('roster import', () => {
  it('dry run reports errors by line and changes nothing', () => {
    const index = new WorkspaceIndex(new Y.Doc());
    const before = Y.encodeStateVector(index.doc);
    const plan = planRosterImport(index, parseRosterCsv(CSV));
    expect(plan.errors.map((e) => [e.line, e.code])).toEqual([
      [6, 'missingName'],
      [7, 'badPath'],
      [8, 'duplicatePerson'],
      [9, 'duplicatePerson'],
      [10, 'badValue'],
      [11, 'badValue'],
    ]);
    expect(plan.errors[2]?.message).toMatch(/same person as on line 2/);
    expect(plan.people.map((p) => p.line)).toEqual([2, 3, 5]);
    expect(plan.newDepartments).toEqual(['医院', '医院/内科', '医院/外科', '医院/内科/三病区']);
    expect(Y.encodeStateVector(index.doc)).toEqual(before);
    expect(() => applyRosterImport(index, plan)).toThrow(/6 problem/);
  });

  it('reports unknown and missing columns on line 1', () => {
    const plan = planRosterImport(
      new WorkspaceIndex(new Y.Doc()),
      parseRosterCsv('name,工号\n王芳,1'),
    );
    expect(plan.errors.map((e) => [e.line, e.code])).toEqual([
      [1, 'unknownColumn'],
      [1, 'missingColumn'],
    ]);
    expect(() => parseRosterCsv('')).toThrow(/empty/);
  });

  it('applies into the org tree, reuses existing departments, and a second import adds nobody', () => {
    const index = new WorkspaceIndex(new Y.Doc());
    const hospital = index.addDepartment({ name: '医院' });
    const good = [
      'name,department,phone,email',
      '王芳,医院/内科/三病区,13800138000,wang@example.com',
      '李雷,医院/内科/三病区,,',
      'Han Meimei,医院/外科,+44 20 7946 0000,',
    ].join('\n');
    const plan = planRosterImport(index, parseRosterCsv(good));
    expect(plan.errors).toEqual([]);
    expect(applyRosterImport(index, plan)).toEqual({ departments: 3, people: 3 });
    const tree = index.orgTree();
    expect(tree.children(hospital).map((id) => tree.pathOf(id))).toEqual([
      '医院/内科',
      '医院/外科',
    ]);
    const wang = index.members().find((m) => m.name === '王芳');
    expect(wang).toMatchObject({ phone: '13800138000', email: 'wang@example.com' });
    expect(tree.pathOf(index.departmentOf(wang?.id as string) as string)).toBe('医院/内科/三病区');
    const again = planRosterImport(index, parseRosterCsv(good));
    expect(again).toMatchObject({
      errors: [],
      people: [],
      existing: [2, 3, 4],
      newDepartments: [],
    });
  });

  it('reads XLSX rosters, including numeric phone cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '部门路径', '手机号']);
    ws.addRow(['王芳', '医院/内科', 13800138000]);
    ws.addRow([]);
    ws.addRow(['李雷', '医院', null]);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const roster = await parseRosterXlsx(bytes);
    expect(roster.records).toEqual([
      { line: 2, fields: { 姓名: '王芳', 部门路径: '医院/内科', 手机号: '13800138000' } },
      { line: 4, fields: { 姓名: '李雷', 部门路径: '医院', 手机号: '' } },
    ]);
    const index = new WorkspaceIndex(new Y.Doc());
    expect(applyRosterImport(index, planRosterImport(index, roster))).toEqual({
      departments: 2,
      people: 2,
    });
    await expect(parseRosterXlsx(new Uint8Array([1, 2, 3]))).rejects.toSatisfy((e) =>
      isFormsError(e, 'InvalidImport'),
    );
  });

  it('imports 10,000 people across 300 departments', () => {
    const lines = ['姓名,部门,手机'];
    for (let i = 0; i < 10_000; i++)
      lines.push(`员工${i},医院/科室${i % 30}/病区${i % 300},1${String(3000000000 + i)}`);
    const index = new WorkspaceIndex(new Y.Doc());
    const plan = planRosterImport(index, parseRosterCsv(lines.join('\n')));
    expect(plan.errors).toEqual([]);
    expect(applyRosterImport(index, plan)).toEqual({ departments: 1 + 30 + 300, people: 10_000 });
    expect(index.members()).toHaveLength(10_000);
  });
});
