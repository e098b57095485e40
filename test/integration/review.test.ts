import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { createKey, reviewQueue } from '../support/review.js';
import { URSSAF, startService, waitForTriage, type TestService } from '../support/service.js';

let redis: TestRedis;
let svc: TestService;
let modA: string;
let modB: string;
let scopedToOther: string;
let platform: string;
let ops: string;

// long enough for three requests on a loaded CI machine (1.5 s was not), short enough to wait out below
const UNDO_WINDOW_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (i: number) => `Il faut une proposition de test numéro ${i} vraiment distincte des autres`;

beforeAll(async () => {
  redis = await startTestRedis();
  svc = await startService(redis.url, { REVIEW_UNDO_WINDOW_MS: String(UNDO_WINDOW_MS) });
  modA = await createKey(svc, 'moderator', 'Alice');
  modB = await createKey(svc, 'moderator', 'Bruno');
  scopedToOther = await createKey(svc, 'moderator', 'Chloé', ['other']);
  platform = await createKey(svc, 'platform', 'plateforme');
  ops = await createKey(svc, 'ops', 'ops');
});
afterAll(async () => {
  await svc.close();
  await redis.stop();
});

const next = (cid: string, token: string, body: object = {}) => svc.call('POST', `/v1/consultations/${cid}/review/next`, body, token);

describe('leases', () => {
  it('gives two moderators different items, the same one again to the same moderator, and renews it', async () => {
    const items = await reviewQueue(svc, 'lease1', [0, 1, 2].map(text));
    const a = await next('lease1', modA, { leaseSeconds: 60 });
    const b = await next('lease1', modB, { leaseSeconds: 60 });
    expect(a.status).toBe(200);
    expect(a.body.item.id).toBe(items[0].id);
    expect(b.body.item.id).toBe(items[1].id);
    expect(a.body.item.lease.by).not.toBe(b.body.item.lease.by);
    const again = await next('lease1', modA, { leaseSeconds: 60 });
    expect(again.body.item.id).toBe(items[0].id);

    const before = Date.parse(again.body.item.lease.expiresAt);
    await sleep(20);
    const renewed = await svc.call('POST', `/v1/proposals/${items[0].id}/lease`, { leaseSeconds: 120 }, modA);
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expiresAt)).toBeGreaterThan(before + 50_000);
    const stolen = await svc.call('POST', `/v1/proposals/${items[0].id}/lease`, {}, modB);
    expect(stolen.status).toBe(409);
    expect(stolen.body.detail).toContain('being reviewed');

    // skipping: release, exclude, and the next one comes
    expect((await svc.call('DELETE', `/v1/proposals/${items[0].id}/lease`, undefined, modA)).status).toBe(204);
    const skipped = await next('lease1', modA, { exclude: [items[0].id] });
    expect(skipped.body.item.id).toBe(items[2].id);
    const free = await next('lease1', modB, { exclude: [items[1].id] });
    expect(free.body.item.id).toBe(items[0].id);
    // a moderator holds one item at a time: Bruno moving on released items[1]
    expect((await next('lease1', modA, { exclude: [items[0].id, items[2].id] })).body.item.id).toBe(items[1].id);
    expect((await next('lease1', modA, { exclude: [items[0].id, items[1].id, items[2].id] })).body.item).toBeNull();
  });

  it('lets another moderator take an item once its lease expires', async () => {
    const items = await reviewQueue(svc, 'lease2', [text(10)]);
    expect((await next('lease2', modA, { leaseSeconds: 1 })).body.item.id).toBe(items[0].id);
    expect((await next('lease2', modB)).body.item).toBeNull();
    const leasedDecision = await svc.call('POST', `/v1/proposals/${items[0].id}/decision`, { outcome: 'accept' }, modB);
    expect(leasedDecision.status).toBe(409);
    await sleep(1100);
    const taken = await next('lease2', modB);
    expect(taken.body.item.id).toBe(items[0].id);
    expect(taken.body.item.lease.by).not.toBe((await svc.call('GET', '/v1/session', undefined, modA)).body.principal.id);
  });

  it('never gives the same item to moderators claiming at the same time', async () => {
    await reviewQueue(svc, 'race', Array.from({ length: 12 }, (_, i) => text(100 + i)));
    const tokens = await Promise.all(Array.from({ length: 8 }, (_, i) => createKey(svc, 'moderator', `m${i}`)));
    const claims = await Promise.all(tokens.map((t) => next('race', t)));
    const ids = claims.map((c) => c.body.item.id);
    expect(new Set(ids).size).toBe(8);
    const queue = await svc.call('GET', '/v1/consultations/race/review/queue', undefined, ops);
    expect(queue.body.counts).toMatchObject({ total: 12, leased: 8 });
  });
});

