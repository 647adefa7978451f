import { MAX_NAME_LENGTH, type WorkspaceIndex } from '@muster/core';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { FormsError, FormsErrorCode } from './errors';

/** A roster file's data rows; `line` is the line number people see in the file (header = 1). */
export interface RosterRecord {
  line: number;
  fields: Record<string, string>;
}

export interface RosterTable {
  headers: string[];
  records: RosterRecord[];
}

/** Why a line of a roster cannot be imported. */
export const RosterErrorCode = {
  unknownColumn: 'unknownColumn',
  missingColumn: 'missingColumn',
  missingName: 'missingName',
  badPath: 'badPath',
  badValue: 'badValue',
  duplicatePerson: 'duplicatePerson',
} as const;
export type RosterErrorCode = (typeof RosterErrorCode)[keyof typeof RosterErrorCode];

export interface RosterError {
  line: number;
  code: RosterErrorCode;
  message: string;
}

/** A person the import will add. */
export interface RosterPerson {
  line: number;
  name: string;
  /** Department path, e.g. `医院/内科/三病区`. */
  path: string[];
  phone: string | null;
  email: string | null;
}

/** The dry-run report; apply it only when `errors` is empty. */
export interface RosterPlan {
  errors: RosterError[];
  people: RosterPerson[];
  /** Lines skipped because the same person is already in the directory. */
  existing: number[];
  /** Department paths that do not exist yet and will be created, parents first. */
  newDepartments: string[];
}

/** Most people one import may hold. */
export const MAX_ROSTER_ROWS = 100_000;
const MAX_DEPTH = 20;

// Accepted header names (case-insensitive, trimmed) for each field.
const COLUMNS: Record<'name' | 'department' | 'phone' | 'email', string[]> = {
  name: ['name', '姓名', '名字'],
  department: ['department', 'dept', '部门', '部门路径', '科室'],
  phone: ['phone', 'mobile', '手机', '手机号', '电话'],
  email: ['email', 'e-mail', '邮箱', '电子邮箱'],
};

function fieldOf(header: string): keyof typeof COLUMNS | null {
  const h = header.trim().toLowerCase();
  for (const [field, names] of Object.entries(COLUMNS))
    if (names.includes(h)) return field as keyof typeof COLUMNS;
  return null;
}

function tooMany(n: number): FormsError {
  return new FormsError(
    FormsErrorCode.InvalidImport,
    `The roster has ${n} rows; import at most ${MAX_ROSTER_ROWS} at a time.`,
  );
}

/** Read a roster CSV (UTF-8, BOM optional, comma/semicolon/tab separated). */
export function parseRosterCsv(text: string): RosterTable {
  const r = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const rows = r.data;
  if (rows.length === 0 || !rows[0] || rows[0].every((h) => h.trim() === '')) {
    throw new FormsError(
      FormsErrorCode.InvalidImport,
      'The roster file is empty: the first line must name the columns.',
    );
  }
  if (rows.length - 1 > MAX_ROSTER_ROWS) throw tooMany(rows.length - 1);
  const headers = rows[0].map((h) => h.trim());
  const records: RosterRecord[] = [];
  rows.slice(1).forEach((row, i) => {
    if (row.every((c) => c.trim() === '')) return;
    const fields: Record<string, string> = {};
    headers.forEach((h, j) => (fields[h] = (row[j] ?? '').trim()));
    records.push({ line: i + 2, fields });
  });
  return { headers, records };
}

function cellString(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
  }
  return String(v);
}

/** Read the first sheet of a roster XLSX. */
export async function parseRosterXlsx(bytes: Uint8Array): Promise<RosterTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new FormsError(
      FormsErrorCode.InvalidImport,
      `This is not a readable XLSX file (${(e as Error).message}).`,
    );
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount === 0) {
    throw new FormsError(
      FormsErrorCode.InvalidImport,
      'The workbook has no rows: the first row must name the columns.',
    );
  }
  if (ws.rowCount - 1 > MAX_ROSTER_ROWS) throw tooMany(ws.rowCount - 1);
  const width = ws.columnCount;
  const read = (n: number) =>
    Array.from({ length: width }, (_, j) => cellString(ws.getRow(n).getCell(j + 1).value).trim());
  const headers = read(1);
  const records: RosterRecord[] = [];
  for (let n = 2; n <= ws.rowCount; n++) {
    const row = read(n);
    if (row.every((c) => c === '')) continue;
    const fields: Record<string, string> = {};
    headers.forEach((h, j) => (fields[h] = row[j] ?? ''));
    records.push({ line: n, fields });
  }
  return { headers, records };
}

const PHONE = /^\+?[0-9][0-9 -]{5,19}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function splitPath(raw: string): string[] | string {
  if (raw === '') return 'the department path is empty';
  const parts = raw.split(/[/／>＞]/).map((p) => p.trim());
  if (parts.some((p) => p === ''))
    return `"${raw}" has an empty level; write it like 医院/内科/三病区`;
  if (parts.length > MAX_DEPTH) return `"${raw}" is deeper than ${MAX_DEPTH} levels`;
  const long = parts.find((p) => p.length > MAX_NAME_LENGTH);
  if (long)
    return `department name "${long.slice(0, 40)}…" is longer than ${MAX_NAME_LENGTH} characters`;
  return parts;
}

/**
 * Dry run: check every line against the directory and report errors by line (unknown or missing
 * columns, missing names, bad department paths, bad phone/email, the same person twice) without
 * changing anything. People already in the directory (same name in the same department) are
 * listed as `existing` and skipped, so importing the same file twice adds nobody.
 */
