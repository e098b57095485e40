/** A consultation in each supported language, through the real service on a real Redis: good proposals are
 * accepted, a keyboard mash and an insult are caught, and the moderator reads the evidence in the consultation's
 * language. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { keys } from '../../models/store/keys.js';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../../models/text/languages/registry.js';
import { startTestRedis } from '../support/redis.js';
import { startService, waitForTriage, serviceForSuite } from '../support/service.js';

const { svc, redis } = serviceForSuite();

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

/** Chat words the language identifiers barely know (fastText reads "ok" alone, English 0.63): never refused as
 * written in another language, with no language named; too short, they are refused as such, else a moderator sees
 * them. */
describe.each([
  ['fr', 'Comment rendre notre ville plus verte ?', 'mdr ok', 'lol ok lol ok'],
  ['de', 'Wie kann unsere Stadt grüner werden?', 'ok lol xD', 'ok lol xD lol'],
] as const)('chat words in a consultation in %s', (language, question, short, longer) => {
  it(`are not refused as another language: "${short}", "${longer}"`, async () => {
    const cid = `chat-${language}`;
    await svc.call('PUT', `/v1/consultations/${cid}`, { question, language, policy: { mode: 'auto' } });
    const batch = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, {
      proposals: [{ externalId: 'short', text: short }, { externalId: 'longer', text: longer }],
    });
    const [tooShort, review] = await waitForTriage(svc, batch.body.items.map((i: any) => i.id));
    expect(tooShort.status).toBe('rejected');
    expect(tooShort.decision.reason).toBe('too_short');
    expect(review.status).toBe('pending_review');
    for (const proposal of [tooShort, review]) {
      expect(proposal.suggestion.reasons.find((r: any) => r.code === 'wrong_language')?.language).toBeUndefined();
    }
  });

  it(`the moderator page pre-selects for "${longer}" what the text is (chat filler), not the language guess capped for want of evidence`, async () => {
    const cid = `chat-main-${language}`;
    await svc.call('PUT', `/v1/consultations/${cid}`, { question, language, policy: { mode: 'review_all' } });
    const batch = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, { proposals: [{ externalId: 'longer', text: longer }] });
    const [proposal] = await waitForTriage(svc, batch.body.items.map((i: any) => i.id));
    // both findings are listed: the capped language guess (under the 0.7 from which it names a refusal) and the chat filler
    const foreign = proposal.suggestion.reasons.find((r: any) => r.code === 'wrong_language');
    const filler = proposal.suggestion.reasons.find((r: any) => r.code === 'incomprehensible');
    expect(foreign.score).toBeGreaterThan(filler.score);
    expect(foreign.score).toBeLessThan(0.7);
    // what the page reads for the item it shows, and what the queue's reason filter matches
    const shown = (await svc.call('GET', `/v1/proposals/${encodeURIComponent(proposal.id)}/review`)).body;
    expect(shown.suggestion.mainReason).toBe('incomprehensible');
    const queue = (await svc.call('GET', `/v1/consultations/${cid}/review/queue`)).body;
    expect(queue.counts.byReason).toEqual({ incomprehensible: 1 });
  });
});

/** Personal data of the country and an advert, in each language: refused (or sent to review) with the evidence in
 * the consultation's language. */
