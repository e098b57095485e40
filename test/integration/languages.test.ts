/** A consultation in each supported language, through the real service on a real Redis: good proposals are
 * accepted, a keyboard mash and an insult are caught, and the moderator reads the evidence in the consultation's
 * language. */
import { describe, expect, it } from '@jest/globals';
import type { SupportedLanguage } from '../../models/text/languages/registry.js';
import { waitForTriage, serviceForSuite } from '../support/service.js';

const { svc } = serviceForSuite();

interface Case { question: string; good: [string, string]; mash: string; insult: string; outOfDictionary: RegExp; abusive: RegExp }

const CASES: Record<SupportedLanguage, Case> = {
  fr: {
    question: 'Comment rendre notre ville plus verte ?',
    good: ['Planter des arbres le long de chaque rue du centre-ville', 'Créer des jardins partagés sur les toits des bâtiments publics'],
    mash: 'azertyuiop qsdfghjklm wxcvbn', insult: 'Le maire est un connard et un enfoiré',
    outOfDictionary: /^\d+ % des mots hors dictionnaire : '/, abusive: /^mots injurieux : /,
  },
  en: {
    question: 'How can our city become greener?',
    good: ['We should plant more trees along every street', 'We need rooftop gardens on public buildings'],
    mash: 'qwrtzp sdfghjk xcvbnmq wrtpsl', insult: 'The mayor is a fucking asshole',
    outOfDictionary: /^\d+% of words not in the dictionary: '/, abusive: /^abusive words: /,
  },
  de: {
    question: 'Wie kann unsere Stadt grüner werden?',
    good: ['Wir brauchen mehr Bäume an jeder Straße', 'Die Stadt sollte Dachgärten auf öffentlichen Gebäuden anlegen'],
    mash: 'qwrtzp sdfghjk xcvbnmq wrtpsl', insult: 'Der Bürgermeister ist ein Arschloch und ein Wichser',
    outOfDictionary: /^\d+ % der Wörter nicht im Wörterbuch: '/, abusive: /^beleidigende Wörter: /,
  },
  es: {
    question: '¿Cómo puede nuestra ciudad ser más verde?',
    good: ['Hay que plantar más árboles en todas las calles', 'La ciudad debería crear huertos en los tejados de los edificios públicos'],
    mash: 'qwrtzp sdfghjk xcvbnmq wrtpsl', insult: 'El alcalde es un gilipollas y un cabrón',
    outOfDictionary: /^\d+ % de las palabras fuera del diccionario: '/, abusive: /^palabras injuriosas: /,
  },
  it: {
    question: 'Come può la nostra città diventare più verde?',
    good: ['Bisogna piantare più alberi lungo ogni strada', 'Il comune dovrebbe creare orti sui tetti degli edifici pubblici'],
    mash: 'qwrtzp sdfghjk xcvbnmq wrtpsl', insult: 'Il sindaco è uno stronzo e un coglione',
    outOfDictionary: /^\d+% delle parole non nel dizionario: '/, abusive: /^parole offensive: /,
  },
};

describe.each(Object.keys(CASES) as SupportedLanguage[])('a consultation in %s', (language) => {
  it('accepts good proposals, catches a keyboard mash and an insult, with evidence in its language', async () => {
    const c = CASES[language];
    const cid = `green-${language}`;
    expect((await svc.call('PUT', `/v1/consultations/${cid}`, { question: c.question, language })).status).toBe(201);
    const texts = [...c.good, c.mash, c.insult];
    const batch = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, {
      proposals: texts.map((text, i) => ({ externalId: `p${i}`, text })),
    });
    expect(batch.status).toBe(202);
    const [good1, good2, mash, insult] = await waitForTriage(svc, batch.body.items.map((i: any) => i.id));
    expect([good1.status, good2.status]).toEqual(['accepted', 'accepted']);
    expect(mash.status).toBe('rejected');
    expect(mash.decision.reason).toBe('incomprehensible');
    expect(mash.suggestion.reasons.find((r: any) => r.code === 'incomprehensible').detail).toMatch(c.outOfDictionary);
    expect(['rejected', 'pending_review']).toContain(insult.status);
    expect(insult.suggestion.outcome).toBe('reject');
    expect(insult.suggestion.reasons[0]).toMatchObject({ code: 'toxic', detail: expect.stringMatching(c.abusive) });
  });
});
