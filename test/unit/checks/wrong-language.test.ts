import { loadContentModels } from '../../../models/checks/content-models.js';
import { wrongLanguageCheck } from '../../../models/checks/wrong-language.js';
import { fastTextKnownWords } from '../../../models/text/language-id.js';
import type { SupportedLanguage } from '../../../models/text/languages/registry.js';
import { consultationFor, inputFor } from '../../support/check-input.js';

const run = (text: string, language?: SupportedLanguage) =>
  wrongLanguageCheck.run(inputFor(text, consultationFor(language ? { language } : {})));

beforeAll(() => loadContentModels());

describe('wrong_language', () => {
  test.each([
    'We need more shelters for women who flee violent partners.',
    'Bisogna educare i ragazzi al rispetto delle donne fin dalla scuola.',
    'Es necesario crear más centros de acogida para las víctimas.',
  ])('a foreign proposal is rejected automatically with its language: %s', (text) => {
    const result = run(text)!;
    expect(result.code).toBe('wrong_language');
    expect(result.score).toBeGreaterThanOrEqual(wrongLanguageCheck.autoRejectAt);
    expect(result.detail).toMatch(/^écrite en (anglais|italien|espagnol)$/);
  });

  test('a French opening in front of a foreign sentence is still foreign (mixed text)', () => {
    const result = run("Il faut we're not ready to throw in the towel yet.")!;
    expect(result.score).toBeGreaterThanOrEqual(0.5);
    expect(result.detail).toContain('anglais');
  });

  test('text in another script is certain, whatever its length', () => {
    const result = run('Il faut 女性に対する暴力をなくすために教育が必要です')!;
    expect(result.score).toBe(0.99);
    expect(result.detail).toContain('japonais');
    expect(result.detail).toContain('des lettres ne sont pas latines');
  });

  test.each([
    // fastText: Chinese 0.99, English 0.12 (its answer to what it does not know), English 0.22
    ['大學生 입니다', 'coréen', 'ko'],
    ['ㅋㅋ 진짜 웃기다', 'coréen', 'ko'],
    ['ΑΒΓΔ', 'grec', 'el'],
    // kana make it Japanese; one "の" among Chinese characters leaves fastText's Chinese
    ['わたしが前をよく見てなかったから', 'japonais', 'ja'],
    ['我の店的东西很好吃，价格也便宜', 'chinois', 'zh'],
    // a guess in the script's own languages stays, short as the text is
    ['Привет всем', 'russe', 'ru'],
  ])('text mostly in another script is named in a language written in that script, else in the script\'s own: %s', (text, name, language) => {
    const result = run(text)!;
    expect(result).toMatchObject({ score: 0.99, detail: `écrite en ${name} : 100 % des lettres ne sont pas latines`, language });
  });

  test.each([
    ['fr', 'écrite dans une autre écriture (cyrillique) : 100 % des lettres ne sont pas latines'],
    ['en', 'written in Cyrillic script: 100% of letters are not Latin'],
    ['de', 'in anderer Schrift geschrieben (Kyrillisch): 100 % der Buchstaben sind nicht lateinisch'],
    ['es', 'escrita en otra escritura (cirílico): 100 % de las letras no son latinas'],
    ['it', 'scritta in un’altra scrittura (cirillico): 100% delle lettere non sono latine'],
  ] as const)('a script written for several languages, none of them the guess, is named as the script (%s)', (language, detail) => {
    const result = run('ъыъ ьыь', language)!;
    expect(result).toMatchObject({ code: 'wrong_language', score: 0.99, detail });
    expect(result.language).toBeUndefined();
  });

  test.each([
    // fastText: Kyrgyz, Yakut, English (its prior)
    ['ЖЖЖЖ', 'fr', 'écrite dans une autre écriture (cyrillique) : 100 % des lettres ne sont pas latines'],
    ['ааааааааа', 'en', 'written in Cyrillic script: 100% of letters are not Latin'],
    ['ЖЖЖЖЖЖ жжжж', 'de', 'in anderer Schrift geschrieben (Kyrillisch): 100 % der Buchstaben sind nicht lateinisch'],
    ['ㅋㅋㅋㅋ', 'fr', 'écrite dans une autre écriture (coréen) : 100 % des lettres ne sont pas latines'],
  ] as const)('one letter repeated is in a script, in no language: named as the script, under namesRefusalAt: %s (%s)', (text, language, detail) => {
    const result = run(text, language)!;
    expect(result).toMatchObject({ code: 'wrong_language', detail, unsure: true });
    expect(result.score).toBeLessThan(wrongLanguageCheck.namesRefusalAt!);
    expect(result.language).toBeUndefined();
  });

  test('a word of a language may repeat its letters: "мама" (half "м", half "а") is still Russian', () => {
    expect(run('мама')).toMatchObject({ score: 0.99, language: 'ru' });
  });

  test.each([
    ['Il faut réduire les impôts Привет мир', 'fr', 'en partie dans une autre écriture (cyrillique) : 29 % des lettres ne sont pas latines'],
    ['Il faut baisser les impôts sur le revenu, спасибо большое', 'fr', 'en partie dans une autre écriture (cyrillique) : 30 % des lettres ne sont pas latines'],
    ['Il faut 오늘은 6월 18일, Muiriel의 생일입니다!', 'fr', 'en partie dans une autre écriture (coréen) : 46 % des lettres ne sont pas latines'],
  ] as const)('no language named, a text partly in another script names that script, not "unknown language": %s', (text, language, detail) => {
    const result = run(text, language)!;
    expect(result.detail).toBe(detail);
    expect(result.language).toBeUndefined();
  });

  test.each([
    'Il faut lutter contre le harcèlement de rue',
    'IL FAUT CRÉER DES CENTRES D’ACCUEIL POUR LES VICTIMES !',
    'il faut creer des centres d accueil pour les victimes',
    'Il faut appliquer la loi du 3 août 2018 dès le 1er janvier 2027',
    'Il faut boycotter les GAFA au profit du made in France',
    'Rendre le 3919 gratuit et ouvert 24h/24',
  ])('French proposals are not flagged: %s', (text) => {
    expect(run(text)).toBeNull();
  });

  test('the expected language is the consultation’s, and the detail is in its language', () => {
    expect(run('We need more shelters for women who flee violent partners.', 'en')).toBeNull();
    expect(run('Il faut créer des centres d’accueil pour les victimes de violences.', 'en')?.detail).toBe('written in French');
  });
});

