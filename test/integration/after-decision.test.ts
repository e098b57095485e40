/**
 * After the decision, on a real Redis through the real HTTP stack: participants' reports, authors' appeals,
 * statements of reasons (proposal, webhook, transparency export), erasure down to every Redis key, retention.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { CHECKS } from '../../models/pipeline.js';
import { TransparencyExport } from '../../models/transparency-database.js';
import { Appeal, ReportResult } from '../../models/reports.js';
import { StatementOfReasons } from '../../models/statement-of-reasons.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { createKey } from '../support/review.js';
import { URSSAF, startService, waitForTriage, type TestService } from '../support/service.js';

const FAST = { WEBHOOK_BACKOFF_MS: '100', DECISION_POLL_MS: '50', DECISION_CLAIM_IDLE_MS: '1000', REPORTS_PER_MINUTE: '5', RETENTION_INTERVAL_MS: '200' };
/** the deterministic rules and the duplicate checks, exact and near */
const DUPLICATES_ON = Object.fromEntries(CHECKS.filter((c) => !['length', 'prefix', 'exact_duplicate', 'near_duplicate'].includes(c.id)).map((c) => [c.id, { enabled: false }]));

let redis: TestRedis;
let svc: TestService;
let receiver: Receiver;
let modA: string;
let modB: string;
let platform: string;

beforeAll(async () => {
  redis = await startTestRedis();
  svc = await startService(redis.url, FAST);
  receiver = await startReceiver();
  modA = await createKey(svc, 'moderator', 'Alice');
  modB = await createKey(svc, 'moderator', 'Bruno');
  platform = await createKey(svc, 'platform', 'plateforme');
});
afterAll(async () => {
  await svc.close();
  await receiver.stop();
  await redis.stop();
});

async function consultation(cid: string, extra: object = {}): Promise<void> {
  const put = await svc.call('PUT', `/v1/consultations/${cid}`, { ...URSSAF, ...extra });
  expect(put.status).toBe(201);
  expect((await svc.call('PUT', `/v1/consultations/${cid}/webhook`, { url: receiver.url })).status).toBe(201);
}

async function submit(cid: string, items: { externalId: string; text: string; authorId?: string }[]): Promise<any[]> {
  const res = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, { proposals: items }, platform);
  expect(res.status).toBe(202);
  return waitForTriage(svc, res.body.items.map((i: any) => i.id));
}

async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const feed = async (cid: string) => (await svc.call('GET', `/v1/consultations/${cid}/decisions?limit=1000`, undefined, platform)).body.items as any[];
const events = (type: string, proposalId: string) => receiver.received.filter((r) => r.json?.type === type && r.json?.data?.proposalId === proposalId);
const report = (id: string, reporterId: string, reason: string, comment?: string) =>
  svc.call('POST', `/v1/proposals/${id}/reports`, { reporterId, reason, ...(comment ? { comment } : {}) }, platform);

