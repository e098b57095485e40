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
    'Il faut plus de bateaux à pédales sur le lac',
    'La pédale de frein des bus est trop dure pour les chauffeurs',
    "Réparer la pédale d'accélérateur des voitures de la mairie",
    'Il faut changer les pédales du vélo en libre-service',
    'Le pédalier et les pédales des vélos partagés cassent souvent',
    'Le gouvernement perd les pédales sur le budget',
    'Il faut mettre la pédale douce sur les dépenses',
    "C'est une pédale de frein usée qu'il faut changer",
  ])('the noun "pédale", a pedal, told by the words around it, is no insult: %s', (text) => {
    expect(run(text)).toBeNull();
  });

  test.each([
    'Il faut apprendre aux enfants à freiner avec la pédale de droite',
    "La pédale de gauche est l'embrayage : il faut l'enseigner dès l'auto-école",
    'Il faut que les pédales de gauche des bus soient plus douces',
    'Il faut un coup de pédale pour relancer les transports doux',
    'Il faut distribuer des tapettes à souris dans les logements infestés',
    'Il faut tenir sa chienne en laisse dans les parcs, même avec ses chiots',
    'Il faut favoriser le pain bâtard et la baguette dans les cantines',
    'Il faut servir du boudin noir et des andouilles du terroir',
  ])('a pedal by its side or its stroke, a trap, a dog, a bread: %s', (text) => {
    expect(run(text)).toBeNull();
  });

  test.each([
    'Il faut agir avant que la situation dégénère',
    'Quand la situation dégénère, il faut appeler la police',
    'Il faut des médiateurs dans les cités où les conflits dégénèrent',
    'La dispute a dégénéré en bagarre devant l’école : il faut des surveillants',
    'Les débats en ligne ont souvent dégénéré, il faut des modérateurs',
    'Il faut éviter que le débat ne dégénère en insultes',
    'Le conseil municipal dégénère-t-il ? Il faut plus de transparence',
  ])('the verb dégénérer — its own spelling "dégénère", after avoir, inverted — is no insult: %s', (text) => {
    expect(run(text)).toBeNull();
  });

  test.each([
    ['cette pédale de droite', 'pédale'],
    ["c'est une pédale de gauche", 'pédale'],
    ['sale pédale de droite', 'pédale'],
    ["t'es une tapette", 'tapette'],
    ['bande de tapettes', 'tapettes'],
    ['sale chienne', 'chienne'],
    ['espèce de bâtard', 'bâtard'],
    ['Espèce de dégénéré', 'dégénéré'],
    ['Bande de dégénérés', 'dégénérés'],
    ['Les élus sont des dégénérés', 'sont des dégénérés'],
    ['Le maire est un degenere', 'degenere'],
  ])('said of someone they stay insults: %s', (text, written) => {
    const result = run(text)!;
    expect(result.score).toBeGreaterThanOrEqual(0.25);
    expect(result.detail).toContain(`'${written}'`);
  });

  test('a present "dégénère" written without its accent is still a weak finding: accents decide only one way', () => {
    expect(run('la situation degenere')?.score).toBe(0.25);
  });

  test.each([
    ["Espèce d'attardé", 'attardé'],
    ['Ces attardés du conseil municipal', 'attardés'],
    ["T'es attardé ou quoi", 'attardé'],
    ['Vous êtes attardés', 'attardés'],
    ['Le maire est un 4tt4rdé', '4tt4rdé'],
    ['sale pédale', 'pédale'],
    ['espèce de pédale', 'pédale'],
    ["t'es une pédale", 'pédale'],
    ['vous êtes des pédales à vélo', 'pédales'],
    ['bande de pédales du vélo club', 'pédales'],
    ['Le maire est une pédale, qu’il aille à vélo', 'pédale'],
    ['cette pédale de maire', 'pédale'],
    ['une pédale de merde', 'pédale'],
    ['pédale', 'pédale'],
  ])('the insult stays an insult however it is spelt when nothing around it reads it as a verb or a thing: %s', (text, written) => {
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

  const inEnglish = (text: string) => toxicCheck.run(inputFor(text, consultationFor({ language: 'en' })));
  const inGerman = (text: string) => toxicCheck.run(inputFor(text, consultationFor({ language: 'de' })));

  test.each([
    'We should assess the impact of the new tax on families',
    'The council must reassess its housing plan every year',
    'Dick Cheney was vice president under George W. Bush',
    'Moby Dick should be on the school reading list',
    'Philip K. Dick novels should be in every library',
    'Dominic Cummings should testify to parliament',
    'The ass pulled the cart across the field',
    'A wild ass is an endangered species',
    'Raise the dykes against sea level rise',
    'Restore the old sea wall and the dykes in Norfolk',
    'Clean up the fag ends littering the streets',
    'The bitch and her puppies need a licensed breeder',
    'The cock crowed at dawn on the city farm',
    'Ban cock fighting everywhere',
    'A pussy willow should be planted in every school garden',
    'Blue tits and great tits need nest boxes in parks',
    'Faggots and peas are a traditional dish in the Black Country',
    'A finger prick is enough for a diabetes test',
    'Spotted dick and custard in school dinners',
    'We must not retard the growth of small businesses',
  ])('English: a word spelt like an insult, read as a word, a name, an animal or a thing by the words around it: %s', (text) => {
    expect(inEnglish(text)).toBeNull();
  });

  test.each([
    ['you stupid ass', 'ass'],
    ['The mayor is an ass', 'ass'],
    ['what an ass, this mayor', 'ass'],
    ['shut up you dumb bitch', 'bitch'],
    ['She is a bitch', 'bitch'],
    ['the mayor is a prick', 'prick'],
    ['you prick', 'prick'],
    ['what a retard', 'retard'],
    ['stupid dyke', 'dyke'],
    ['You Dick', 'Dick'],
    ['Dick move by the council', 'Dick'],
    ['Stupid Dick', 'Dick'],
    ['these assses on the council', 'assses'],
    ['the council is full of asses', 'asses'],
  ])('English: said of someone, or with nothing to read it otherwise, it stays an insult: %s', (text, written) => {
    const result = inEnglish(text)!;
    expect(result.score).toBeGreaterThanOrEqual(0.5);
    expect(result.detail).toContain(`'${written}'`);
  });

  test.each([
    'Nistkästen zum Schutz von Vögeln in allen Parks',
    'Mit den heimischen Vögeln im Garten leben: mehr Hecken pflanzen',
    'Futterstellen für Zugvögeln und Singvögeln im Winter',
    'Zecken übertragen FSME: mehr Aufklärung in den Schulen',
  ])('German: "Vögeln", the dative plural of Vogel (birds), after a dative word or in a compound: %s', (text) => {
    expect(inGerman(text)).toBeNull();
  });

  test.each(['ich will dich vögeln', 'geh vögeln', 'Die wollen doch nur vögeln'])('German: the verb vögeln stays a finding: %s', (text) => {
    expect(inGerman(text)!.score).toBeGreaterThanOrEqual(0.5);
  });

  test.each(['Diese Zecken gehören nicht ins Parlament', 'Ihr Zecken habt keine Ahnung vom Wald'])('German: "Zecken" said of people stays a pejorative: %s', (text) => {
    expect(inGerman(text)!.score).toBeGreaterThanOrEqual(0.25);
  });
});