test.each([
  ['asdkj qwe zxcmnb lkjh', 'en', 'maybe written in an unknown language (not sure)'],
  ['qsdfgh jklm azerty wxcvbn', 'fr', 'écrite en langue inconnue'],
] as const)('a keyboard mash fastText reads as Chinese or Japanese is named no language a Latin text cannot be in: %s', (text, language, detail) => {
  expect(run(text, language)?.detail).toBe(detail);
});

describe('a guess on too little text names no language', () => {
  test.each([
    // ELD alone says Polish (unreliable by its own test); fastText reads "ok" only
    ['lol ok', 'en', 'maybe written in an unknown language (not sure)'],
    ['haha ok', 'en', 'maybe written in an unknown language (not sure)'],
    // fastText alone, 0.93 for Finnish from "ja"
    ['ja genau', 'de', 'vielleicht in unbekannter Sprache geschrieben (unsicher)'],
    // both models call it foreign, on two words
    ['mdr ok', 'fr', 'écrite en langue inconnue'],
  ] as const)('%s (%s)', (text, language, detail) => {
    const result = run(text, language)!;
    expect(result.detail).toBe(detail);
    expect(result.language).toBeUndefined();
  });

  test('a sentence a model is sure of is still named, by ELD when fastText is not sure', () => {
    const result = run('Il faut he departed in spite of the storm.')!;
    expect(result.detail).toBe('écrite en anglais');
    expect(result.language).toBe('en');
  });
});

describe('too little evidence for any language is no ground to refuse a proposal as written in another', () => {
  test.each([
    // fastText knows only "ok" (English 0.63) and ELD is unsure (Polish): both call it foreign
    ['mdr ok', 'fr'],
    ['mdr ok lol ptdr', 'fr'],
    ['lol ok lol ok', 'fr'],
    ['ok lol xD', 'de'],
    // the consultation's own chat words: fastText or ELD find its language
    ['lol ok', 'en'],
    ['ok danke', 'de'],
    ['jo passt', 'de'],
  ] as const)('%s (%s) neither rejects nor names a refusal', (text, language) => {
    const result = run(text, language);
    expect(result?.score ?? 0).toBeLessThan(wrongLanguageCheck.autoRejectAt);
    expect(result?.score ?? 0).toBeLessThan(wrongLanguageCheck.namesRefusalAt!);
    expect(result?.language).toBeUndefined();
  });

  test.each([
    ['We should plant more trees', 'de', 'auf Englisch geschrieben'],
    ['Wir brauchen mehr Bäume', 'en', 'written in German'],
    ['Il faut planter des arbres', 'en', 'written in French'],
  ] as const)('a short sentence whose words fastText knows is still refused: %s (%s)', (text, language, detail) => {
    const result = run(text, language)!;
    expect(result.score).toBeGreaterThanOrEqual(wrongLanguageCheck.autoRejectAt);
    expect(result.detail).toBe(detail);
  });

  test.each([
    // French chat slang: ELD reliably Norwegian, Slovenian; fastText English, Polish, and knows one or two of the words
    ['askip xD stp', 'fr'],
    ['Askip xD stp', 'fr'],
    ['Tro bi1 wsh', 'fr'],
    ['Il faut askip xD stp', 'fr'],
  ] as const)('chat slang ELD calls reliably a language no word of which fastText knows names no language: %s', (text, language) => {
    const result = run(text, language);
    expect(result?.language).toBeUndefined();
    expect(result?.score ?? 0).toBeLessThan(wrongLanguageCheck.namesRefusalAt!);
    expect(result?.detail ?? '').not.toMatch(/norvégien|slovène/);
  });

  test('ELD reliable and fastText agreeing name the language, though fastText knows two of its three words', () => {
    // fastText: Italian 0.95, "preferite" unknown to it
    expect(run('Quale sentenza preferite?')).toMatchObject({ language: 'it', detail: 'écrite en italien' });
  });

  test('fastText knows a word when its answer for it alone is not the one it gives to no text', () => {
    expect(fastTextKnownWords('mdr ok lol ptdr', 3)).toBe(1);
    expect(fastTextKnownWords('so true', 3)).toBe(0);
    expect(fastTextKnownWords('we should plant more trees', 3)).toBe(3);
  });
});
