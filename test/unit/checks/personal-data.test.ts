import { personalDataCheck } from '../../../models/checks/personal-data.js';
import { inputFor } from '../../support/check-input.js';

const run = (text: string) => personalDataCheck.run(inputFor(text));

describe('personal_data', () => {
  test.each([
    ['Il faut m’écrire à marie.dupont@example.fr pour en parler', 'adresse e-mail', 0.9],
    // spelt to slip past a filter
    ['Il faut contacter jean point dupont arobase gmail point com', 'adresse e-mail', 0.9],
    ['Il faut écrire à jean.dupont [at] gmail [dot] com', 'adresse e-mail', 0.9],
    ['Il faut m’appeler au 06 12 34 56 78', 'numéro de téléphone', 0.9],
    ['Il faut m’appeler au +33 6 12 34 56 78', 'numéro de téléphone', 0.9],
    ['Il faut appeler le 01.45.67.89.10 le soir', 'numéro de téléphone', 0.9],
    ['Il faut verser les dons sur FR76 3000 6000 0112 3456 7890 189', 'IBAN (clé valide)', 0.99],
    ['Il faut rembourser mon numéro 1 85 05 78 006 084 91', 'numéro de sécurité sociale (clé valide)', 0.99],
    ['Il faut venir au 12 rue des Lilas, 75011 Paris', 'adresse postale avec code postal', 0.9],
  ])('%s → %s', (text, detail, score) => {
    expect(run(text)).toEqual({ code: 'personal_data', score, detail });
  });

  test('an IBAN or NIR with a wrong key is not one', () => {
    expect(run('Il faut verser les dons sur FR76 3000 6000 0112 3456 7890 188')).toBeNull();
    expect(run('Il faut rembourser mon numéro 1 85 05 78 006 084 92')).toBeNull();
  });

  test.each([
    'Il faut rendre le 3919 gratuit et joignable 24h/24',
    'Il faut que le 0 800 05 95 95 soit connu de tous',
    'Il faut appliquer la loi n° 2018-703 du 3 août 2018',
    'Il faut 1 000 000 € pour 2027 et 15 % de places en plus',
    'Il faut rénover la place de la République et la rue principale',
    'Il faut former 20 000 policiers et gendarmes en 2026',
  ])('numbers, dates and places are not personal data: %s', (text) => {
    expect(run(text)).toBeNull();
  });
});
