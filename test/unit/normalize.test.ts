import { describe, expect, it } from '@jest/globals';
import { foldText, hasForbiddenCharacters, normalizeText } from '../../models/text/normalize.js';

describe('hasForbiddenCharacters', () => {
  it.each([
    ['NUL', 'a\u0000b'], ['escape', 'a\u001bb'], ['DEL', 'a\u007fb'], ['C1 CSI', 'a\u009bb'],
    ['lone high surrogate', 'a\ud800b'], ['lone low surrogate', 'a\udc00b'], ['non-character', 'a\uffffb'],
  ])('refuses %s', (_n, text) => expect(hasForbiddenCharacters(text)).toBe(true));
  it.each([
    ['tab and newlines', 'Il faut\tdes\r\nlignes'], ['accents', 'Il faut éviter ça, à l’évidence'], ['emoji', 'Il faut 🌱 planter'],
    ['CJK', '我们需要更多的公园'], ['zero-width space (stripped later, not refused)', 'Il\u200bfaut'],
  ])('accepts %s', (_n, text) => expect(hasForbiddenCharacters(text)).toBe(false));
});

describe('normalizeText', () => {
  it('composes accents (NFC)', () => {
    expect(normalizeText('e\u0301te\u0301')).toBe('été');
  });
  it('removes invisible characters and unifies spaces and apostrophes', () => {
    expect(normalizeText('  Il\u200b faut\u00a0l\u2019aide\u202f!\n\tde\u00adtous  ')).toBe("Il faut l'aide ! detous");
  });
  it('strips bidi overrides used to disguise text', () => {
    expect(normalizeText('Il faut \u202eesuohrevo\u202c agir')).toBe('Il faut esuohrevo agir');
  });
});

describe('foldText', () => {
  it('ignores case, accents, punctuation and spacing', () => {
    expect(foldText('Il FAUT  réduire, les délais !!!')).toBe(foldText('il faut reduire les delais'));
  });
  it('folds compatibility forms (full-width letters, ligatures)', () => {
    expect(foldText('Ｉｌ ﬁnancement')).toBe('il financement');
  });
  it('keeps digits and letters of other scripts', () => {
    expect(foldText('Il faut 35 h ! 我们')).toBe('il faut 35 h 我们');
  });
});