describe('decisions', () => {
  it('releases the lease on decision, answers 409 to stale versions, and decides a selection in bulk', async () => {
    const items = await reviewQueue(svc, 'dec', [0, 1, 2, 3, 4].map((i) => text(200 + i)));
    const mine = (await next('dec', modA)).body.item;
    const stale = await svc.call('POST', `/v1/proposals/${mine.id}/decision`, { outcome: 'accept', expectedVersion: mine.version - 1 }, modA);
    expect(stale.status).toBe(409);
    const ok = await svc.call('POST', `/v1/proposals/${mine.id}/decision`, { outcome: 'reject', reason: 'off_topic', note: 'hors sujet', expectedVersion: mine.version }, modA);
    expect(ok.status).toBe(200);
    expect((await svc.call('POST', `/v1/proposals/${mine.id}/decision`, { outcome: 'accept' }, modA)).status).toBe(409);
    expect((await next('dec', modA)).body.item.id).toBe(items[1].id);

    const bulk = await svc.call('POST', '/v1/consultations/dec/review/decisions', {
      outcome: 'accept', items: items.slice(1).map((p, i) => ({ id: p.id, ...(i === 2 ? { expectedVersion: 0 } : {}) })),
    }, modB);
    expect(bulk.status).toBe(200);
    expect(bulk.body.results.map((r: any) => r.result)).toEqual(['leased', 'decided', 'conflict', 'decided']);
    expect(bulk.body.decided).toBe(2);
    const foreign = await svc.call('POST', '/v1/consultations/dec/review/decisions', { outcome: 'accept', items: [{ id: 'other~1' }] }, modB);
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe('items[0].id');
    const noReason = await svc.call('POST', '/v1/consultations/dec/review/decisions', { outcome: 'reject', items: [{ id: items[1].id }] }, modB);
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('reason');
  });

  it('undoes a decision within the window, back to review and leased to the moderator, but not after', async () => {
    const [p, q] = await reviewQueue(svc, 'undo', [text(300), text(301)]);
    const decided = await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'reject', reason: 'toxic' }, modA);
    expect(decided.status).toBe(200);
    expect((await svc.call('POST', `/v1/proposals/${p.id}/undo`, undefined, modB)).status).toBe(403);
    const undone = await svc.call('POST', `/v1/proposals/${p.id}/undo`, undefined, modA);
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ status: 'pending_review', decision: null, version: decided.body.version + 1 });
    expect((await next('undo', modB)).body.item.id).toBe(q.id);
    expect((await svc.call('POST', `/v1/proposals/${p.id}/undo`, undefined, modA)).status).toBe(409);
    const stats = await svc.call('GET', '/v1/consultations/undo/stats');
    expect(stats.body).toMatchObject({ decided: 0, decisions: { human: 0 }, byReason: { toxic: 0 } });
    expect(stats.body.decisionLatencyMs.human.count).toBe(0);

    expect((await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'accept' }, modA)).status).toBe(200);
    await sleep(UNDO_WINDOW_MS + 100);
    const late = await svc.call('POST', `/v1/proposals/${p.id}/undo`, undefined, modA);
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('undo is possible for');
  });
});