describe('reports', () => {
  it('sends an accepted proposal back to review past the threshold, tells the platform, and shows the reports', async () => {
    await consultation('rep', { reportThreshold: 2 });
    const [p] = await submit('rep', [{ externalId: 'r-1', text: 'Il faut ouvrir les guichets le samedi matin pour les usagers' }]);
    expect(p.status).toBe('accepted');

    const first = await report(p.id, 'alice', 'offensive', 'ton agressif');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reports: 1, threshold: 2, withdrawn: false, status: 'accepted' });
    const again = await report(p.id, 'alice', 'spam');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    const second = await report(p.id, 'bob', 'spam');
    expect(second.body).toMatchObject({ reports: 2, withdrawn: true, status: 'pending_review' });
    expect(ReportResult.safeParse(second.body).success).toBe(true);

    const read = (await svc.call('GET', `/v1/proposals/${p.id}`, undefined, modA)).body;
    expect(read).toMatchObject({ status: 'pending_review', reports: 2, decision: null });
    expect(read.withdrawnAt).toEqual(expect.any(String));
    const queue = (await svc.call('GET', '/v1/consultations/rep/review/queue', undefined, modA)).body;
    expect(queue.items.map((i: any) => i.id)).toContain(p.id);
    const listed = (await svc.call('GET', `/v1/proposals/${p.id}/reports`, undefined, modA)).body.items;
    expect(listed.map((r: any) => [r.reporterId, r.reason, r.comment])).toEqual([['alice', 'offensive', 'ton agressif'], ['bob', 'spam', null]]);
    const reported = (await svc.call('GET', '/v1/consultations/rep/reports', undefined, modA)).body.items;
    expect(reported[0]).toMatchObject({ proposalId: p.id, status: 'pending_review', text: p.text });

    expect((await feed('rep')).filter((e) => e.proposalId === p.id).map((e) => e.outcome)).toEqual(['accept', 'withdrawn']);
    await waitUntil(() => events('decision.changed', p.id).length > 0);
    expect(events('decision.changed', p.id)[0]!.json.data).toMatchObject({ outcome: 'withdrawn', decidedBy: 'reports', externalId: 'r-1' });

    // the moderator refuses it: the statement names the participants' reports as the source
    const refused = await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'reject', reason: 'toxic' }, modA);
    expect(refused.status).toBe(200);
    expect(refused.body.statement).toMatchObject({ source: 'participant_reports', automatedDecision: 'not', reason: 'toxic' });
  });

  it('withdraws at the first report for a severe reason, and limits each reporter per minute', async () => {
    await consultation('rep2', { reportThreshold: 50 });
    const ps = await submit('rep2', Array.from({ length: 7 }, (_, i) => ({ externalId: `s-${i}`, text: `Il faut une proposition numéro ${i} sur les horaires des guichets` })));
    const severe = await report(ps[0].id, 'carol', 'hate');
    expect(severe.body).toMatchObject({ reports: 1, withdrawn: true, status: 'pending_review' });
    const statuses: number[] = [];
    for (const p of ps.slice(1)) statuses.push((await report(p.id, 'dave', 'spam')).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect((await report(ps[1].id, 'erin', 'bogus')).status).toBe(422);
  });
});

