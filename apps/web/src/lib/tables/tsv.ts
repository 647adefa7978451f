import { escapeFormula } from '@muster/forms';
import Papa from 'papaparse';

/**
 * Parse what spreadsheet programs (Excel, WPS, Google Sheets, LibreOffice) put on the clipboard
 * as text: cells separated by tabs, rows by CRLF or LF, and cells holding a tab, a line break or
 * a quote wrapped in double quotes with inner quotes doubled. The trailing line break Excel adds
 * does not make an extra row. Rows keep their own lengths (ragged input stays ragged).
 *
 * @example
 * parseTsv('a\tb\r\n"x\ny"\tc\r\n'); // [['a', 'b'], ['x\ny', 'c']]
 */
export function parseTsv(text: string): string[][] {
  if (text === '') return [];
  const parsed = Papa.parse<string[]>(text, { delimiter: '\t', quoteChar: '"', header: false });
  const rows = parsed.data;
  // A final line break yields one empty row: it is the end of the last row, not a row.
  const last = rows.at(-1);
  if (last && last.length === 1 && last[0] === '' && /\r?\n$/.test(text)) rows.pop();
  return rows;
}

/**
 * The clipboard text for a block of cells, as spreadsheet programs write it (CRLF between rows,
 * quotes only where a cell needs them), so a paste into Excel, WPS or Google Sheets lands in the
 * same shape.
 *
 * @example
 * toTsv([['a', 'b\tc'], ['say "hi"', '']]); // 'a\t"b\tc"\r\n"say ""hi"""\t'
 */
export function toTsv(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  return Papa.unparse(
    rows.map((r) => [...r]),
    { delimiter: '\t', newline: '\r\n', quotes: false, quoteChar: '"', escapeFormulae: false },
  );
}

/**
 * A cell's text on its way to the clipboard: text that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, …) gets the apostrophe Excel and WPS show as text, so copying a table
 * never plants a live `=HYPERLINK(…)` in someone's sheet. Numbers stay numbers.
 */
export function clipboardCell(text: string, isNumber: boolean): string {
  return isNumber ? text : escapeFormula(text);
}

/**
 * Undo {@link clipboardCell} on paste, so copying and pasting inside Muster keeps `=1+2` as it
 * was; an apostrophe before anything else is the user's own text and stays.
 */
export function pastedCell(text: string): string {
  return text.length > 1 && text[0] === "'" && escapeFormula(text.slice(1)) === text
    ? text.slice(1)
    : text;
}