describe('queue listing', () => {
  it('filters by reason, suggestion, confidence and age, and counts per reason', async () => {
    const items = await reviewQueue(svc, 'listing', [text(400), 'Supprimer les pénalités de retard pour la première année', text(401), 'court']);
    const all = await svc.call('GET', '/v1/consultations/listing/review/queue', undefined, modA);
    expect(all.status).toBe(200);
    expect(all.body.items.map((p: any) => p.id)).toEqual(items.map((p) => p.id));
    expect(all.body.counts).toMatchObject({ total: 4, leased: 0, byReason: { none: 2, missing_prefix: 1, too_short: 1 }, capped: false });
    const prefix = await svc.call('GET', '/v1/consultations/listing/review/queue?reason=missing_prefix', undefined, modA);
    // the filter lists what its count says: "court" misses the prefix too, but its main reason is too_short
    expect(prefix.body.items.map((p: any) => p.externalId)).toEqual(['e1']);
    expect(prefix.body.items).toHaveLength(all.body.counts.byReason.missing_prefix);
    const accepts = await svc.call('GET', '/v1/consultations/listing/review/queue?suggestion=accept&minConfidence=0.5', undefined, modA);
    expect(accepts.body.items.map((p: any) => p.externalId)).toEqual(['e0', 'e2']);
    expect((await svc.call('GET', '/v1/consultations/listing/review/queue?minAgeS=3600', undefined, modA)).body.items).toEqual([]);
    const paged = await svc.call('GET', '/v1/consultations/listing/review/queue?limit=3', undefined, modA);
    expect(paged.body.items).toHaveLength(3);
    const rest = await svc.call('GET', `/v1/consultations/listing/review/queue?limit=3&cursor=${paged.body.nextCursor}`, undefined, modA);
    expect(rest.body.items.map((p: any) => p.externalId)).toEqual(['e3']);
    expect(rest.body.nextCursor).toBeNull();
    const bad = await svc.call('GET', '/v1/consultations/listing/review/queue?minConfidence=2', undefined, modA);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('query.minConfidence');

    const filtered = await next('listing', modA, { filters: { reason: 'too_short' } });
    expect(filtered.body.item.externalId).toBe('e3');
  });

  it('shows earlier similar proposals with their decisions', async () => {
    const [first] = await reviewQueue(svc, 'dups', [text(500)], 'o');
    expect((await svc.call('POST', `/v1/proposals/${first.id}/decision`, { outcome: 'accept' }, modA)).status).toBe(200);
    const [copy] = await reviewQueue(svc, 'dups', [text(500)], 'c');
    const item = (await next('dups', modA)).body.item;
    expect(item.id).toBe(copy.id);
    expect(item.suggestion.reasons[0].code).toBe('duplicate');
    expect(item.similar[0]).toMatchObject({ id: first.id, status: 'accepted', decision: { outcome: 'accept' } });
  });
});