describe('appeals', () => {
  it('is decided by a moderator other than the one who refused, and the outcome reaches the platform', async () => {
    await consultation('app', { policy: { ...URSSAF.policy, mode: 'review_all' } });
    const [p, q] = await submit('app', [
      { externalId: 'a-1', text: 'Il faut créer un service de garde pour les parents qui travaillent tard', authorId: 'auteur-1' },
      { externalId: 'a-2', text: 'Il faut simplifier les formulaires de déclaration en ligne', authorId: 'auteur-2' },
    ]);
    expect((await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'reject', reason: 'off_topic' }, modA)).status).toBe(200);
    expect((await svc.call('POST', `/v1/proposals/${q.id}/decision`, { outcome: 'accept' }, modA)).status).toBe(200);

    expect((await svc.call('POST', `/v1/proposals/${q.id}/appeals`, { authorId: 'auteur-2', statement: 'pourquoi ?' }, platform)).status).toBe(409);
    expect((await svc.call('POST', `/v1/proposals/${p.id}/appeals`, { authorId: 'auteur-9', statement: 'je conteste' }, platform)).status).toBe(403);
    const filed = await svc.call('POST', `/v1/proposals/${p.id}/appeals`, { authorId: 'auteur-1', statement: 'Ma proposition répond bien à la question.' }, platform);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'pending', refusal: { reason: 'off_topic', decidedBy: expect.any(String), automatic: false } });
    expect(Appeal.parse(filed.body).statement).toBe('Ma proposition répond bien à la question.');
    expect((await svc.call('POST', `/v1/proposals/${p.id}/appeals`, { authorId: 'auteur-1', statement: 'encore' }, platform)).status).toBe(409);

    const queue = (await svc.call('GET', '/v1/consultations/app/appeals?status=pending', undefined, modB)).body.items;
    expect(queue).toEqual([expect.objectContaining({ proposalId: p.id, text: p.text, statement: 'Ma proposition répond bien à la question.' })]);

    // nothing decides it on its own
    await new Promise((r) => setTimeout(r, 500));
    expect((await svc.call('GET', `/v1/proposals/${p.id}/appeal`, undefined, modB)).body.status).toBe('pending');

    const bySame = await svc.call('POST', `/v1/proposals/${p.id}/appeal/decision`, { outcome: 'overturn' }, modA);
    expect(bySame.status).toBe(403);
    expect(bySame.body.detail).toContain('another moderator');
    const byOther = await svc.call('POST', `/v1/proposals/${p.id}/appeal/decision`, { outcome: 'overturn', note: 'dans le sujet' }, modB);
    expect(byOther.status).toBe(200);
    expect(byOther.body).toMatchObject({ status: 'accepted', decision: { outcome: 'accept' }, statement: null });
    expect((await svc.call('POST', `/v1/proposals/${p.id}/appeal/decision`, { outcome: 'uphold' }, modB)).status).toBe(409);
    expect((await svc.call('GET', '/v1/consultations/app/appeals?status=pending', undefined, modB)).body.items).toEqual([]);

    const entries = (await feed('app')).filter((e) => e.proposalId === p.id);
    expect(entries.map((e) => [e.outcome, e.appeal ?? null])).toEqual([['reject', null], ['accept', 'overturned']]);
    await waitUntil(() => events('appeal.decided', p.id).length > 0);
    expect(events('appeal.decided', p.id)[0]!.json.data).toMatchObject({ outcome: 'accept', appeal: 'overturned', externalId: 'a-1' });

    const stats = (await svc.call('GET', '/v1/consultations/app/stats', undefined, modB)).body;
    expect(stats.appeals.byReason.off_topic).toMatchObject({ refusals: 1, appealed: 1, overturned: 1, appealRate: 1, overturnRate: 1 });
    // the overturned refusal is now a human acceptance of a proposal the machine suggested accepting
    expect(stats.decisions.human).toBe(2);
  });

  it('lets any moderator decide the appeal of an automatic refusal, and an upheld refusal stays', async () => {
    await consultation('app2');
    const [p] = await submit('app2', [{ externalId: 'b-1', text: 'Il faut x' }]);
    expect(p).toMatchObject({ status: 'rejected', decision: { reason: 'too_short', decidedBy: 'system' } });
    expect((await svc.call('POST', `/v1/proposals/${p.id}/appeals`, { statement: 'trop sévère' }, platform)).status).toBe(201);
    const upheld = await svc.call('POST', `/v1/proposals/${p.id}/appeal/decision`, { outcome: 'uphold' }, modA);
    expect(upheld.body).toMatchObject({ status: 'rejected', decision: { reason: 'too_short', decidedBy: 'system' } });
    const entries = (await feed('app2')).filter((e) => e.proposalId === p.id);
    expect(entries.map((e) => [e.outcome, e.decidedBy, e.appeal ?? null])).toEqual([['reject', 'system', null], ['reject', 'system', 'upheld']]);
    const stats = (await svc.call('GET', '/v1/consultations/app2/stats', undefined, modA)).body;
    expect(stats.appeals.byReason.too_short).toMatchObject({ appealed: 1, overturned: 0, overturnRate: 0 });
    expect(stats.appeals.byCheck.length).toMatchObject({ appealed: 1, overturned: 0 });
  });
});

