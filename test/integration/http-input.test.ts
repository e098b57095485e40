/** Hostile and broken input gets a 4xx problem naming the field — never a 5xx, never a lost proposal. */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { SUPPORTED_LANGUAGES } from '../../models/text/languages/registry.js';
import { URSSAF, waitForTriage, serviceForSuite } from '../support/service.js';

const { svc } = serviceForSuite();
beforeAll(async () => {
  await svc.call('PUT', '/v1/consultations/c1', URSSAF);
});

const intake = '/v1/consultations/c1/proposals';

async function expectProblem(res: { status: number; body: any; headers: Headers }, status: number, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, type: expect.stringContaining('urn:proposal-triage:problem:'), requestId: expect.any(String) });
  if (field) expect(res.body.errors.map((e: any) => e.field)).toContain(field);
}

describe('bad input answers 4xx naming the field', () => {
  const cases: [string, string, string, unknown, number, string][] = [
    ['missing text', 'POST', intake, { externalId: 'x' }, 422, 'text'],
    ['text of the wrong type', 'POST', intake, { externalId: 'x', text: 42 }, 422, 'text'],
    ['empty text', 'POST', intake, { externalId: 'x', text: '' }, 422, 'text'],
    ['text with a NUL character', 'POST', intake, { externalId: 'x', text: 'Il faut\u0000 du courage' }, 422, 'text'],
    ['text with a C1 control', 'POST', intake, { externalId: 'x', text: 'Il faut \u009b agir' }, 422, 'text'],
    ['text with a lone surrogate', 'POST', intake, '{"externalId":"x","text":"Il faut \\ud800 agir"}', 422, 'text'],
    ['text with a right-to-left override (displays reversed)', 'POST', intake, { externalId: 'x', text: '\u202Eeriam ud tuaf lI' }, 422, 'text'],
    ['text with a bidi isolate', 'POST', intake, { externalId: 'x', text: 'Il faut \u2067drannoc\u2069 agir' }, 422, 'text'],
    ['text over 5000 characters', 'POST', intake, { externalId: 'x', text: 'Il faut '.padEnd(5001, 'a') }, 422, 'text'],
    ['externalId with spaces', 'POST', intake, { externalId: 'a b', text: 'Il faut agir maintenant' }, 422, 'externalId'],
    ['externalId missing', 'POST', intake, { text: 'Il faut agir maintenant' }, 422, 'externalId'],
    ['unknown field', 'POST', intake, { externalId: 'x', text: 'Il faut agir', votes: 3 }, 422, ''],
    ['body is an array', 'POST', intake, [1, 2], 422, 'body'],
    ['batch over 1000', 'POST', `${intake}/batch`, { proposals: Array.from({ length: 1001 }, (_, i) => ({ externalId: `b${i}`, text: 'Il faut agir' })) }, 422, 'proposals'],
    ['batch item invalid', 'POST', `${intake}/batch`, { proposals: [{ externalId: 'ok', text: 'Il faut agir' }, { externalId: 'ko', text: null }] }, 422, 'proposals[1].text'],
    ['empty batch', 'POST', `${intake}/batch`, { proposals: [] }, 422, 'proposals'],
    ['consultation id with a slash-like character', 'POST', '/v1/consultations/c%201/proposals', { externalId: 'x', text: 'Il faut agir' }, 422, 'path.id'],
    ['question missing', 'PUT', '/v1/consultations/c2', { language: 'fr' }, 422, 'question'],
    ['minLength above maxLength', 'PUT', '/v1/consultations/c2', { ...URSSAF, rules: { minLength: 200, maxLength: 140 } }, 422, 'rules.minLength'],
    ['language not a code', 'PUT', '/v1/consultations/c2', { ...URSSAF, language: 'français' }, 422, 'language'],
    ['language not supported', 'PUT', '/v1/consultations/c2', { ...URSSAF, language: 'nl' }, 422, 'language'],
    ['unknown check in policy.checks', 'PUT', '/v1/consultations/c2', { ...URSSAF, policy: { checks: { constructor: { enabled: false } } } }, 422, 'policy.checks.constructor'],
    ['unknown policy mode', 'PUT', '/v1/consultations/c2', { ...URSSAF, policy: { ...URSSAF.policy, mode: 'yolo' } }, 422, 'policy.mode'],
    ['decision outcome unknown', 'POST', '/v1/proposals/c1~1/decision', { outcome: 'maybe' }, 422, 'outcome'],
    ['rejection without reason', 'POST', '/v1/proposals/c1~1/decision', { outcome: 'reject' }, 422, 'reason'],
    ['reason code unknown', 'POST', '/v1/proposals/c1~1/decision', { outcome: 'reject', reason: 'ugly' }, 422, 'reason'],
    ['malformed proposal id', 'GET', '/v1/proposals/nope', undefined, 422, 'path.id'],
    ['limit not a number', 'GET', '/v1/consultations/c1/proposals?limit=abc', undefined, 422, 'query.limit'],
    ['limit too large', 'GET', '/v1/consultations/c1/proposals?limit=100000', undefined, 422, 'query.limit'],
    ['cursor forged', 'GET', '/v1/consultations/c1/proposals?cursor=../../etc', undefined, 422, 'query.cursor'],
    ['status unknown', 'GET', '/v1/consultations/c1/proposals?status=lost', undefined, 422, 'query.status'],
    ['key role unknown', 'POST', '/v1/keys', { name: 'k', role: 'root' }, 422, 'role'],
  ];
  it.each(cases)('%s', async (_name, method, path, body, status, field) => {
    await expectProblem(await svc.call(method, path, body), status, field || undefined);
  });

  it('an unsupported language is refused listing the supported ones, as the OpenAPI enum does', async () => {
    const res = await svc.call('PUT', '/v1/consultations/c3', { ...URSSAF, language: 'pt' });
    await expectProblem(res, 422, 'language');
    const problem = res.body.errors.find((e: any) => e.field === 'language');
    for (const lang of SUPPORTED_LANGUAGES) expect(problem.message).toContain(lang);
    const openapi = await svc.call('GET', '/v1/openapi.json');
    expect(openapi.body.components.schemas.ConsultationInput.properties.language.enum).toEqual([...SUPPORTED_LANGUAGES]);
    for (const language of SUPPORTED_LANGUAGES) {
      expect((await svc.call('PUT', `/v1/consultations/lang-${language}`, { ...URSSAF, language })).status).toBe(201);
    }
  });
  it.each([
    ['How can our city become greener?', undefined, 'English (en)'],
    ['Wie kann unsere Stadt grüner werden?', undefined, 'German (de)'],
    ['¿Cómo puede nuestra ciudad ser más verde?', undefined, 'Spanish (es)'],
    ['Come può la nostra città diventare più verde?', undefined, 'Italian (it)'],
    ['Energy', 'What do you want the council to do about energy, and how should we pay for it?', 'English (en)'],
  ])('without language, a question that clearly reads as another language is refused, naming language: %s', async (question, description, named) => {
    const res = await svc.call('PUT', '/v1/consultations/unsaid', { question, ...(description ? { description } : {}) });
    await expectProblem(res, 422, 'language');
    const problem = res.body.errors.find((e: any) => e.field === 'language');
    expect(problem.message).toContain(named);
    expect(problem.message).toMatch(/give language explicitly/);
    expect((await svc.call('GET', '/v1/consultations/unsaid')).status).toBe(404);
  });

  it.each([
    ['Energie'], ['$15/hour'], ['Comment améliorer les services de l’Urssaf ?'], ['Hoe maken we de stad groener?'],
  ])('without language, a question that does not clearly read as another language is French, as before: %s', async (question) => {
    const res = await svc.call('PUT', `/v1/consultations/unclear-${encodeURIComponent(question).replace(/[^A-Za-z0-9]/g, '')}`, { question });
    expect(res.status).toBe(201);
    expect(res.body.language).toBe('fr');
  });

  it('a question in another language with its language given is accepted', async () => {
    const res = await svc.call('PUT', '/v1/consultations/said', { question: 'How can our city become greener?', language: 'en' });
    expect(res.status).toBe(201);
    expect(res.body.language).toBe('en');
  });

  it('invalid JSON → 400 naming the body', async () => {
    await expectProblem(await svc.call('POST', intake, '{"externalId": "x", "text": '), 400, 'body');
  });
  it('a body that is not JSON → 415 naming Content-Type', async () => {
    await expectProblem(await svc.call('POST', intake, 'externalId=x', undefined, { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'Content-Type');
  });
  it('a 2 MB text → 413 naming the body', async () => {
    await expectProblem(await svc.call('POST', intake, { externalId: 'big', text: 'a'.repeat(2 * 1024 * 1024) }), 413, 'body');
  });
  it('an unknown consultation → 404', async () => {
    await expectProblem(await svc.call('POST', '/v1/consultations/ghost/proposals', { externalId: 'x', text: 'Il faut agir' }), 404);
  });
  it('an unknown route → 404 problem', async () => {
    await expectProblem(await svc.call('GET', '/v1/nothing-here'), 404);
  });
  it('the request id is echoed in the problem and the header', async () => {
    const res = await svc.call('GET', '/v1/proposals/nope', undefined, undefined, { 'x-request-id': 'req-123' });
    expect(res.body.requestId).toBe('req-123');
    expect(res.headers.get('x-request-id')).toBe('req-123');
  });

  it('no 5xx on a barrage of malformed bodies', async () => {
    const junk: unknown[] = [null, 0, 'str', true, [], {}, { proposals: 'x' }, { proposals: [null] }, { externalId: {}, text: [] },
      { text: '\ud83d' }, { externalId: 'x'.repeat(10000), text: 'Il faut' }, { question: 1 }, { outcome: null }, { __proto__: { admin: true } },
      { constructor: { prototype: { x: 1 } } }, { rules: { minLength: -1 } }, { rules: { maxLength: 1e309 } }];
    const paths: [string, string][] = [['POST', intake], ['POST', `${intake}/batch`], ['PUT', '/v1/consultations/c3'], ['POST', '/v1/proposals/c1~1/decision'], ['POST', '/v1/keys']];
    for (const [method, path] of paths) {
      for (const body of junk) {
        const res = await svc.call(method, path, JSON.stringify(body));
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    }
  });
});

describe('control characters and invisible text', () => {
  it('stores the text as sent, but checks the normalised text', async () => {
    const text = 'Il\u200B faut\u00A0 simplifier  les\tdémarches en ligne'; // zero-width space, NBSP, tab
    const res = await svc.call('POST', intake, { externalId: 'zw', text });
    expect(res.status).toBe(202);
    const [triaged] = await waitForTriage(svc, [res.body.id]);
    expect(triaged.text).toBe(text);
    // the zero-width space inside "Il faut" does not hide the prefix, nor the NBSP and tab the length
    expect(triaged.status).toBe('accepted');
  });
});

describe('idempotency', () => {
  it('the same externalId posted 100 times concurrently creates one proposal', async () => {
    await svc.call('PUT', '/v1/consultations/idem', URSSAF);
    const results = await Promise.all(Array.from({ length: 100 }, () =>
      svc.call('POST', '/v1/consultations/idem/proposals', { externalId: 'same', text: 'Il faut un seul exemplaire de cette proposition' })));
    expect(results.every((r) => r.status === 202)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const batch = await svc.call('POST', '/v1/consultations/idem/proposals/batch', { proposals: [{ externalId: 'same', text: 'autre texte' }, { externalId: 'same', text: 'encore' }] });
    expect(batch.body.items.map((i: any) => i.id)).toEqual([results[0]!.body.id, results[0]!.body.id]);
    const list = await svc.call('GET', '/v1/consultations/idem/proposals?limit=1000');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].text).toBe('Il faut un seul exemplaire de cette proposition');
  });
});
