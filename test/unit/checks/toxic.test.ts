import { loadContentModels } from '../../../models/checks/content-models.js';
import { toxicCheck } from '../../../models/checks/toxic.js';
import { consultationFor, inputFor } from '../../support/check-input.js';

const run = (text: string) => toxicCheck.run(inputFor(text));

beforeAll(() => loadContentModels());

describe('toxic', () => {
  test('an insult is reported with the word and goes to review; two are rejected automatically', () => {
    const one = run('Il faut virer ce connard de maire')!;
    expect(one).toMatchObject({ code: 'toxic', detail: "mot injurieux : 'connard'" });
    expect(one.score).toBeGreaterThanOrEqual(0.5);
    expect(one.score).toBeLessThan(toxicCheck.autoRejectAt);
    const two = run('Il faut virer ce connard de maire, quel enfoiré')!;
    expect(two.score).toBeGreaterThanOrEqual(toxicCheck.autoRejectAt);
    expect(two.detail).toBe("mots injurieux : 'connard', 'enfoiré'");
  });

  test.each([
    ['leetspeak', 'Il faut virer ce c0nn4rd de maire', 'c0nn4rd'],
    ['spaced letters', 'Il faut virer ce c o n n a r d de maire', 'c o n n a r d'],
    ['dotted letters', 'Il faut virer ce c.o.n.n.a.r.d de maire', 'c.o.n.n.a.r.d'],
    ['spelled letters running into the next word', 'Il faut virer c o n n a r d e s t l e m a i r e', 'c o n n a r d e s t l e m a i r e'],
    ['stretched letters', 'Il faut virer ce connnnnnard de maire', 'connnnnnard'],
    ['dropped accents and capitals', 'IL FAUT VIRER CET ENFOIRE', 'ENFOIRE'],
    ['plural', 'Il faut virer ces connards', 'connards'],
    ['masked letters', 'Tous des c*nnards au gouvernement', 'c*nnards'],
    ['a word cut by dots', 'Les élus sont des enc.ulés', 'enc.ulés'],
    ['a word cut by a dash, after an elision', "Espèce d'encu-lé", "d'encu-lé"],
    ['an ordinary word said of people', 'Les politiques sont des ordures', 'sont des ordures'],
  ])('spelling tricks are undone (%s); the evidence quotes the word as written', (_, text, written) => {
    const result = run(text)!;
    expect(result.score).toBeGreaterThanOrEqual(0.5);
    expect(result.detail).toContain(`'${written}'`);
  });

  test.each([
    ['es', 'Ese concejal es un imbécil', "palabra injuriosa: 'es un imbécil'"],
    ['fr', "Le maire est un imbécile, quel crétin !", "mots injurieux : 'imbécile', 'crétin'"],
    ['fr', "Espèce d'attardé", "mot injurieux : 'attardé'"],
    ['de', 'Dieses Politikgesindel gehört abgewählt', "beleidigendes Wort: 'Politikgesindel'"],
    ['es', '¡Te voy a apuñalar!', "amenaza o llamada a la violencia: 'Te voy a apuñalar'"],
  ] as const)('the evidence quotes the author\'s words (accents, capitals), found on their folded form: %s %s', (language, text, detail) => {
    expect(toxicCheck.run(inputFor(text, consultationFor({ language })))?.detail).toBe(detail);
  });

  test.each([
    "Je ne m'attarde pas sur les détails, il faut des moyens",
    "Il faut qu'on s'y attarde avant l'été",
    "Il faut que tu t'attardes sur le budget",
    'Nous nous sommes attardés sur la question des transports',
    "Tu t'es attardé sur le budget, il faut aussi parler des écoles",
    'Il faut que je pédale moins sous la pluie : des pistes couvertes',
    "Il faut des pistes cyclables, j'ai pédalé dix ans au milieu des voitures",
    'Quand ça dégénère, il faut des médiateurs',
  ])('an innocent verb spelt like an insult, in a clause built like a verb\'s, is the verb: %s', (text) => {
    expect(run(text)).toBeNull();
  });

  test.each([
    ["Espèce d'attardé", 'attardé'],
    ['Ces attardés du conseil municipal', 'attardés'],
    ["T'es attardé ou quoi", 'attardé'],
    ['Vous êtes attardés', 'attardés'],
    ['Le maire est un 4tt4rdé', '4tt4rdé'],
    ['sale pédale', 'pédale'],
  ])('the insult stays an insult however it is spelt when no verb clause reads it: %s', (text, written) => {
    const result = run(text)!;
    expect(result.score).toBeGreaterThanOrEqual(0.5);
    expect(result.detail).toContain(`'${written}'`);
  });

  test('threats and calls to violence against a group are rejected automatically', () => {
    expect(run('je vais te tuer si tu continues')!.score).toBeGreaterThanOrEqual(toxicCheck.autoRejectAt);
    expect(run('Il faut tuer tous les migrants')!.detail).toMatch(/^menace ou appel à la violence/);
    // killing tiger mosquitoes is not a threat
    expect(run('Il faut tuer les moustiques tigres avant l’été')).toBeNull();
  });

  test('a mask that leaves too few letters is not guessed', () => {
    expect(run('Il faut arrêter ces p*** de bouchons')).toBeNull();
  });

  test('"lobby" + a group is a hate frame, worth a moderator\'s look', () => {
    const result = run('le terrorisme intellectuel du lobby homosexuel')!;
    expect(result.detail).toBe("mot possiblement injurieux : 'lobby homosexuel'");
    expect(result.score).toBeGreaterThanOrEqual(0.1);
    expect(result.score).toBeLessThan(0.5);
  });

  test('"sale" before a group is a slur, "sale" alone is an ordinary word', () => {
    expect(run('dégage sale arabe')!.detail).toContain("'sale arabe'");
    expect(run('Il faut nettoyer la salle et le linge sale des hôpitaux')?.score ?? 0).toBeLessThan(0.5);
  });

  test('a chat message about people of a targeted group names a refusal as toxic, never decides one', () => {
    const result = run('franchement arrête de faire l’accent chinois à chaque fois…')!;
    expect(result).toMatchObject({ code: 'toxic', detail: "message de conversation sur un groupe de personnes ('chinois') : propos haineux possibles" });
    expect(result.score).toBeGreaterThanOrEqual(toxicCheck.namesRefusalAt!);
    expect(result.score).toBeLessThan(0.5);
    expect(run('ce que je pense des homosexuels ? rien du tout')!.detail).toContain("'homosexuels'");
  });

  test.each([
    // the same groups in proposals: no chat register, no finding
    'Il faut accueillir dignement chaque famille de réfugiés',
    'Il faut des refuges pour les personnes homosexuelles chassées de chez elles',
    'Il faut former la police aux violences faites aux femmes handicapées',
    // a chat message that quotes or condemns what is said of a group
    'je pense qu’il faut punir ceux qui insultent les musulmans…',
  ])('a group named in a proposal, or condemned, is not a finding: %s', (text) => {
    expect(run(text)?.score ?? 0).toBeLessThan(0.1);
  });

  test.each([
    'Il faut lutter contre le harcèlement de rue',
    'Il faut sanctionner ceux qui traitent les femmes de salopes dans la rue',
    'Il faut punir les insultes comme « pute » ou « connasse » lancées aux joueuses',
    'Il faut que « sale pute » soit reconnu comme une injure sexiste aggravée',
    'Il faut installer des bornes contre les punaises de lit dans les foyers',
    'Il faut traiter ces punaises de lit qui envahissent les logements sociaux',
    'Il faut réduire la pollution des chauffards et des camions',
    'IL FAUT PROTÉGER LES FEMMES VICTIMES DE VIOLENCES CONJUGALES',
    'Il faut créer 2 000 places d’hébergement d’urgence avant le 31 décembre 2027',
    'Il faut réduire les ordures ménagères et trier les déchets',
    'Il faut lutter contre le lobbying, c’est-à-dire peut-être interdire les cadeaux',
    'Il faut noter les élus de * à *****',
  ])('proposals that condemn or merely resemble insults are not flagged: %s', (text) => {
    expect(run(text)?.score ?? 0).toBeLessThan(0.1);
  });
});