describe('statements of reasons', () => {
  it('come with every refusal, in the proposal, the webhook event and the transparency export', async () => {
    await consultation('sor');
    const items = await submit('sor', [
      { externalId: 'c-0', text: 'Il faut x' },
      { externalId: 'c-1', text: 'Nous devons planter des arbres dans toutes les cours d\'école' },
      { externalId: 'c-2', text: 'Il faut planter des arbres dans toutes les cours d\'école du pays' },
      { externalId: 'c-3', text: 'Il faut planter des arbres dans toutes les cours d\'école du pays' },
      { externalId: 'c-4', text: `Il faut ${'beaucoup '.repeat(30)}plus` },
    ]);
    const refused = items.filter((p) => p.status === 'rejected');
    expect(refused.map((p) => p.decision.reason).sort()).toEqual(['duplicate', 'missing_prefix', 'too_long', 'too_short']);
    for (const p of items) {
      if (p.status === 'rejected') {
        expect(p.statement).toMatchObject({ language: 'fr', reason: p.decision.reason, automatedDetection: true, automatedDecision: 'fully', source: 'own_initiative' });
        expect(p.statement.text).toContain('contester');
        expect(StatementOfReasons.safeParse(p.statement).success).toBe(true);
      } else {
        expect(p.statement).toBeNull();
      }
    }
    await waitUntil(() => refused.every((p) => events('decision.recorded', p.id).length > 0));
    for (const p of refused) expect(events('decision.recorded', p.id)[0]!.json.statement).toMatchObject({ reason: p.decision.reason, rule: p.statement.rule });

    const exported = await svc.call('GET', '/v1/consultations/sor/transparency', undefined, platform);
    expect(exported.status).toBe(200);
    expect(exported.body.statements).toHaveLength(4);
    const parsed = TransparencyExport.safeParse({ statements: exported.body.statements });
    expect(parsed.error?.issues ?? []).toEqual([]);
    const serialized = JSON.stringify(exported.body);
    for (const p of items) {
      expect(serialized).not.toContain(p.externalId);
      expect(serialized).not.toContain(p.text);
    }
  });
});

/** Every key of the Redis, of every type, with its name and all its values as one string. */
async function dump(client: Redis): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, found] = await client.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of found) {
      const type = await client.type(key);
      let values: unknown;
      if (type === 'string') values = await client.getBuffer(key);
      else if (type === 'hash') values = await client.hgetall(key);
      else if (type === 'set') values = await client.smembers(key);
      else if (type === 'zset') values = await client.zrange(key, 0, -1, 'WITHSCORES');
      else if (type === 'list') values = await client.lrange(key, 0, -1);
      else if (type === 'stream') values = await client.xrange(key, '-', '+');
      else values = `unknown type ${type}`;
      out.set(key, `${key} ${Buffer.isBuffer(values) ? values.toString('latin1') + values.toString('utf8') : JSON.stringify(values)}`);
    }
  } while (cursor !== '0');
  return out;
}
const holding = (all: Map<string, string>, needle: string) => [...all].filter(([, v]) => v.includes(needle) || v.includes(JSON.stringify(needle).slice(1, -1))).map(([k]) => k);