const PRIVATE_AND_ADVERT: Record<SupportedLanguage, { question: string; personal: string; personalDetail: RegExp; advert: string; advertDetail: RegExp }> = {
  fr: {
    question: 'Comment rendre notre ville plus verte ?',
    personal: 'Rembourser mes soins, mon numéro est le 1 85 05 78 006 084 91', personalDetail: /^numéro de sécurité sociale \(clé valide\)$/,
    advert: 'Livraison gratuite sur www.jardin-promo-shop.com, code promo VERT', advertDetail: /^lien vers un site commercial : 'jardin-promo-shop\.com' ; langage promotionnel : /,
  },
  en: {
    question: 'How can our city become greener?',
    personal: 'My National Insurance number is AB 12 34 56 C, please check my case', personalDetail: /^National Insurance number$/,
    advert: 'Buy now at www.garden-deals-shop.com with free shipping', advertDetail: /^link to a commercial site: 'garden-deals-shop\.com'; promotional language: /,
  },
  de: {
    question: 'Wie kann unsere Stadt grüner werden?',
    personal: 'Bitte überweisen an DE89 3704 0044 0532 0130 00 für den Garten', personalDetail: /^IBAN \(gültige Prüfziffern\)$/,
    advert: 'Jetzt kaufen bei www.garten-shop.de, versandkostenfrei', advertDetail: /^Link zu einer kommerziellen Website: 'garten-shop\.de'; Werbesprache: /,
  },
  es: {
    question: '¿Cómo puede nuestra ciudad ser más verde?',
    personal: 'Mi DNI es 12345678Z, quiero un huerto en mi calle', personalDetail: /^DNI \(letra de control válida\)$/,
    advert: 'Compra ya en www.tienda-jardin.es con envío gratis', advertDetail: /^enlace a un sitio comercial: 'tienda-jardin\.es'; lenguaje promocional: /,
  },
  it: {
    question: 'Come può la nostra città diventare più verde?',
    personal: 'Il mio codice fiscale è RSSMRA85T10A562S, voglio un orto', personalDetail: /^codice fiscale \(carattere di controllo valido\)$/,
    advert: 'Acquista subito su www.negozio-giardino.it, spedizione gratuita', advertDetail: /^link a un sito commerciale: 'negozio-giardino\.it'; linguaggio promozionale: /,
  },
};

describe.each(SUPPORTED_LANGUAGES)('personal data and adverts in a consultation in %s', (language) => {
  it('refuses a key-validated identifier of the country and a shop advert, saying so in its language', async () => {
    const c = PRIVATE_AND_ADVERT[language];
    const cid = `private-${language}`;
    await svc.call('PUT', `/v1/consultations/${cid}`, { question: c.question, language });
    const batch = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, {
      proposals: [{ externalId: 'pd', text: c.personal }, { externalId: 'ad', text: c.advert }],
    });
    const [personal, advert] = await waitForTriage(svc, batch.body.items.map((i: any) => i.id));
    const finding = (p: any, code: string) => p.suggestion.reasons.find((r: any) => r.code === code);
    // a National Insurance number has no check character: a moderator decides; the others are refused alone
    expect(personal.status).toBe(language === 'en' ? 'pending_review' : 'rejected');
    expect(personal.suggestion.outcome).toBe('reject');
    expect(finding(personal, 'personal_data').detail).toMatch(c.personalDetail);
    expect(advert.status).toBe('rejected');
    expect(advert.decision.reason).toBe('advertising');
    expect(finding(advert, 'advertising').detail).toMatch(c.advertDetail);
  });
});

