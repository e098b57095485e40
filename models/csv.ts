/** CSV for spreadsheets: every cell quoted (RFC 4180), and a cell a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) prefixed with a quote, so hostile proposal texts stay text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  const text = value == null ? '' : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
