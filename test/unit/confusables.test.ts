import { describe, expect, it } from '@jest/globals';
import { hasBidiControls, hasBlanks, matchKey, skeleton, undoLeet, withoutBlanks, withoutInvisibles } from '../../models/text/confusables.js';

describe('matchKey: what a text reads as', () => {
  it.each([
    ['Cyrillic look-alikes', 'соnnаrd'], ['Greek look-alikes', 'ϲοnnαrd'], ['Cherokee', 'Ꮯonnard'], ['small capitals', 'ᴄᴏɴɴᴀʀᴅ'],
    ['full-width', 'ｃｏｎｎａｒｄ'], ['mathematical bold', '𝐜𝐨𝐧𝐧𝐚𝐫𝐝'], ['circled', 'ⓒⓞⓝⓝⓐⓡⓓ'], ['negative squared', '🅲🅾🅽🅽🅰🆁🅳'],
    ['combining marks', 'c̷o̷n̷n̷a̷r̷d̷'], ['accents', 'ĉöñńåŕđ'], ['zero-width and tag characters', 'con\u200bn\u{E0020}a\u061Crd'],
    ['capitals', 'CONNARD'],
  ])('%s', (_name, text) => expect(matchKey(text)).toBe('connard'));

  it('leaves ASCII as it is: TR39 would merge "m" with "rn" and "l" with "I"', () => {
    expect(matchKey('Il faut une corne, pas un come-back')).toBe('il faut une corne pas un come back');
    expect(matchKey('ⅿerde')).toBe(matchKey('merde'));
  });

  it('is language-neutral: any script gets a key, the same for the same look', () => {
    expect(matchKey('Straße')).toBe('straße');
    expect(matchKey('СУКА')).toBe(matchKey('сука'));
    expect(matchKey('我们需要更多的公园')).toBe('我们需要更多的公园');
  });

  it('keeps punctuation in the skeleton, turns it into single spaces in the key', () => {
    expect(skeleton('Il faut: «соn» !')).toBe('il faut: «con» !');
    expect(matchKey('Il faut: «соn» !')).toBe('il faut con');
  });
});

describe('invisible and blank characters', () => {
  it('removes default-ignorable and format characters, reads blank fillers as spaces', () => {
    expect(withoutInvisibles('a\u200bb\u00adc\u2060d\u{E0041}e\uFE0Ff\u3164g\u2800h')).toBe('abcdef g h');
  });
  it('tells blank fillers apart, for a second reading without them', () => {
    expect(hasBlanks('con\u3164nard')).toBe(true);
    expect(hasBlanks('connard')).toBe(false);
    expect(withoutBlanks('con\u3164nard')).toBe('connard');
  });
  it('finds bidi embeddings, overrides and isolates, not marks', () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) expect(hasBidiControls(`a${c}b`)).toBe(true);
    for (const c of ['\u200E', '\u200F', '\u061C']) expect(hasBidiControls(`a${c}b`)).toBe(false);
  });
});

describe('undoLeet', () => {
  it('reads digits and signs as letters in a word that has letters', () => {
    expect(undoLeet('c0nn4rd')).toBe('connard');
    expect(undoLeet('$alope')).toBe('salope');
  });
  it('leaves numbers alone', () => expect(undoLeet('2026')).toBe('2026'));
});
