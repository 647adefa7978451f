import {
  periodKeysBetween,
  queryRows,
  type CellValue,
  type Column,
  type Table,
  type View,
  type WorkspaceIndex,
} from '@muster/core';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { FormSnapshot } from './definition';
import { FormsError, FormsErrorCode } from './errors';
import { escapeFormula } from './formula';
import { FixedColumn } from './linked-table';

/** A typed export cell: numbers stay numbers, dates stay dates until the file format decides. */
export type ExportCell =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  /** A calendar day, `YYYY-MM-DD`. */
  | { kind: 'date'; value: string }
  /** Wall-clock date and time in the export's time zone, `YYYY-MM-DD HH:mm:ss`. */
  | { kind: 'dateTime'; value: string }
  | { kind: 'empty' };

/** One sheet: header names and rows of typed cells, ready for CSV or XLSX. */
export interface ExportSheet {
  name: string;
  headers: string[];
  rows: ExportCell[][];
}

export interface ExportOptions {
  /** Rows to export, in this order (default: every row in table order). */
  rowIds?: readonly string[];
  /** Include hidden columns (e.g. of removed questions). Default false. */
  includeHidden?: boolean;
  /** The directory, to show people's names and department paths instead of ids. */
  index?: WorkspaceIndex;
  /** Date-times are written as wall-clock time in this IANA zone. Default `UTC`. */
  timeZone?: string;
}

const EMPTY: ExportCell = { kind: 'empty' };

// Building an Intl.DateTimeFormat costs far more than using one; keep one per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(iso: string, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(Date.parse(iso))) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

function exportCell(column: Column, value: CellValue, opts: ExportOptions): ExportCell {
  if (value === null) return EMPTY;
  const names = (ids: readonly string[]) =>
    ids.map((id) => column.options.find((o) => o.id === id)?.name ?? id).join(', ');
  switch (column.type) {
    case 'number':
      return { kind: 'number', value: value as number };
    case 'checkbox':
      return { kind: 'boolean', value: value as boolean };
    case 'date':
      return { kind: 'date', value: value as string };
    case 'dateTime':
      return { kind: 'dateTime', value: wallClock(value as string, opts.timeZone ?? 'UTC') };
    case 'singleSelect':
      return { kind: 'text', value: names([value as string]) };
    case 'multiSelect':
      return { kind: 'text', value: names(value as readonly string[]) };
    case 'person':
      return {
        kind: 'text',
        value: opts.index?.member(value as string)?.name ?? (value as string),
      };
    case 'department': {
      const tree = opts.index?.orgTree();
      const live = tree?.resolve(value as string);
      return {
        kind: 'text',
        value: live ? (tree as NonNullable<typeof tree>).pathOf(live) : (value as string),
      };
    }
    default:
      return { kind: 'text', value: String(value) };
  }
}

/**
 * A table (or some of its rows) as a typed sheet. Column order is the table's; hidden columns are
 * left out unless asked for.
 */
export function tableSheet(table: Table, opts: ExportOptions = {}): ExportSheet {
  const columns = table.columns().filter((c) => opts.includeHidden || !c.hidden);
  const ids = opts.rowIds ?? table.rowIds();
  return {
    name: table.title || 'Sheet1',
    headers: columns.map((c) => c.name),
    rows: ids.map((id) => columns.map((c) => exportCell(c, table.getCell(id, c.id), opts))),
  };
}

/** Which results of a form to export. */
export type ResultSelection =
  { period: string } | { from: string; to: string } | { view: Pick<View, 'filter' | 'sort'> };

/**
 * A form's results from its linked table: one period, a range of periods (inclusive, by the form's
 * schedule), or a filtered view. Rows come in table order (or the view's order).
 */
export function formResultsSheet(
  table: Table,
  form: Pick<FormSnapshot, 'schedule' | 'title'>,
  selection: ResultSelection,
  opts: Omit<ExportOptions, 'rowIds'> = {},
): ExportSheet {
  let rowIds: string[];
  if ('view' in selection) rowIds = queryRows(table, selection.view);
  else {
    const keys = new Set(
      'period' in selection
        ? [selection.period]
        : periodKeysBetween(form.schedule, selection.from, selection.to, 100_000),
    );
    if (keys.size === 0) {
      throw new FormsError(
        FormsErrorCode.InvalidExport,
        `No periods of this form between ${JSON.stringify((selection as { from: string }).from)} and ${JSON.stringify((selection as { to: string }).to)}.`,
        selection,
      );
    }
    rowIds = table
      .rowIds()
      .filter((id) => keys.has(String(table.getCell(id, FixedColumn.periodKey))));
  }
  return { ...tableSheet(table, { ...opts, rowIds }), name: form.title || table.title || 'Sheet1' };
}

function cellText(c: ExportCell): string {
  switch (c.kind) {
    case 'empty':
      return '';
    case 'text':
      return escapeFormula(c.value);
    case 'number':
      return String(c.value);
    case 'boolean':
      return c.value ? 'TRUE' : 'FALSE';
    default:
      return c.value;
  }
}

/**
 * CSV text with a UTF-8 byte order mark (so Excel reads Chinese correctly), CRLF line ends, and
 * formula-escaped text cells.
 */
export function toCsv(sheet: ExportSheet): string {
  const data = [sheet.headers.map(escapeFormula), ...sheet.rows.map((r) => r.map(cellText))];
  return '\uFEFF' + Papa.unparse(data, { newline: '\r\n', quotes: false });
}

function sheetName(name: string): string {
  // Excel forbids []:*?/\ in sheet names and limits them to 31 characters.
  const clean = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31);
  return clean || 'Sheet1';
}

function utcDate(text: string): Date {
  // Excel stores wall-clock serials; exceljs reads a Date's UTC fields, so build it in UTC.
  const [d, t = '00:00:00'] = text.split(' ');
  return new Date(`${d}T${t}Z`);
}

/** An XLSX workbook (exceljs) with typed cells: numbers, booleans and real dates. */
export async function toXlsx(sheet: ExportSheet): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName(sheet.name));
  ws.addRow(sheet.headers.map(escapeFormula)).font = { bold: true };
  for (const row of sheet.rows) {
    const r = ws.addRow(
      row.map((c) => {
        switch (c.kind) {
          case 'empty':
            return null;
          case 'text':
            return escapeFormula(c.value);
          case 'date':
          case 'dateTime':
            return utcDate(c.value);
          default:
            return c.value;
        }
      }),
    );
    row.forEach((c, i) => {
      if (c.kind === 'date') r.getCell(i + 1).numFmt = 'yyyy-mm-dd';
      if (c.kind === 'dateTime') r.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