describe('audit log', () => {
  it('records every decision, automatic ones included, with the suggestion, the note and undos; exports CSV', async () => {
    await svc.call('PUT', '/v1/consultations/audit', { ...URSSAF, policy: { ...URSSAF.policy, mode: 'review_rejections' } });
    const { body } = await svc.call('POST', '/v1/consultations/audit/proposals/batch', {
      proposals: [{ externalId: 'auto', text: text(600) }, { externalId: 'hum', text: 'Rendre les guichets accessibles le samedi' }],
    });
    const [auto, human] = await waitForTriage(svc, body.items.map((i: any) => i.id));
    expect([auto.status, human.status]).toEqual(['accepted', 'pending_review']);
    const note = '=HYPERLINK("x"), "cité"';
    expect((await svc.call('POST', `/v1/proposals/${human.id}/decision`, { outcome: 'accept', note }, modA)).status).toBe(200);
    expect((await svc.call('POST', `/v1/proposals/${human.id}/undo`, undefined, modA)).status).toBe(200);
    expect((await svc.call('POST', `/v1/proposals/${human.id}/decision`, { outcome: 'reject', reason: 'missing_prefix' }, modA)).status).toBe(200);

    const log = await svc.call('GET', '/v1/consultations/audit/audit', undefined, ops);
    expect(log.status).toBe(200);
    const alice = (await svc.call('GET', '/v1/session', undefined, modA)).body.principal.id;
    expect(log.body.items.map((e: any) => [e.externalId, e.outcome, e.reason, e.automatic, e.decidedBy])).toEqual([
      ['auto', 'accept', null, true, 'system'],
      ['hum', 'accept', null, false, alice],
      ['hum', 'undone', null, false, alice],
      ['hum', 'reject', 'missing_prefix', false, alice],
    ]);
    expect(log.body.items[1].note).toBe(note);
    expect(log.body.items[3].suggestion).toEqual({ outcome: 'reject', confidence: 1, reasons: ['missing_prefix'] });
    expect(log.body.nextCursor).toBeNull();
    const page = await svc.call('GET', '/v1/consultations/audit/audit?limit=2&order=desc', undefined, ops);
    expect(page.body.items.map((e: any) => e.outcome)).toEqual(['reject', 'undone']);
    const rest = await svc.call('GET', `/v1/consultations/audit/audit?limit=10&order=desc&after=${page.body.nextCursor}`, undefined, ops);
    expect(rest.body.items.map((e: any) => e.outcome)).toEqual(['accept', 'accept']);
    const mine = await svc.call('GET', `/v1/consultations/audit/audit?decidedBy=${alice}`, undefined, ops);
    expect(mine.body.items).toHaveLength(3);

    const csv = await svc.call('GET', '/v1/consultations/audit/audit.csv', undefined, ops);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('id,decidedAt,proposalId,externalId,outcome,reason,decidedBy,automatic,suggestedOutcome,suggestedConfidence,suggestedReasons,note,assignedTo,tags');
    expect(lines[2]).toContain(`,"'=HYPERLINK(""x""), ""cité"""`);
    expect(lines[4]).toContain(',reject,missing_prefix,');
  });
});

describe('roles and scopes', () => {
  it('keeps platform and ops keys from deciding and scoped moderators inside their consultation', async () => {
    const [p] = await reviewQueue(svc, 'roles', [text(700)]);
    expect((await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'accept' }, platform)).status).toBe(403);
    expect((await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'accept' }, ops)).status).toBe(403);
    expect((await next('roles', platform)).status).toBe(403);
    expect((await svc.call('GET', '/v1/consultations/roles/review/queue', undefined, platform)).status).toBe(403);
    expect((await svc.call('GET', '/v1/consultations/roles/audit', undefined, platform)).status).toBe(403);
    expect((await svc.call('POST', '/v1/consultations/roles/review/decisions', { outcome: 'accept', items: [{ id: p.id }] }, ops)).status).toBe(403);

    for (const [method, path] of [['GET', '/v1/consultations/roles/review/queue'], ['POST', '/v1/consultations/roles/review/next'],
      ['GET', '/v1/consultations/roles/audit'], ['GET', `/v1/proposals/${p.id}`], ['POST', `/v1/proposals/${p.id}/undo`]] as const) {
      const res = await svc.call(method, path, method === 'POST' && path.endsWith('next') ? {} : undefined, scopedToOther);
      expect([path, res.status]).toEqual([path, 403]);
    }
    expect((await svc.call('GET', '/v1/consultations', undefined, scopedToOther)).body.items).toEqual([]);
    expect((await svc.call('GET', '/v1/proposals/roles~1')).body.status).toBe('pending_review');
  });
});

