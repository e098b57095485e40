/** CSV for spreadsheets: every cell quoted (RFC 4180), and a cell a spreadsheet could run as a formula prefixed with
 * a quote, so hostile proposal texts stay text. */

/** What a spreadsheet skips or does not show before a formula sign: spaces and line breaks of every kind, control
 * characters, invisible (default-ignorable and format) characters such as U+200B and the BOM, blank fillers. */
const SKIPPED = /[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u115F\u1160\u2800\u3164\uFFA0]/u;
const FORMULA_SIGNS = new Set(['=', '+', '-', '@']);
/** A leading tab, CR or LF is itself a risk (OWASP CSV injection): some spreadsheets drop it and read what follows. */
const LEADING_BREAK = /^[\t\r\n]/;

/** True when the first meaningful character — after spaces, line breaks and invisible characters, read in its
 * compatibility form so that full-width ＝ ＋ － ＠ and small forms ﹦ ﹢ ﹣ ﹫ count — is = + - or @, or when the
 * cell starts with a tab, CR or LF. One pass up to that character: linear in the text. */
export function looksLikeFormula(text: string): boolean {
  if (LEADING_BREAK.test(text)) return true;
  for (const char of text) {
    if (SKIPPED.test(char)) continue;
    return FORMULA_SIGNS.has(char.normalize('NFKC').charAt(0));
  }
  return false;
}

/** The text with a leading quote when a spreadsheet could read it as a formula. */
export function defuseFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

export function csvCell(value: string | number | null | undefined): string {
  const text = value == null ? '' : String(value);
  return `"${defuseFormula(text).replace(/"/g, '""')}"`;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
