import Papa from 'papaparse';

/** Largest file the grid imports, and most rows. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

/** A file read as text cells: the first row names the columns. */
export interface ImportFile {
  headers: string[];
  rows: string[][];
}

/** Why a file cannot be imported (shown to the person as is, through i18n keys). */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(
    readonly code: 'tooBig' | 'tooManyRows' | 'empty' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

function split(table: string[][]): ImportFile {
  const [headers, ...rows] = table;
  if (!headers || headers.every((h) => h.trim() === '')) {
    throw new ImportFileError('empty', 'The file is empty: its first row must name the columns.');
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ImportFileError(
      'tooManyRows',
      `The file has ${rows.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`,
    );
  }
  return { headers, rows };
}

/** Read CSV (or TSV, detected) text; a UTF-8 byte order mark is ignored. */
export function parseCsvText(text: string): ImportFile {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    header: false,
    skipEmptyLines: false,
  });
  const data = parsed.data;
  const last = data.at(-1);
  if (last && last.length === 1 && last[0] === '') data.pop();
  return split(data);
}

function xlsxText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return xlsxText(v.result);
    if (v.text !== undefined) return String(v.text);
    return '';
  }
  return String(value);
}

/** Read the first sheet of an XLSX workbook (exceljs, loaded only when needed). */
export async function parseXlsx(bytes: ArrayBuffer): Promise<ImportFile> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes);
  } catch (e) {
    throw new ImportFileError(
      'unreadable',
      `This is not a readable XLSX file (${(e as Error).message}).`,
    );
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ImportFileError('empty', 'The workbook has no sheets.');
  const width = ws.columnCount;
  const table: string[][] = [];
  for (let n = 1; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    table.push(Array.from({ length: width }, (_, j) => xlsxText(row.getCell(j + 1).value)));
  }
  return split(table);
}

/** Read a CSV, TSV or XLSX file the person picked. */
export async function readImportFile(file: File): Promise<ImportFile> {
  if (file.size > MAX_IMPORT_BYTES) {
    throw new ImportFileError(
      'tooBig',
      `The file is ${Math.ceil(file.size / 1048576)} MB; import at most ${MAX_IMPORT_BYTES / 1048576} MB.`,
    );
  }
  if (/\.xlsx$/i.test(file.name)) return parseXlsx(await file.arrayBuffer());
  return parseCsvText(await file.text());
}
