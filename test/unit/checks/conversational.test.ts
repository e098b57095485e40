import { conversationalCheck } from '../../../models/checks/conversational.js';
import { inputFor } from '../../support/check-input.js';

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