export function planRosterImport(index: WorkspaceIndex, roster: RosterTable): RosterPlan {
  const errors: RosterError[] = [];
  const fieldFor = new Map<string, keyof typeof COLUMNS>();
  for (const h of roster.headers) {
    const f = fieldOf(h);
    if (f === null) {
      if (h !== '')
        errors.push({
          line: 1,
          code: 'unknownColumn',
          message: `Unknown column "${h}"; use name/姓名, department/部门, phone/手机, email/邮箱.`,
        });
    } else fieldFor.set(h, f);
  }
  const have = new Set(fieldFor.values());
  for (const required of ['name', 'department'] as const) {
    if (!have.has(required))
      errors.push({
        line: 1,
        code: 'missingColumn',
        message: `The roster needs a "${COLUMNS[required][0]}" (${COLUMNS[required][1]}) column.`,
      });
  }
  if (errors.length > 0) return { errors, people: [], existing: [], newDepartments: [] };

  const tree = index.orgTree();
  const knownPaths = new Set<string>();
  for (const id of tree.departments.keys()) knownPaths.add(tree.pathOf(id));
  const present = new Set<string>();
  const byPhone = new Map<string, number>();
  const byEmail = new Map<string, number>();
  for (const m of index.members()) {
    const d = index.departmentOf(m.id);
    present.add(`${m.name}\u0000${d === null ? '' : tree.pathOf(d)}`);
    if (m.phone) byPhone.set(m.phone, 0);
    if (m.email) byEmail.set(m.email.toLowerCase(), 0);
  }
  const seen = new Map<string, number>();
  const people: RosterPerson[] = [];
  const existing: number[] = [];
  const newPaths = new Set<string>();
  for (const rec of roster.records) {
    const get = (f: keyof typeof COLUMNS) => {
      for (const [h, field] of fieldFor)
        if (field === f && rec.fields[h]) return rec.fields[h] as string;
      return '';
    };
    const name = get('name');
    const err = (code: RosterErrorCode, message: string) =>
      errors.push({ line: rec.line, code, message });
    if (name === '') {
      err('missingName', 'The name is empty.');
      continue;
    }
    if (name.length > MAX_NAME_LENGTH) {
      err('badValue', `The name is longer than ${MAX_NAME_LENGTH} characters.`);
      continue;
    }
    const path = splitPath(get('department'));
    if (typeof path === 'string') {
      err('badPath', `Bad department path: ${path}.`);
      continue;
    }
    const phone = get('phone') || null;
    const email = get('email') || null;
    if (phone !== null && !PHONE.test(phone)) {
      err('badValue', `"${phone.slice(0, 40)}" is not a phone number.`);
      continue;
    }
    if (email !== null && !EMAIL.test(email)) {
      err('badValue', `"${email.slice(0, 60)}" is not an email address.`);
      continue;
    }
    const pathText = path.join('/');
    const key = `${name}\u0000${pathText}`;
    const dupOf =
      seen.get(key) ??
      (phone !== null ? byPhone.get(phone) : undefined) ??
      (email !== null ? byEmail.get(email.toLowerCase()) : undefined);
    if (present.has(key)) {
      existing.push(rec.line);
      continue;
    }
    if (dupOf !== undefined) {
      err(
        'duplicatePerson',
        dupOf === 0
          ? `${name} has the phone or email of someone already in the directory.`
          : `${name} is the same person as on line ${dupOf}.`,
      );
      continue;
    }
    seen.set(key, rec.line);
    if (phone !== null) byPhone.set(phone, rec.line);
    if (email !== null) byEmail.set(email.toLowerCase(), rec.line);
    for (let i = 1; i <= path.length; i++) {
      const p = path.slice(0, i).join('/');
      if (!knownPaths.has(p)) newPaths.add(p);
    }
    people.push({ line: rec.line, name, path, phone, email });
  }
  // Parents before children: a prefix always sorts before its extensions by depth.
  const newDepartments = [...newPaths].sort(
    (a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1),
  );
  return { errors, people, existing, newDepartments };
}

/** What {@link applyRosterImport} added. */
export interface RosterApplied {
  departments: number;
  people: number;
}

/**
 * Apply a dry-run plan in one Yjs transaction: create missing departments, then add the people.
 * Refuses a plan with errors (fix the file and plan again).
 */
export function applyRosterImport(index: WorkspaceIndex, plan: RosterPlan): RosterApplied {
  if (plan.errors.length > 0) {
    throw new FormsError(
      FormsErrorCode.InvalidImport,
      `The roster has ${plan.errors.length} problem(s); fix them and run the dry run again.`,
      plan.errors,
    );
  }
  const tree = index.orgTree();
  const idOfPath = new Map<string, string>();
  for (const id of tree.departments.keys()) {
    const p = tree.pathOf(id);
    // Two departments with the same path: use the first by id, the same choice on every run.
    if (!idOfPath.has(p) || (idOfPath.get(p) as string) > id) idOfPath.set(p, id);
  }
  let departments = 0;
  index.doc.transact(() => {
    for (const path of plan.newDepartments) {
      if (idOfPath.has(path)) continue;
      const cut = path.lastIndexOf('/');
      const parent = cut < 0 ? null : (idOfPath.get(path.slice(0, cut)) ?? null);
      idOfPath.set(path, index.addDepartment({ name: path.slice(cut + 1), parent }));
      departments++;
    }
    for (const p of plan.people) {
      index.addMember({
        name: p.name,
        department: idOfPath.get(p.path.join('/')) ?? null,
        phone: p.phone,
        email: p.email,
      });
    }
  });
  return { departments, people: plan.people.length };
}
