/** Characters that make spreadsheet programs treat a cell as a formula (or a DDE command). */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Make text safe to open in Excel, LibreOffice or Numbers: a text cell starting with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a leading apostrophe, which those programs show as
 * text and never evaluate. Everything else is returned unchanged. Numbers are exported as
 * numbers, so a negative number is never escaped; only text is.
 *
 * @example
 * escapeFormula('=HYPERLINK("http://evil")') // → "'=HYPERLINK(\"http://evil\")"
 */
export function escapeFormula(text: string): string {
  return text.length > 0 && TRIGGERS.has(text[0] as string) ? `'${text}` : text;
}
