import type { CellValue, ColumnType, Table } from '@muster/core';
import type { Question } from './questions';

/**
 * Column ids of the fixed columns every linked table has. Deterministic (and never a question id,
 * which cannot start with "muster"), so every replica and process maps the same way.
 */
export const FixedColumn = {
  respondent: 'muster-respondent',
  department: 'muster-department',
  periodKey: 'muster-period-key',
  submittedAt: 'muster-submitted-at',
  updatedAt: 'muster-updated-at',
  /** Hidden: grows by one whenever the projector changes the row; receipts report it. */
  rowVersion: 'muster-row-version',
} as const;

const FIXED: { id: string; name: string; type: ColumnType; hidden?: boolean }[] = [
  { id: FixedColumn.respondent, name: '填写人 Respondent', type: 'person' },
  { id: FixedColumn.department, name: '部门 Department', type: 'department' },
  { id: FixedColumn.periodKey, name: '周期 Period', type: 'text' },
  { id: FixedColumn.submittedAt, name: '提交时间 Submitted at', type: 'dateTime' },
  { id: FixedColumn.updatedAt, name: '更新时间 Updated at', type: 'dateTime' },
  { id: FixedColumn.rowVersion, name: 'Row version', type: 'number', hidden: true },
];

/** The column holding a multiple-choice question's "other" text. */
export function otherColumnId(questionId: string): string {
  return `${questionId}_other`;
}

function columnTypeOf(q: Question): ColumnType {
  switch (q.type) {
    case 'number':
    case 'temperature':
    case 'rating':
      return 'number';
    case 'singleChoice':
      return 'singleSelect';
    case 'multipleChoice':
      return 'multiSelect';
    case 'yesNo':
    case 'acknowledgement':
      return 'checkbox';
    case 'date':
      return 'date';
    case 'department':
      return 'department';
    case 'person':
      return 'person';
    default:
      return 'text';
  }
}

interface WantedColumn {
  id: string;
  name: string;
  type: ColumnType;
  options: { id: string; name: string }[];
}

function columnName(q: Question): string {
  const unit =
    q.type === 'number' && q.unit ? ` (${q.unit})` : q.type === 'temperature' ? ' (°C)' : '';
  return (q.title + unit).slice(0, 200);
}

/** The columns a question maps to (one, or two for multiple choice with "other"). */
export function columnsForQuestion(q: Question): WantedColumn[] {
  const options =
    q.type === 'singleChoice' || q.type === 'multipleChoice'
      ? q.choices.map((c) => ({ id: c.id, name: c.label }))
      : [];
  const main = { id: q.id, name: columnName(q), type: columnTypeOf(q), options };
  if (q.type === 'multipleChoice' && q.allowOther) {
    return [
      main,
      {
        id: otherColumnId(q.id),
        name: `${columnName(q)} · 其他 Other`.slice(0, 200),
        type: 'text',
        options: [],
      },
    ];
  }
  return [main];
}

/** The table cells of a validated answer (null clears the cell). */
export function cellsForAnswer(q: Question, value: unknown): Record<string, CellValue> {
  if (value === undefined || value === null) {
    const out: Record<string, CellValue> = { [q.id]: null };
    if (q.type === 'multipleChoice' && q.allowOther) out[otherColumnId(q.id)] = null;
    return out;
  }
  switch (q.type) {
    case 'multipleChoice': {
      const a = value as { choices: string[]; other: string | null };
      const out: Record<string, CellValue> = { [q.id]: a.choices };
      if (q.allowOther) out[otherColumnId(q.id)] = a.other;
      return out;
    }
    case 'location': {
      const l = value as { text: string; region: string[] | null };
      const text = l.region ? `${l.region.join('/')} ${l.text}`.trim() : l.text;
      return { [q.id]: text === '' ? null : text };
    }
    default:
      return { [q.id]: value as CellValue };
  }
}

const LINK_MAP = 'formLink';

/**
 * Bring the linked table's columns in line with the form: fixed columns first, then one typed
 * column per question (named, typed and with options as the question says). Columns of removed
 * questions are hidden, never deleted, so their data stays. Idempotent; writes only differences.
 * Which columns belong to questions is recorded in the table doc's Y.Map `formLink`, so columns
 * people add to the table by hand are left alone.
 */
export function syncTableColumns(table: Table, questions: readonly Question[]): void {
  const link = table.doc.getMap<string>(LINK_MAP);
  table.doc.transact(() => {
    for (const f of FIXED) {
      if (!table.column(f.id))
        table.addColumn({ id: f.id, name: f.name, type: f.type, hidden: f.hidden === true });
    }
    const wanted = new Set<string>();
    for (const q of questions) {
      for (const w of columnsForQuestion(q)) {
        wanted.add(w.id);
        link.set(w.id, q.id);
        const c = table.column(w.id);
        if (!c) {
          table.addColumn({ id: w.id, name: w.name, type: w.type, options: w.options });
          continue;
        }
        if (c.type !== w.type)
          table.changeColumnType(w.id, w.type, w.type.endsWith('Select') ? w.options : undefined);
        else if (w.type.endsWith('Select') && !sameOptions(c.options, w.options))
          table.setColumnOptions(w.id, w.options);
        if (c.name !== w.name) table.renameColumn(w.id, w.name);
        if (c.hidden) table.setColumnHidden(w.id, false);
      }
    }
    for (const colId of link.keys()) {
      if (!wanted.has(colId) && table.column(colId) && !table.column(colId)?.hidden)
        table.setColumnHidden(colId, true);
    }
  });
}

function sameOptions(
  a: readonly { id: string; name: string }[],
  b: readonly { id: string; name: string }[],
): boolean {
  return a.length === b.length && a.every((o, i) => o.id === b[i]?.id && o.name === b[i]?.name);
}
