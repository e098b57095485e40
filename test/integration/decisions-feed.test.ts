import { describe, expect, it } from '@jest/globals';
import { REASON_CODES } from '../../models/schemas.js';
import { keys } from '../../models/store/keys.js';
import { URSSAF, waitForTriage, waitUntil, serviceForSuite } from '../support/service.js';

const { svc, redis, restart } = serviceForSuite({ DECISION_POLL_MS: '50', ALERT_INTERVAL_MS: '200' });

async function submit(cid: string, items: { externalId: string; text: string }[]): Promise<any[]> {
  const res = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, { proposals: items });
  expect(res.status).toBe(202);
  return waitForTriage(svc, res.body.items.map((i: any) => i.id));
}

async function readFeed(cid: string, after: string | null, limit: number): Promise<{ items: any[]; nextCursor: string | null; hasMore: boolean }> {
  const res = await svc.call('GET', `/v1/consultations/${cid}/decisions?limit=${limit}${after ? `&after=${after}` : ''}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('the decisions feed', () => {
  it('resumes exactly after a cursor across a service restart, and carries undos', async () => {
    await svc.call('PUT', '/v1/consultations/feed', URSSAF);
    const first = await submit('feed', Array.from({ length: 7 }, (_, i) => ({ externalId: `e${i}`, text: `Il faut la proposition ${i} du flux` })));
    const page1 = await readFeed('feed', null, 4);
    expect(page1.items.map((d) => d.externalId)).toEqual(first.slice(0, 4).map((p) => p.externalId));
    expect(page1.items[0]).toEqual({
      id: page1.items[0].id, proposalId: first[0].id, externalId: 'e0', outcome: 'accept', reason: null,
      decidedBy: 'system', decidedAt: first[0].decision.decidedAt,
    });
    expect(page1.hasMore).toBe(true);
    const cursor = page1.nextCursor!;
    expect(cursor).toBe(page1.items[3].id);

    await restart();

    const later = await submit('feed', [{ externalId: 'e7', text: 'court' }]);
    // The other engineer's undo appends an entry like this one (models/store/scripts.ts owner).
    await redis.client().xadd(keys.decisions('feed'), '*', 'proposalId', later[0].id, 'externalId', 'e7', 'outcome', 'undone',
      'reason', '', 'decidedBy', 'moderator-1', 'decidedAt', String(Date.now()));
    const page2 = await readFeed('feed', cursor, 100);
    expect(page2.items.map((d) => d.externalId)).toEqual(['e4', 'e5', 'e6', 'e7', 'e7']);
    expect(page2.items.slice(-2).map((d) => d.outcome)).toEqual(['reject', 'undone']);
    expect(page2.items[3].reason).toBe('too_short');
    expect(page2.hasMore).toBe(false);
    const ids = [...page1.items, ...page2.items].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => compareIds(a, b))).toEqual(ids);

    const empty = await readFeed('feed', page2.nextCursor, 100);
    expect(empty).toEqual({ items: [], nextCursor: page2.nextCursor, hasMore: false });
  });

  it('answers 422 for a malformed cursor or limit, 404 for an unknown consultation', async () => {
    for (const q of ['after=abc', 'after=1-2-3', 'limit=0', 'limit=5000']) {
      const res = await svc.call('GET', `/v1/consultations/feed/decisions?${q}`);
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe(`query.${q.split('=')[0]}`);
    }
    expect((await svc.call('GET', '/v1/consultations/nope/decisions')).status).toBe(404);
  });

  it('keeps a platform key to its own consultations, and documents the routes in OpenAPI', async () => {
    const key = await svc.call('POST', '/v1/keys', { name: 'other platform', role: 'platform', consultations: ['other'] });
    expect((await svc.call('GET', '/v1/consultations/feed/decisions', undefined, key.body.token)).status).toBe(403);
    expect((await svc.call('GET', '/v1/consultations/feed/decisions.csv', undefined, key.body.token)).status).toBe(403);
    const put = await svc.call('PUT', '/v1/consultations/feed/webhook', { url: 'https://example.org/hook' }, key.body.token);
    expect(put.status).toBe(403);
    const moderator = await svc.call('POST', '/v1/keys', { name: 'moderator', role: 'moderator' });
    expect((await svc.call('PUT', '/v1/consultations/feed/webhook', { url: 'https://example.org/hook' }, moderator.body.token)).status).toBe(403);
    const doc = (await svc.call('GET', '/v1/openapi.json', undefined, null)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/v1/consultations/{id}/decisions', '/v1/consultations/{id}/decisions.csv', '/v1/consultations/{id}/webhook',
      '/v1/consultations/{id}/webhook/secrets', '/v1/consultations/{id}/webhook/deliveries', '/v1/consultations/{id}/webhook/replay',
    ]));
    expect(doc.components.schemas.TimelineBucket.required).toEqual(['start', 'decided', 'rejected', 'automatic', 'byReason']);
  });
});

describe('the CSV export', () => {
  it('exports every decision with its reason and text, with formula cells neutralised', async () => {
    await svc.call('PUT', '/v1/consultations/csv', URSSAF);
    const hostile = ['=HYPERLINK("http://evil.example","clic")', '+33 6 12 34 56 78 appelez', '-2+3 pour tous', '@SUM(A1:A9) partout'];
    const items = [
      { externalId: 'ok', text: 'Il faut des guichets ouverts, le "samedi" aussi' },
      ...hostile.map((text, i) => ({ externalId: `h${i}`, text })),
    ];
    await submit('csv', items);
    const res = await fetch(`${svc.base}/v1/consultations/csv/decisions.csv`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="decisions-csv.csv"');
    const text = (await res.text()).replace(/^\ufeff/, '');
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('"decisionId","decidedAt","proposalId","externalId","outcome","reason","decidedBy","text"');
    expect(lines).toHaveLength(1 + items.length);
    expect(lines[1]).toContain('"ok","accept","","system","Il faut des guichets ouverts, le ""samedi"" aussi"');
    expect(lines[2]).toContain(`"h0","reject","missing_prefix","system","'=HYPERLINK(""http://evil.example"",""clic"")"`);
    for (const [i, t] of hostile.entries()) expect(lines[2 + i]!.endsWith(`"'${t.replace(/"/g, '""')}"`)).toBe(true);
    for (const line of lines.slice(1)) for (const cell of line.slice(1, -1).split('","')) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe('ops stats over a window', () => {
  it('reports rates, automatic vs human, agreement per check, an hourly timeline and alerts, on /stats and /metrics', async () => {
    await svc.call('PUT', '/v1/consultations/ops', { ...URSSAF, policy: { ...URSSAF.policy, mode: 'review_rejections' } });
    const shortOnes = Array.from({ length: 22 }, (_, i) => ({ externalId: `s${i}`, text: `Court ${i}` }));
    const good = Array.from({ length: 4 }, (_, i) => ({ externalId: `g${i}`, text: `Il faut une bonne proposition numéro ${i} pour tous` }));
    const triaged = await submit('ops', [...shortOnes, ...good]);
    const pending = triaged.filter((p) => p.status === 'pending_review');
    expect(pending).toHaveLength(22);
    // Moderators: agree with the length check 20 times, overrule it twice (false positives).
    for (const [i, p] of pending.entries()) {
      const body = i < 2 ? { outcome: 'accept' } : { outcome: 'reject', reason: 'too_short' };
      expect((await svc.call('POST', `/v1/proposals/${p.id}/decision`, body)).status).toBe(200);
    }

    const res = await svc.call('GET', '/v1/consultations/ops/stats?window=6h');
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.window).toMatchObject({
      duration: '6h', decided: 26, rejected: 20, decisions: { automatic: 4, human: 22 }, undone: 0, truncated: false,
    });
    expect(s.window.rejectionRate).toBeCloseTo(20 / 26);
    expect(s.window.byReason.too_short).toBe(20);
    expect(s.window.rejectionRateByReason.too_short).toBeCloseTo(20 / 26);
    expect(s.window.timeToDecisionMs.human.count).toBe(22);
    expect(s.window.timeToDecisionMs.automatic.count).toBe(4);
    // per moderator: 20 refusals, and 20 of the 22 decisions followed the suggestion
    expect(s.window.moderators).toEqual([{ id: 'admin', decisions: 22, perHour: Math.round((22 / 6) * 100) / 100, rejected: 20, agreementRate: Math.round((20 / 22) * 1000) / 1000 }]);
    expect(s.window.agreement).toMatchObject({ humanDecisions: 22, agreed: 20, disagreed: 2 });
    expect(s.window.agreement.byCheck.length).toEqual({ truePositive: 20, falsePositive: 2, falseNegative: 0, trueNegative: 0 });

    expect(s.timeline.length).toBeGreaterThanOrEqual(6);
    expect(s.timeline.length).toBeLessThanOrEqual(7);
    for (const b of s.timeline) {
      expect(Object.keys(b).sort()).toEqual(['automatic', 'byReason', 'decided', 'rejected', 'start']);
      expect(Object.keys(b.byReason).sort()).toEqual([...REASON_CODES].sort());
      expect(new Date(b.start).toISOString()).toBe(b.start);
    }
    const sum = (f: (b: any) => number) => s.timeline.reduce((n: number, b: any) => n + f(b), 0);
    expect(sum((b) => b.decided)).toBe(26);
    expect(sum((b) => b.rejected)).toBe(20);
    expect(sum((b) => b.automatic)).toBe(4);
    // All were decided seconds ago: in the last bucket, or the one before when the test straddles an hour.
    expect(s.timeline.slice(-2).reduce((n: number, b: any) => n + b.decided, 0)).toBe(26);

    expect(s.alerts.rejectionRate).toMatchObject({ status: 'ok', decisions: 26, baseline: null, low: 0, high: 0.8 });
    expect(s.alerts.firing).toEqual([]);
    expect(s.queueAgeMs).toEqual({ triage: null, review: null });

    // Six more rejections: 26/32 = 0.81 in the last hour, above the static band (no baseline yet).
    const tooLong = await submit('ops', Array.from({ length: 6 }, (_, i) => ({ externalId: `x${i}`, text: 'Il faut' + 'x'.repeat(200) + i })));
    for (const p of tooLong) await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'reject', reason: 'too_long' });
    const after = (await svc.call('GET', '/v1/consultations/ops/stats?window=6h')).body;
    expect(after.window.decided).toBe(32);
    expect(after.alerts.rejectionRate.status).toBe('high');
    expect(after.alerts.firing).toEqual(['rejection_rate']);

    // the alert monitor recomputes every ALERT_INTERVAL_MS and the counters follow the decision feed: wait for
    // them, however long a loaded machine takes, then name whichever line is still missing
    const expected = [
      /triage_alerts_firing\{signal="rejection_rate"\} 1/,
      /triage_decisions_total\{by="human",outcome="reject",reason="too_short"\} 20/,
      /triage_check_verdicts_total\{check="length",verdict="false_positive"\} 2/,
      /triage_suggestion_agreement_total\{agreed="true"\} 26/,
      /triage_time_to_decision_seconds_count\{by="human"\} 28/,
    ];
    let metrics = '';
    await waitUntil(async () => {
      metrics = (await svc.call('GET', '/metrics')).body as string;
      return expected.every((line) => line.test(metrics));
    }).catch(() => undefined);
    for (const line of expected) expect(metrics).toMatch(line);
  });

  it('validates the window', async () => {
    for (const w of ['0h', '99d', 'abc', '24']) {
      const res = await svc.call('GET', `/v1/consultations/ops/stats?window=${w}`);
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('query.window');
    }
  });
});

describe('the queue board', () => {
  it('is mounted at /ops/queues for the ops role only', async () => {
    expect((await svc.call('GET', '/ops/queues', undefined, null)).status).toBe(401);
    const platform = await svc.call('POST', '/v1/keys', { name: 'platform', role: 'platform' });
    expect((await svc.call('GET', '/ops/queues', undefined, platform.body.token)).status).toBe(403);
    const ops = await svc.call('POST', '/v1/keys', { name: 'ops', role: 'ops' });
    const page = await svc.call('GET', '/ops/queues', undefined, ops.body.token);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<html');
    const api = await svc.call('GET', '/ops/queues/api/queues', undefined, ops.body.token);
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: any) => q.name).sort()).toEqual(['triage', 'triage-dead', 'webhooks', 'webhooks-dead']);
  });
});

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am! - bm! || as! - bs!;
}