describe('browser sessions', () => {
  const signIn = (token: string, headers: Record<string, string> = {}) => svc.call('POST', '/v1/session', { token }, null, headers);
  const cookieOf = (res: { headers: Headers }) => res.headers.get('set-cookie')!.split(';')[0]!;

  it('signs in with a moderator key into an httpOnly SameSite=Strict cookie, and requires the CSRF token to change anything', async () => {
    const [p] = await reviewQueue(svc, 'web', [text(800)]);
    const session = await signIn(modA);
    expect(session.status).toBe(201);
    const setCookie = session.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^tr_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(session.body.principal).toMatchObject({ role: 'moderator', name: 'Alice' });
    const cookie = cookieOf(session);
    const csrf = session.body.csrfToken as string;

    const who = await svc.call('GET', '/v1/session', undefined, null, { cookie });
    expect(who.body).toMatchObject({ principal: { name: 'Alice' }, csrfToken: csrf });
    expect((await svc.call('GET', '/v1/consultations/web/review/queue', undefined, null, { cookie })).status).toBe(200);
    const noToken = await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'accept' }, null, { cookie });
    expect(noToken.status).toBe(403);
    expect(noToken.body.detail).toContain('X-CSRF-Token');
    const foreign = await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'accept' }, null, { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const ok = await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'accept' }, null, { cookie, 'x-csrf-token': csrf, origin: svc.base });
    expect(ok.status).toBe(200);

    expect((await svc.call('DELETE', '/v1/session', undefined, null, { cookie, 'x-csrf-token': csrf })).status).toBe(204);
    expect((await svc.call('GET', '/v1/session', undefined, null, { cookie })).status).toBe(401);
  });

  it('refuses platform keys, unknown keys and cross-site sign-ins', async () => {
    expect((await signIn(platform)).status).toBe(403);
    expect((await signIn('tk_nope')).status).toBe(401);
    expect((await signIn(modA, { origin: 'https://evil.example' })).status).toBe(403);
    const opsSession = await signIn(ops);
    expect(opsSession.body.principal.role).toBe('ops');
    expect((await svc.call('GET', '/v1/session', undefined, null, { cookie: 'tr_session=forged' })).status).toBe(401);
  });

  it('ends the earlier session of a key at its next sign-in (SESSIONS_PER_KEY, default 1); other keys keep theirs', async () => {
    const alice = cookieOf(await signIn(modA));
    const first = cookieOf(await signIn(modB));
    expect((await svc.call('GET', '/v1/session', undefined, null, { cookie: first })).status).toBe(200);
    const second = cookieOf(await signIn(modB));
    expect((await svc.call('GET', '/v1/session', undefined, null, { cookie: first })).status).toBe(401);
    expect((await svc.call('GET', '/v1/session', undefined, null, { cookie: second })).body.principal.name).toBe('Bruno');
    expect((await svc.call('GET', '/v1/session', undefined, null, { cookie: alice })).body.principal.name).toBe('Alice');

    const two = await startService(redis.url, { SESSIONS_PER_KEY: '2' });
    try {
      const cookies: string[] = [];
      for (let i = 0; i < 4; i++) cookies.push(cookieOf(await two.call('POST', '/v1/session', { token: modB }, null)));
      const statuses = await Promise.all(cookies.map(async (cookie) => (await two.call('GET', '/v1/session', undefined, null, { cookie })).status));
      expect(statuses).toEqual([401, 401, 200, 200]);
      // the per-key index holds the live sessions only, and expires with them
      const index = (await redis.client().keys('tr:sessions-of:*'));
      const sizes = await Promise.all(index.map((k) => redis.client().zcard(k)));
      expect(Math.max(...sizes)).toBe(2);
      for (const k of index) expect(await redis.client().pttl(k)).toBeGreaterThan(0);
    } finally {
      await two.close();
    }
  });

  it('serves the page with a CSP that forbids inline script', async () => {
    const page = await fetch(`${svc.base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(await page.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
