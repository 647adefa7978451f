import {
  convertValue,
  validateCell,
  type CellValue,
  type ColumnShape,
  type WorkspaceIndex,
} from '@muster/core';

/** Names of people and departments, for showing and reading person and department cells. */
export interface Directory {
  personName(id: string): string | undefined;
  departmentName(id: string): string | undefined;
  /** A person's id by exact name (or id); undefined when none or ambiguous. */
  personByName(name: string): string | undefined;
  /** A department's id by name, path (`内科/三病区`) or id. */
  departmentByName(name: string): string | undefined;
}

/** A directory read from the workspace index (people by member name, departments by path). */
export function indexDirectory(index: WorkspaceIndex | null): Directory {
  const people = new Map<string, string | null>();
  const depts = new Map<string, string>();
  const tree = index?.orgTree();
  for (const m of index?.members() ?? []) {
    people.set(m.name, people.has(m.name) ? null : m.id);
    people.set(m.id, m.id);
  }
  for (const [id, d] of tree?.departments ?? []) {
    depts.set(tree!.pathOf(id), id);
    if (!depts.has(d.name)) depts.set(d.name, id);
    depts.set(id, id);
  }
  return {
    personName: (id) => index?.member(id)?.name,
    departmentName: (id) => {
      const live = tree?.resolve(id);
      return live ? tree!.pathOf(live) : undefined;
    },
    personByName: (name) => people.get(name) ?? undefined,
    departmentByName: (name) => depts.get(name.replace(/\s*[/／>＞]\s*/g, '/')),
  };
}

/** The text a cell shows and copies: option names, people's names, department paths. */
export function cellText(column: ColumnShape, value: CellValue, dir: Directory): string {
  if (value === null) return '';
  const optionName = (id: string) => column.options.find((o) => o.id === id)?.name ?? '';
  switch (column.type) {
    case 'singleSelect':
      return optionName(value as string);
    case 'multiSelect':
      return (value as readonly string[]).map(optionName).join(', ');
    case 'checkbox':
      return value ? 'TRUE' : 'FALSE';
    case 'person':
      return dir.personName(value as string) ?? (value as string);
    case 'department':
      return dir.departmentName(value as string) ?? (value as string);
    default:
      return String(value);
  }
}

/** Why pasted or imported text did not fit a column. */
export type TextProblem = { ok: true; value: CellValue } | { ok: false; message: string };

function normaliseDate(text: string): string {
  // 2026/3/5, 2026.3.5 and 2026年3月5日 are how people type dates in Excel and WPS.
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text;
}

function normaliseDateTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?$/.exec(text);
  return m ? `${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}.000Z` : text;
}

/**
 * Read text typed, pasted or imported into a column: numbers with thousands separators, TRUE/是,
 * option names (comma-separated for multi-select), dates as 2026-03-05 or 2026/3/5, date-times
 * (read as UTC, the zone exports write), people by name and departments by path. Empty text is an
 * empty cell. A leading apostrophe (how exports protect formula-like text) is dropped.
 */
export function parseCellText(column: ColumnShape, raw: string, dir: Directory): TextProblem {
  let text = column.type === 'text' ? raw : raw.trim();
  if (/^'[=+\-@]/.test(text)) text = text.slice(1);
  if (text === '') return { ok: true, value: null };
  let candidate: unknown = text;
  switch (column.type) {
    case 'number': {
      const n = Number(text.replace(/[,，\s]/g, ''));
      candidate = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : n;
      break;
    }
    case 'date':
      candidate = normaliseDate(text);
      break;
    case 'dateTime':
      candidate = normaliseDateTime(text);
      break;
    case 'person':
      candidate = dir.personByName(text) ?? text;
      break;
    case 'department':
      candidate = dir.departmentByName(text) ?? text;
      break;
    default:
  }
  const direct = validateCell(column, candidate);
  if (direct.ok) return { ok: true, value: direct.value };
  const converted = convertValue(candidate, null, column);
  if (converted !== undefined) return { ok: true, value: converted };
  return { ok: false, message: direct.error.message };
}

/** Option names in `texts` that a select column does not have yet (in first-seen order). */
export function unknownOptions(column: ColumnShape, texts: Iterable<string>): string[] {
  if (column.type !== 'singleSelect' && column.type !== 'multiSelect') return [];
  const known = new Set(column.options.map((o) => o.name));
  const out: string[] = [];
  for (const raw of texts) {
    const parts = column.type === 'multiSelect' ? raw.split(/[,，;；]/) : [raw];
    for (const p of parts) {
      const name = p.trim();
      if (name && name.length <= 100 && !known.has(name)) {
        known.add(name);
        out.push(name);
      }
    }
  }
  return out;
}
