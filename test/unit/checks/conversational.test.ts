import type { SupportedLanguage } from '../../../models/text/languages/registry.js';
import { conversationalCheck } from '../../../models/checks/conversational.js';
import { consultationFor, inputFor } from '../../support/check-input.js';

const run = (text: string) => conversationalCheck.run(inputFor(text));

describe('conversational', () => {
  test('a tweet addressing someone goes to review, never rejected alone', () => {
    const result = run("t'es sérieux toi ? je comprends pas #debat @user…")!;
    expect(result.code).toBe('off_topic');
    expect(result.score).toBeGreaterThan(0.5);
    expect(result.detail).toMatch(/^ressemble à un message de conversation plutôt qu’à une proposition : écrit à la première personne, tutoie, mot-dièse ou mention/);
    expect(conversationalCheck.autoRejectAt).toBe(Infinity);
  });

  test.each([
    'Il faut lutter contre le harcèlement de rue',
    'Il faut que chacun puisse porter plainte en ligne, même la nuit',
    'Que la femme puisse s’habiller comme elle le souhaite.',
    'Pourquoi ne taxe-t-on pas les transactions financières ?',
  ])('proposals are not conversational: %s', (text) => {
    expect(run(text)).toBeNull();
  });
});

/** Per consultation language: the marks of a reply in a conversation, not the way good comments are written there. */
describe('conversational, in the consultation\'s language', () => {
  const runIn = (text: string, language: SupportedLanguage) => conversationalCheck.run(inputFor(text, consultationFor({ language })));

  test.each<[SupportedLanguage, string]>([
    ['en', 'We should expand the bus network to the suburbs'],
    ['en', 'I think the minimum wage should rise with inflation'],
    ['en', 'The U.S. must invest in public housing'],
    ['de', 'mehr Wasserkraft und Photovoltaik auf öffentlichen Dächern'],
    ['de', 'Ich bin bereit, Windräder auch in meinem Umfeld zu akzeptieren.'],
    ['de', 'Alte Häuser sanieren statt neu bauen'],
    ['es', 'Hay que ampliar la red de autobuses'],
    ['it', 'Bisogna ampliare la rete degli autobus'],
  ])('a good comment is not a chat message (%s): %s', (language, text) => {
    expect(runIn(text, language)?.score ?? 0).toBeLessThan(0.1);
  });

  test.each<[SupportedLanguage, string, RegExp]>([
    ['de', 'Danke für die Info, aber du hast keine Ahnung 😂', /^wirkt eher wie eine Chatnachricht als wie ein Vorschlag: duzt, Emoji oder Emoticon, beginnt wie eine Antwort/],
    ['de', 'Keineswegs. Ich glaub nur nicht alles, was in der Zeitung steht ☺', /Emoji oder Emoticon/],
    ['en', "lol you can't be serious? 🙄", /^looks like a chat message rather than a proposal: speaks to someone as “you”, emoji or emoticon, chat slang/],
    ['it', 'Ma tu hai visto che roba?? 😡', /emoji o emoticon/],
  ])('a reply in a conversation goes to review (%s): %s', (language, text, detail) => {
    const result = runIn(text, language)!;
    expect(result.score).toBeGreaterThanOrEqual(0.4);
    expect(result.detail).toMatch(detail);
  });
});