describe('erasure', () => {
  const X = 'Il faut créer une maison de santé au 12 rue des Lilas à Vénissieux près de chez Paul Martin';
  const NEAR = 'Il faut créer une maison de santé au 12 rue des Lilas à Vénisieux près de chez Paul Martin';
  const W = 'Il faut que mon voisin Paul Martin arrête de garer sa voiture devant la mairie';

  it('leaves neither the text nor the external id anywhere in Redis, and a new near copy is no longer its duplicate', async () => {
    await consultation('era', { policy: { mode: 'review_all', checks: DUPLICATES_ON } });
    const [x, w] = await submit('era', [
      { externalId: 'secret-ext-X', text: X, authorId: 'auteur-x' },
      { externalId: 'secret-ext-W', text: W, authorId: 'auteur-x' },
    ]);
    const [near] = await submit('era', [{ externalId: 'other-near', text: NEAR, authorId: 'auteur-y' }]);
    expect(near.similar.map((s: any) => s.id)).toContain(x.id);
    expect(near.suggestion.reasons.find((r: any) => r.code === 'duplicate')?.detail).toContain('secret-ext-X');
    // decisions with a note quoting the text, a report, an appeal, a lease, delivered webhooks
    expect((await svc.call('POST', `/v1/proposals/${x.id}/decision`, { outcome: 'reject', reason: 'personal_data', note: `adresse: ${X}` }, modA)).status).toBe(200);
    expect((await svc.call('POST', `/v1/proposals/${w.id}/decision`, { outcome: 'accept' }, modA)).status).toBe(200);
    expect((await report(w.id, 'voisin', 'personal_data', `c'est moi: ${W}`)).status).toBe(201);
    expect((await svc.call('POST', `/v1/proposals/${x.id}/appeals`, { authorId: 'auteur-x', statement: `je maintiens ${X}` }, platform)).status).toBe(201);
    expect((await svc.call('POST', '/v1/consultations/era/review/next', {}, modB)).body.item.id).toBe(w.id);
    await waitUntil(() => events('decision.recorded', x.id).length > 0 && events('decision.changed', w.id).length > 0);

    const client = redis.client();
    const before = await dump(client);
    // the scan sees them where they are: the check below cannot pass by looking in the wrong place
    for (const needle of [X, W, 'secret-ext-X', 'secret-ext-W']) expect(holding(before, needle).length).toBeGreaterThan(0);
    expect(holding(before, 'secret-ext-X').some((k) => k.startsWith('bull:'))).toBe(true);

    const erased = await svc.call('DELETE', '/v1/consultations/era/authors/auteur-x', undefined, platform);
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ erased: 2 });

    const after = await dump(client);
    for (const needle of [X, W, 'secret-ext-X', 'secret-ext-W', 'auteur-x']) expect([needle, holding(after, needle)]).toEqual([needle, []]);

    expect((await svc.call('GET', `/v1/proposals/${x.id}`, undefined, platform)).status).toBe(410);
    const nearNow = (await svc.call('GET', `/v1/proposals/${near.id}`, undefined, platform)).body;
    expect(nearNow.similar.map((s: any) => s.id)).not.toContain(x.id);
    const trail = (await feed('era')).filter((e) => e.proposalId === x.id);
    expect(trail).toEqual([expect.objectContaining({ outcome: 'erased', externalId: '', decidedBy: expect.any(String) })]);
    const audit = (await svc.call('GET', '/v1/consultations/era/audit?limit=1000', undefined, modA)).body.items;
    expect(audit.filter((e: any) => e.proposalId === x.id).map((e: any) => e.outcome)).toEqual(['erased']);
    // counts kept: the refusal is still counted
    expect((await svc.call('GET', '/v1/consultations/era/stats', undefined, modA)).body.byReason.personal_data).toBe(1);

    // a new near copy of the erased text is compared with what is left: the other near copy, never the erased one
    const [again] = await submit('era', [{ externalId: 'again', text: X.replace('Paul', 'Pol') }]);
    expect(again.similar.map((s: any) => s.id)).not.toContain(x.id);
    expect(JSON.stringify(again.suggestion)).not.toContain('secret-ext-X');
  });

  it('erases one proposal: a near copy of it afterwards has no duplicate at all', async () => {
    await consultation('era2', { policy: { mode: 'review_all', checks: DUPLICATES_ON } });
    const [p] = await submit('era2', [{ externalId: 'solo', text: 'Il faut repeindre la salle des fêtes de Saint-Priest en vert pomme' }]);
    const [copy] = await submit('era2', [{ externalId: 'copy1', text: 'Il faut repeindre la salle des fêtes de Saint-Priest en vert pommes' }]);
    expect(copy.suggestion.reasons.map((r: any) => r.code)).toContain('duplicate');
    expect((await svc.call('DELETE', `/v1/proposals/${copy.id}`, undefined, platform)).status).toBe(204);
    expect((await svc.call('DELETE', `/v1/proposals/${p.id}`, undefined, platform)).status).toBe(204);
    expect((await svc.call('DELETE', `/v1/proposals/${p.id}`, undefined, platform)).status).toBe(204);
    expect((await svc.call('DELETE', '/v1/proposals/era2~999', undefined, platform)).status).toBe(404);
    const [later] = await submit('era2', [{ externalId: 'copy2', text: 'Il faut repeindre la salle des fêtes de Saint-Priest en vert pomme' }]);
    expect(later.suggestion.reasons.map((r: any) => r.code)).not.toContain('duplicate');
    expect(later.similar).toEqual([]);
  });
});

