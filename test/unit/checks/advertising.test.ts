import { advertisingCheck } from '../../../models/checks/advertising.js';
import { consultationFor, inputFor } from '../../support/check-input.js';

const run = (text: string) => advertisingCheck.run(inputFor(text));

describe('advertising', () => {
  test('a shop link with promotional language is rejected automatically', () => {
    const result = run('Il faut profiter de la livraison gratuite sur www.superpromo-shop.com, code promo FEMMES')!;
    expect(result.code).toBe('advertising');
    expect(result.score).toBeGreaterThanOrEqual(advertisingCheck.autoRejectAt);
    expect(result.detail).toContain("lien vers un site commercial : 'superpromo-shop.com'");
    expect(result.detail).toContain('langage promotionnel');
  });

  test('an ordinary link goes to review, naming the site', () => {
    const result = run('Il faut lire https://example.net/article avant de voter')!;
    expect(result).toEqual({ code: 'advertising', score: 0.5, detail: "lien : 'example.net'" });
  });

  test('promotional language alone is a hint for review', () => {
    const result = run('Il faut acheter local : commandez chez nos artisans, achetez français')!;
    expect(result.score).toBeGreaterThanOrEqual(0.5);
    expect(result.score).toBeLessThan(advertisingCheck.autoRejectAt);
  });

  test.each([
    ['Il faut visiter www . monsite . com pour des promos', 'monsite.com'],
    ['Il faut aller sur monsite point com', 'monsite.com'],
    ['Il faut voir monsite[.]com', 'monsite.com'],
    ['Il faut voir monsite (dot) com', 'monsite.com'],
    ['Wenn ihr Fotos habt, schickt sie uns an schnellinfo .de', 'schnellinfo.de'],
  ])('a link spelt to slip past a filter is still a link: %s', (text, host) => {
    expect(run(text)?.detail).toContain(`'${host}'`);
  });

  test.each([
    "Il faut revaloriser d'un point de vue social les métiers de l'alimentation",
    'Il faut remplacer 5 point de TVA par une taxe carbone',
    'Il faut trouver un point commun entre les élus',
  ])('"point" before an ordinary word is no dot: %s', (text) => {
    expect(run(text)).toBeNull();
  });

  test.each([
    'Il faut renvoyer vers https://www.service-public.fr pour les démarches',
    'Il faut améliorer la qualité de nos produits agricoles',
    'Il faut supprimer les soldes qui poussent à la surconsommation',
    'Il faut faire de la prévention un outil de promotion de la santé',
    'Il faut réduire les prix de 10 % dans les cantines',
  ])('public links and ordinary words are not advertising: %s', (text) => {
    expect(run(text)).toBeNull();
  });
});

describe('advertising in English', () => {
  const runEn = (text: string) => advertisingCheck.run(inputFor(text, consultationFor({ language: 'en' })));

  test('a percentage off on a cheap-goods site is a shop link with an offer', () => {
    const result = runEn('Buy cheap Viagra now at www.cheap-pills.com with 50% discount!!!')!;
    expect(result.detail).toBe("link to a commercial site: 'cheap-pills.com'; promotional language: '50% discount'");
    expect(result.score).toBeGreaterThanOrEqual(0.9);
  });

  test.each([
    'Give pensioners a discount on bus passes',
    'Cut the price of school meals by 50 percent for low-income families',
  ])('a discount for people is a civic proposal: %s', (text) => {
    expect(runEn(text)).toBeNull();
  });
});
