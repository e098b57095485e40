import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
// @ts-expect-error plain ES modules of the page, without type declarations
import fr from '../../web/assets/i18n/fr.js';
// @ts-expect-error idem
import en from '../../web/assets/i18n/en.js';
// @ts-expect-error idem
import de from '../../web/assets/i18n/de.js';
import { REASON_CODES } from '../../models/schemas.js';
import { statementOfReasons } from '../../models/statement-of-reasons.js';

const WEB = new URL('../../web/', import.meta.url);
const pageSources = () => [
  readFileSync(new URL('index.html', WEB), 'utf8'),
  ...readdirSync(new URL('assets/', WEB)).filter((f) => f.endsWith('.js')).map((f) => readFileSync(new URL(`assets/${f}`, WEB), 'utf8')),
].join('\n');

describe('the page\'s wording', () => {
  it('has the same keys and placeholders in French, English and German', () => {
    const keys = Object.keys(fr).sort();
    for (const dict of [en, de]) {
      expect(Object.keys(dict).sort()).toEqual(keys);
      for (const key of keys) {
        const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect([key, params(dict[key])]).toEqual([key, params(fr[key])]);
      }
    }
  });

  it('calls a consultation "Beteiligung" in German, on the page and in every statement of reasons', () => {
    const consultation = { language: 'de', question: 'Wie wird unsere Stadt grüner?', rules: { minLength: 12, maxLength: 140, requiredPrefix: 'Man sollte' } };
    const statements = REASON_CODES.map((reason) => statementOfReasons({ suggestion: null,
      decision: { outcome: 'reject', reason, decidedBy: 'system', decidedAt: '2026-12-01T10:00:00.000Z' } }, consultation)!);
    const german = [...Object.values(de) as string[], ...statements.flatMap((s) => [s.text, s.rule, s.redress])].join('\n');
    expect(german).not.toMatch(/Konsultation/);
    expect(Object.values(de).join('\n')).toMatch(/Beteiligung/);
    expect(statements.map((s) => s.redress + s.rule).join('\n')).toMatch(/Beteiligung/);
  });

  it('uses every key it defines, and defines every key it uses', () => {
    const source = pageSources();
    const called = [...source.matchAll(/\bt\('([\w.]+)'/g)].map((m) => m[1]!);
    expect(called.filter((k) => !(k in fr))).toEqual([]);
    // keys built at run time: `st.${status}`, `out.${outcome}`, `role.${role}`, `sort.${s}`, `ops.${window}`, `reason.${code}`
    const dynamic = /^(st|out|role|sort)\.|^ops\.(24h|7d|30d)$|^reason\.none$/;
    // plural forms: tn('key', n) reads key.one / key.other
    const used = (k: string) => [k, k.replace(/\.(one|other)$/, '')].some((u) => source.includes(`'${u}'`) || source.includes(`"${u}"`));
    expect(Object.keys(fr).filter((k) => !used(k) && !dynamic.test(k))).toEqual([]);
    const plural = [...source.matchAll(/\btn\('([\w.]+)'/g)].map((m) => m[1]!);
    expect(plural.filter((k) => !(`${k}.one` in fr) || !(`${k}.other` in fr))).toEqual([]);
  });
});