describe('closing, retention and deletion', () => {
  it('refuses intake once closed, erases the texts after the retention period, and deletes a consultation', async () => {
    await consultation('ret', { retentionDays: 0 });
    const [p] = await submit('ret', [{ externalId: 'ret-1', text: 'Il faut une proposition gardée le temps de la consultation' }]);
    const closed = await svc.call('POST', '/v1/consultations/ret/close', undefined, platform);
    expect(closed.status).toBe(200);
    expect(closed.body.closedAt).toEqual(expect.any(String));
    expect((await svc.call('POST', '/v1/consultations/ret/proposals', { externalId: 'late', text: 'Il faut arriver à temps' }, platform)).status).toBe(409);
    await waitUntil(async () => (await svc.call('GET', '/v1/consultations/ret', undefined, platform)).body.purgedAt !== undefined);
    expect((await svc.call('GET', `/v1/proposals/${p.id}`, undefined, platform)).status).toBe(410);
    const stats = (await svc.call('GET', '/v1/consultations/ret/stats', undefined, platform)).body;
    expect(stats).toMatchObject({ total: 0, decisions: { automatic: 1 } });
    const purged = await dump(redis.client());
    expect([holding(purged, 'ret-1'), holding(purged, p.text)]).toEqual([[], []]);
    expect((await feed('ret')).map((e) => [e.outcome, e.proposalId])).toEqual([['erased', '']]);

    await consultation('gone');
    await submit('gone', [{ externalId: 'g-1', text: 'Il faut une proposition dans une consultation supprimée' }]);
    expect((await svc.call('DELETE', '/v1/consultations/gone', undefined, platform)).status).toBe(204);
    expect((await svc.call('GET', '/v1/consultations/gone', undefined, platform)).status).toBe(404);
    const left = await dump(redis.client());
    // a decisions-stream follower in the middle of a pass may create the (empty) stream again: nothing in it
    const remaining = [...left.keys()].filter((k) => k.includes('{gone}'));
    expect(remaining.filter((k) => k !== 'tr:{gone}:decisions')).toEqual([]);
    expect(await redis.client().xlen('tr:{gone}:decisions')).toBe(0);
    expect(holding(left, 'g-1')).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('declares every route of this part with its answers', async () => {
    const doc = (await svc.call('GET', '/v1/openapi.json', undefined, null)).body;
    const routes: [string, string, string[]][] = [
      ['/v1/proposals/{id}/reports', 'post', ['201', '409', '429', '422']],
      ['/v1/proposals/{id}/reports', 'get', ['200']],
      ['/v1/consultations/{id}/reports', 'get', ['200']],
      ['/v1/proposals/{id}/appeals', 'post', ['201', '409']],
      ['/v1/proposals/{id}/appeal', 'get', ['200', '404']],
      ['/v1/consultations/{id}/appeals', 'get', ['200']],
      ['/v1/proposals/{id}/appeal/decision', 'post', ['200', '403', '409']],
      ['/v1/proposals/{id}/statement', 'get', ['200']],
      ['/v1/consultations/{id}/transparency', 'get', ['200']],
      ['/v1/proposals/{id}', 'delete', ['204', '404']],
      ['/v1/proposals/{id}', 'get', ['200', '410']],
      ['/v1/consultations/{id}/authors/{authorId}', 'delete', ['200']],
      ['/v1/consultations/{id}/close', 'post', ['200']],
      ['/v1/consultations/{id}', 'delete', ['204']],
    ];
    for (const [path, method, statuses] of routes) {
      expect([path, method, Object.keys(doc.paths[path]?.[method]?.responses ?? {})]).toEqual([path, method, expect.arrayContaining(statuses)]);
    }
    for (const schema of ['StatementOfReasons', 'TransparencyStatement', 'Appeal', 'ReportInput', 'ProposalResource']) expect(doc.components.schemas[schema]).toBeDefined();
  });
});