/** The README's quick-start calls (curl against localhost:3000), in the order it gives them. */
function readmeCalls(): { method: string; path: string; body?: unknown }[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\\\n\s*/g, ' '));
  return blocks.flatMap((block) => [...block.matchAll(/curl (?:-X (\w+) )?localhost:3000(\/v1\/(?:consultations|proposals)\/\S+)[^\n]*?(?: -d '([^']*)')?$/gm)])
    .map(([, method = 'GET', path, body]) => ({ method, path: path!, ...(body ? { body: JSON.parse(body) } : {}) }));
}

describe('the README\'s quick start', () => {
  it('creates a French and an English consultation whose proposals are accepted, as it says', async () => {
    const calls = readmeCalls();
    // an English user finds how to say the consultation's language (issue 14: a consultation without it is French)
    expect(calls.some((c) => (c.body as any)?.language === 'en')).toBe(true);
    const read: string[] = [];
    for (const call of calls) {
      if (call.method === 'GET') { read.push(decodeURIComponent(call.path.split('/').pop()!)); continue; }
      expect((await svc.call(call.method, call.path, call.body)).status).toBeLessThan(300);
    }
    expect(read.length).toBeGreaterThanOrEqual(2);
    for (const proposal of await waitForTriage(svc, read)) expect([proposal.id, proposal.status]).toEqual([proposal.id, 'accepted']);
  });
});

describe('a consultation stored with a language the service no longer supports', () => {
  it('is read and marked, keeps its proposals, and refuses new ones with 422 naming language until a PUT fixes it', async () => {
    const cid = 'legacy-nl';
    await svc.call('PUT', `/v1/consultations/${cid}`, { question: 'Hoe maken we de stad groener?', language: 'fr', policy: { mode: 'review_all' } });
    const before = await svc.call('POST', `/v1/consultations/${cid}/proposals`, { externalId: 'p0', text: 'Meer bomen planten in elke straat' });
    const [queued] = await waitForTriage(svc, [before.body.id]);
    // as a record written before the supported list (any code was accepted then)
    const stored = JSON.parse((await redis.client().get(keys.consultation(cid)))!);
    await redis.client().set(keys.consultation(cid), JSON.stringify({ ...stored, language: 'nl' }));
    await new Promise((r) => setTimeout(r, 1100)); // the service caches consultations for 1 s

    const read = await svc.call('GET', `/v1/consultations/${cid}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: cid, unsupportedLanguage: 'nl', question: 'Hoe maken we de stad groener?' });
    expect((await svc.call('GET', `/v1/proposals/${queued.id}`)).body.text).toBe('Meer bomen planten in elke straat');
    const listed = await svc.call('GET', `/v1/consultations/${cid}/proposals`);
    expect(listed.body.items.map((p: any) => p.externalId)).toEqual(['p0']);

    for (const [path, body] of [
      [`/v1/consultations/${cid}/proposals`, { externalId: 'p1', text: 'Meer fietspaden aanleggen' }],
      [`/v1/consultations/${cid}/proposals/batch`, { proposals: [{ externalId: 'p1', text: 'Meer fietspaden aanleggen' }] }],
    ] as const) {
      const refused = await svc.call('POST', path, body);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'language', message: expect.stringContaining(`'nl', which this service no longer supports (supported: ${SUPPORTED_LANGUAGES.join(', ')})`) }]);
    }
    // a moderator still decides what it holds; the statement of reasons is in English (no Dutch catalogue)
    const decided = await svc.call('POST', `/v1/proposals/${queued.id}/decision`, { outcome: 'reject', reason: 'off_topic' });
    expect(decided.status).toBe(200);
    expect((await svc.call('GET', `/v1/proposals/${queued.id}`)).body.statement).toMatchObject({ language: 'en' });

    // the platform moves it to a supported language: marked no more, proposals taken again
    const fixed = await svc.call('PUT', `/v1/consultations/${cid}`, { question: 'How do we make the city greener?', language: 'en' });
    expect(fixed.status).toBe(200);
    expect(fixed.body.unsupportedLanguage).toBeUndefined();
    expect((await svc.call('POST', `/v1/consultations/${cid}/proposals`, { externalId: 'p1', text: 'We should plant more trees in every street' })).status).toBe(202);
  });
});

describe('proposals queued before their consultation\'s language was found unsupported', () => {
  it('go to a moderator untriaged, saying why', async () => {
    const own = await startTestRedis();
    const api = await startService(own.url, { ROLE: 'api' });
    try {
      const cid = 'legacy-queued';
      await api.call('PUT', `/v1/consultations/${cid}`, { question: 'Hoe maken we de stad groener?', policy: { mode: 'auto' } });
      const posted = await api.call('POST', `/v1/consultations/${cid}/proposals/batch`, { proposals: [{ externalId: 'q0', text: 'azertyuiop qsdfghjklm' }] });
      const stored = JSON.parse((await own.client().get(keys.consultation(cid)))!);
      await own.client().set(keys.consultation(cid), JSON.stringify({ ...stored, language: 'nl' }));
      // only now does a worker read the queue (the API role triages nothing)
      const worker = await startService(own.url, { ROLE: 'worker' });
      try {
        const [triaged] = await waitForTriage(api, posted.body.items.map((i: any) => i.id), 60_000);
        // a keyboard mash that French checks would have refused alone: no check ran
        expect(triaged.status).toBe('pending_review');
        expect(triaged.suggestion.reasons).toEqual([{ code: 'other', score: 0.5, detail: "not triaged: the consultation's language ('nl') is no longer supported; to examine" }]);
      } finally {
        await worker.close();
      }
    } finally {
      await api.close();
      await own.stop();
    }
  }, 120_000);
});
