import type { Table, WorkspaceIndex } from '@muster/core';
import {
  FixedColumn,
  formResultsSheet,
  tableSheet,
  toCsv,
  toXlsx,
  type FormSnapshot,
} from '@muster/forms';

/** A file for the browser to save. */
export interface ExportFile {
  name: string;
  type: string;
  bytes: Uint8Array | string;
}

function safeName(title: string): string {
  return (title.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'results').slice(0, 80);
}

/**
 * The dashboard's current view (one period, optionally one department and its sub-departments) as
 * XLSX or CSV, written by @muster/forms (typed cells, formula escaping).
 */
export async function exportView(input: {
  table: Table;
  form: FormSnapshot;
  index: WorkspaceIndex;
  timeZone: string;
  period: string;
  department: string | null;
  format: 'xlsx' | 'csv';
}): Promise<ExportFile> {
  const opts = { index: input.index, timeZone: input.timeZone };
  let sheet = formResultsSheet(input.table, input.form, { period: input.period }, opts);
  if (input.department) {
    const within = new Set(input.index.orgTree().subtree(input.department));
    const rowIds = input.table.rowIds().filter((id) => {
      const who = input.table.getCell(id, FixedColumn.respondent);
      const dept = typeof who === 'string' ? input.index.departmentOf(who) : null;
      return (
        input.table.getCell(id, FixedColumn.periodKey) === input.period &&
        dept !== null &&
        within.has(dept)
      );
    });
    sheet = { ...tableSheet(input.table, { ...opts, rowIds }), name: sheet.name };
  }
  const base = `${safeName(input.form.title)}-${input.period}`;
  if (input.format === 'csv')
    return { name: `${base}.csv`, type: 'text/csv;charset=utf-8', bytes: toCsv(sheet) };
  return {
    name: `${base}.xlsx`,
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: await toXlsx(sheet),
  };
}

/** Offer a file for download. */
export function download(file: ExportFile): void {
  const blob = new Blob([file.bytes as BlobPart], { type: file.type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
