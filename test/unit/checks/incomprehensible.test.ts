import { loadContentModels } from '../../../models/checks/content-models.js';
import { incomprehensibleCheck } from '../../../models/checks/incomprehensible.js';
import { personalDataCheck } from '../../../models/checks/personal-data.js';
import { prepareInput, triage } from '../../../models/pipeline.js';
import { orderTokens } from '../../../models/text/french-model.js';
import { consultationFor, inputFor } from '../../support/check-input.js';

const run = (text: string, requiredPrefix?: string) =>
  incomprehensibleCheck.run(inputFor(text, consultationFor(requiredPrefix ? { rules: { minLength: 12, maxLength: 140, requiredPrefix } } : {})));

beforeAll(() => loadContentModels());

describe('incomprehensible', () => {
  test.each([
    'Il faut azertyuiop qsdfghjklm wxcvbn',
    'Il faut nwxccvcvb mqsdfghjh !?',
    'mqs mllkjhjjh llklmqmlkl iuuytr',
  ])('a keyboard mash is rejected automatically, quoting the non-words: %s', (text) => {
    const result = run(text)!;
    expect(result.code).toBe('incomprehensible');
    expect(result.score).toBeGreaterThanOrEqual(incomprehensibleCheck.autoRejectAt);
    expect(result.detail).toMatch(/^\d+ % des mots hors dictionnaire : '/);
  });

  test('scrambled letters are caught by the dictionary and the character model', () => {
    const result = run('Il faut rneofrcer la pvréteonin des vcenelios dnas les écleos et les ceèoglls')!;
    expect(result.score).toBeGreaterThanOrEqual(incomprehensibleCheck.autoRejectAt);
    expect(result.detail).toBe("55 % des mots hors dictionnaire : 'rneofrcer', 'pvréteonin', 'vcenelios'…");
  });

  test('a scramble that fastText takes for a real language still reaches a moderator, at half the score', () => {
    // fastText: Catalan 0.53 — the wrong_language check then reports it too
    const result = run('Il ftua eristniv aeetimmsvns opru carltiefi els eneélcdtpmsa xoud')!;
    expect(result.score).toBeGreaterThan(0.3);
    expect(result.score).toBeLessThan(0.5);
  });

  test.each([
    // fastText: English 0.63 from "ok", the one word it knows — no language by wrong_language's rule either
    ['lol ok lol ok', 'fr'],
    ['ok lol xD lol', 'de'],
  ] as const)('chat filler a language identifier guesses from one word it knows is not halved as a foreign language: %s (%s)', (text, language) => {
    const result = incomprehensibleCheck.run(inputFor(text, consultationFor({ language })))!;
    expect(result.score).toBeGreaterThanOrEqual(incomprehensibleCheck.namesRefusalAt!);
  });

  test('a text in another script is left to wrong_language, however fastText splits its words', () => {
    // no spaces: one "word" for fastText, yet the script alone says another language
    const result = run('Il faut あと一台パソコンを購入する君の案はまったく問題にならない。');
    expect(result?.score ?? 0).toBeLessThan(0.5);
  });

  test.each(['ЖЖЖЖЖЖЖЖЖЖЖЖЖЖ', 'ааааааааа ааа', 'ㅋㅋㅋㅋㅋㅋㅋㅋ'])('one letter repeated is in no language: gibberish in any script, not halved for wrong_language: %s', (text) => {
    expect(run(text)!.score).toBeGreaterThanOrEqual(incomprehensibleCheck.autoRejectAt);
  });

  test.each([
    ['askip xD stp', undefined],
    ['Askip xD stp', 'Il faut'],
    ['Il faut askip xD stp', undefined],
    ['Il faut askip xD stp', 'Il faut'],
    ['Tro bi1 wsh', undefined],
  ] as const)('French chat slang goes through the pipeline as incomprehensible, never as another language: %s (prefix %s)', (text, requiredPrefix) => {
    const consultation = consultationFor({ rules: { minLength: 12, maxLength: 140, ...(requiredPrefix ? { requiredPrefix } : {}) } });
    const result = triage(prepareInput({ id: 'unit~1', externalId: 'e-1', text }, consultation));
    expect(result.status).toBe('rejected');
    expect(result.suggestion.mainReason).toBe('incomprehensible');
    expect(result.outcomes.find((o) => o.check === 'wrong_language')?.language).toBeUndefined();
  });

  test('a word salad of real French words is flagged by the word-order model, for review', () => {
    const result = run("Il faut tous les autoroutes construction projets stopper de de nouvelles")!;
    expect(result.detail).toMatch(/^mots dans un ordre qui ne fait pas une phrase/);
    expect(result.score).toBeGreaterThanOrEqual(0.3);
    expect(result.score).toBeLessThan(incomprehensibleCheck.autoRejectAt);
    // the same words in their order are fine
    expect(run('Il faut stopper tous les projets de construction de nouvelles autoroutes')).toBeNull();
  });

  test.each([
    'Appelez-moi au 06 12 34 56 78',
    'Appelez-moi au +33 6 12 34 56 78',
  ])('a phone number written in groups is one word, not a run of words in no order: %s', (text) => {
    expect(run(text)).toBeNull();
    // what the personal_data check reports stays reported
    expect(personalDataCheck.run(inputFor(text))?.detail).toBe('numéro de téléphone');
  });

  test('the word-order model reads a number in groups as its parts, in their order, moving as one word', () => {
    expect(orderTokens('Appelez-moi au 06 12 34 56 78, merci')).toEqual([['appelez', 'moi'], ['au'], ['06', '12', '34', '56', '78', ','], ['merci']]);
    expect(orderTokens('Il faut 2 000 places pour 3 ans')).toEqual([['il'], ['faut'], ['2', '000'], ['places'], ['pour'], ['3'], ['ans']]);
  });

  test('a sentence\'s first word moved inside another sentence is a shuffle, sent to review', () => {
    const result = run('Il faut les transports la voiture dans Il et limiter en ville')!;
    expect(result.detail).toBe("majuscule en milieu de phrase : 'Il' (mots mélangés ?)");
    expect(result.score).toBeGreaterThanOrEqual(0.5);
    expect(result.score).toBeLessThan(incomprehensibleCheck.autoRejectAt);
  });

  test.each([
    'Il faut créer des lieux d’accueil. Il faut aussi former les agents',
    'Il faut soutenir La Poste et les services publics',
    'Il faut une Autorisation de Mise En Service des produits',
    'Il faut agir (Sud et Est) pour les régions oubliées',
    'Il faut dire : « Il y a urgence »',
  ])('capitals after a full stop, in names, titles and quotations are not a shuffle: %s', (text) => {
    expect(run(text)?.detail ?? '').not.toMatch(/^majuscule/);
  });

  test('a short text that does not open like a proposal keeps its word-order doubt', () => {
    expect(run('Il faut le pain était chaud')!.score).toBeGreaterThanOrEqual(0.3);
  });

  test.each([
    'Pas de commentaires',
    'Aucune remarque particulière',
    'Aucune information supplémentaire',
    'Il faut rien à rajouter',
    'Je n’ai rien à ajouter de plus',
    'Sans objet',
  ])('a non-answer is flagged for review: %s', (text) => {
    const result = run(text)!;
    expect(result.detail).toMatch(/^non-réponse/);
    expect(result.score).toBeGreaterThanOrEqual(0.5);
  });

  test.each([
    'j’abandonne…',
    'trop long tout ça, je laisse tomber',
    'bon ben là c’est trop long',
    'je comprends rien à vos questions',
  ])('a chat message that gives up answering is a non-answer: %s', (text) => {
    const result = run(text)!;
    expect(result.detail).toMatch(/^non-réponse/);
    expect(result.score).toBeGreaterThanOrEqual(incomprehensibleCheck.namesRefusalAt!);
  });

  test.each([
    'Il faut abandonner les poursuites contre les victimes qui se défendent',
    'Il faut arrêter de laisser tomber les victimes',
    'Les procédures sont trop longues',
  ])('giving up said of something else, or in a proposal, is no non-answer: %s', (text) => {
    expect(run(text)?.detail ?? '').not.toMatch(/^non-réponse/);
  });

  test.each(['Il faut lol mdr ptdr', 'Pk askip mdrrr lol ahah'])('SMS filler is flagged: %s', (text) => {
    const result = run(text)!;
    expect(result.detail).toMatch(/^langage SMS : /);
    expect(result.score).toBeGreaterThanOrEqual(0.6);
  });

  test('the SMS filler is quoted as the author wrote it (capitals kept)', () => {
    expect(run('Pk askip MDR Lol')!.detail).toBe("langage SMS : 'Pk', 'askip', 'MDR'…");
  });

  test('nothing after the required opening is certain', () => {
    expect(run('Il faut !!! ??? ...', 'Il faut')).toEqual({ code: 'incomprehensible', score: 0.99, detail: 'aucun mot après la formule d’ouverture' });
  });

  test('repeated letters go to review', () => {
    const result = run('Il faut aider les victimes kkkkkkkkkkk')!;
    expect(result.detail).toContain("caractère répété : 'kkkkkkkkkkk'");
    expect(result.score).toBeLessThan(incomprehensibleCheck.autoRejectAt);
  });

  test('a text in a real foreign language is left to wrong_language, not called gibberish', () => {
    const result = run('Il faut tom really should get some sleep tonight');
    expect(result?.score ?? 0).toBeLessThan(0.5);
  });

  test.each([
    'Il faut lutter contre le harcèlement de rue',
    'Il faut des ateliers d’autodéfense dès l’école primaire',
    'IL FAUT RENFORCER LES MOYENS DE LA JUSTICE POUR LES VICTIMES',
    'il faut renforcer les moyens de la justice pour les victimes (sans accents : reduire, ecole)',
    'Il faut appliquer la loi du 3 août 2018 et recruter 2 000 enquêteurs avant 2027',
    'Que la femme puisse s’habiller comme elle le souhaite.',
    'Il faut boycotter les GAFA au profit de DuckDuckGo ou Qwant',
    // the dictionary writes these with ’ and œ; keyboards type ' and oe
    "Il faut interdire la chasse dès aujourd'hui",
    'Il faut réduire notre consommation de boeuf et soutenir les oeuvres locales',
    // a few words have few orders to beat: short French is not a word salad
    'Agir maintenant pour tous',
    'Régulariser les sans papiers',
    'Stopper la 5G',
  ])('readable French is not flagged: %s', (text) => {
    const result = run(text);
    expect(result?.score ?? 0).toBeLessThan(0.1);
  });
});
