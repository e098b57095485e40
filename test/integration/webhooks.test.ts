import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { keys } from '../../models/store/keys.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { startReceiver, verifies, type Receiver } from '../support/receiver.js';
import { URSSAF, startService, waitForTriage, waitUntil, type TestService } from '../support/service.js';

/** A secret a platform chose, in the Standard Webhooks form (32 bytes). */
const PLATFORM_SECRET = 'whsec_zjhEV8rQ4J2KDtbcl1mU0mZ9Z0yLqNUKo08R2WQnCZ0=';

const FAST = { WEBHOOK_ALLOW_PRIVATE: '127.0.0.1/32', WEBHOOK_BACKOFF_MS: '100', WEBHOOK_ATTEMPTS: '8', DECISION_POLL_MS: '50', DECISION_CLAIM_IDLE_MS: '1000', WEBHOOK_TIMEOUT_MS: '1000' };
const proposals = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({
  externalId: `${prefix}${i}`, text: i % 2 ? 'Trop court' : `Il faut une proposition ${prefix} numéro ${i} bien à elle`,
}));

async function submit(svc: TestService, cid: string, items: { externalId: string; text: string }[]): Promise<any[]> {
  const res = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, { proposals: items });
  expect(res.status).toBe(202);
  return waitForTriage(svc, res.body.items.map((i: any) => i.id));
}

describe('webhooks, delivered to a real local receiver', () => {
  let redis: TestRedis;
  let svc: TestService;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    redis = await startTestRedis();
    svc = await startService(redis.url, { ...FAST, WEBHOOK_DISABLE_AFTER: '1000' });
  });
  afterAll(async () => {
    await svc.close();
    for (const r of receivers) await r.stop();
    await redis.stop();
  });

  it('signs every event per Standard Webhooks: the standardwebhooks library verifies it, with both secrets during a rotation', async () => {
    const rx = await receiver();
    await svc.call('PUT', '/v1/consultations/signed', URSSAF);
    const put = await svc.call('PUT', '/v1/consultations/signed/webhook', { url: rx.url });
    expect(put.status).toBe(201);
    const first: string = put.body.secret;
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    rx.secrets = [first];
    expect(put.body.secrets).toHaveLength(1);
    expect(JSON.stringify((await svc.call('GET', '/v1/consultations/signed/webhook')).body)).not.toContain(first);

    const [a, b] = await submit(svc, 'signed', proposals('s', 2));
    await rx.waitFor((r) => r.delivered().size === 2);
    for (const req of rx.received) {
      expect(req.verified).toBe(true);
      expect(req.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(Math.abs(Number(req.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
      expect(verifies(PLATFORM_SECRET, req)).toBe(false);
      expect(verifies(first, { ...req, body: req.body.replace('"consultationId":"signed"', '"consultationId":"other"') })).toBe(false);
      expect(verifies(first, { ...req, headers: { ...req.headers, 'webhook-id': 'signed/0-0' } })).toBe(false);
      expect(req.headers['webhook-id']).toBe(req.json.id);
    }
    const byProposal = new Map(rx.received.map((r) => [r.json.data.proposalId, r.json]));
    expect(byProposal.get(a.id)).toMatchObject({ type: 'decision.recorded', consultationId: 'signed', data: { outcome: 'accept', externalId: 's0', decidedBy: 'system' } });
    expect(byProposal.get(b.id)).toMatchObject({ data: { outcome: 'reject', reason: 'too_short' } });
    expect(byProposal.get(b.id).id).toBe(`signed/${byProposal.get(b.id).data.id}`);

    const rotated = await svc.call('POST', '/v1/consultations/signed/webhook/secrets');
    expect(rotated.status).toBe(201);
    const second: string = rotated.body.secret;
    expect(rotated.body.secrets.map((s: any) => s.hint)).toEqual([second.slice(-4), first.slice(-4)]);
    const before = rx.received.length;
    await submit(svc, 'signed', [{ externalId: 's-rot', text: 'Il faut signer avec deux secrets pendant la rotation' }]);
    await rx.waitFor((r) => r.received.length > before);
    const during = rx.received.at(-1)!;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(first, during)).toBe(true);
    expect(verifies(second, during)).toBe(true);

    const oldId = rotated.body.secrets[1].id;
    expect((await svc.call('DELETE', `/v1/consultations/signed/webhook/secrets/${oldId}`)).status).toBe(200);
    const last = (await svc.call('GET', '/v1/consultations/signed/webhook')).body.secrets;
    expect((await svc.call('DELETE', `/v1/consultations/signed/webhook/secrets/${last[0].id}`)).status).toBe(409);
    await submit(svc, 'signed', [{ externalId: 's-after', text: 'Il faut ne plus accepter l’ancien secret après son retrait' }]);
    await rx.waitFor((r) => r.received.some((q) => q.json.data.externalId === 's-after'));
    const after = rx.received.find((q) => q.json.data.externalId === 's-after')!;
    expect(verifies(second, after)).toBe(true);
    expect(verifies(first, after)).toBe(false);
  });

  it('keeps the keys of secrets stored before Standard Webhooks: a generated one as its 32 bytes, a chosen one as its own bytes', async () => {
    const rx = await receiver();
    await svc.call('PUT', '/v1/consultations/legacy', URSSAF);
    await svc.call('PUT', '/v1/consultations/legacy/webhook', { url: rx.url, secrets: [PLATFORM_SECRET] });
    // As the previous version stored them: its generated form (base64url) and a string a platform chose.
    const generated = `whsec_${randomBytes(32).toString('base64url')}`;
    const chosen = 'a-secret-of-the-platform-0123456789';
    const stored = [generated, chosen].map((value, i) => ({ id: `old${i}`, value, createdAt: new Date().toISOString() }));
    await redis.client().hset(keys.webhook('legacy'), 'secrets', JSON.stringify(stored));
    await submit(svc, 'legacy', proposals('l', 1));
    await rx.waitFor((r) => r.received.length === 1);
    const [req] = rx.received;
    // The conversions docs/WEBHOOKS.md gives to the platforms.
    expect(verifies(`whsec_${Buffer.from(generated.slice('whsec_'.length), 'base64url').toString('base64')}`, req!)).toBe(true);
    expect(verifies(`whsec_${Buffer.from(chosen).toString('base64')}`, req!)).toBe(true);
    expect(verifies(PLATFORM_SECRET, req!)).toBe(false);
  });

  it('writes a dot of the event id as %2E in webhook-id (the signed content is dot-delimited)', async () => {
    const rx = await receiver();
    await svc.call('PUT', '/v1/consultations/v2.signed', URSSAF);
    await svc.call('PUT', '/v1/consultations/v2.signed/webhook', { url: rx.url, secrets: [PLATFORM_SECRET] });
    rx.secrets = [PLATFORM_SECRET];
    await submit(svc, 'v2.signed', proposals('dot', 1));
    await rx.waitFor((r) => r.delivered().size === 1);
    const [req] = rx.received;
    expect(req!.json.id).toMatch(/^v2\.signed\//);
    expect(req!.headers['webhook-id']).toBe(req!.json.id.replaceAll('.', '%2E'));
    expect(req!.verified).toBe(true);
  });

  it('delivers every event to a receiver that was down for a while, once it is back', async () => {
    const rx = await receiver();
    await svc.call('PUT', '/v1/consultations/outage', URSSAF);
    await svc.call('PUT', '/v1/consultations/outage/webhook', { url: rx.url });
    await rx.stop();
    const triaged = await submit(svc, 'outage', proposals('o', 10));
    await waitUntil(async () => (await svc.call('GET', '/v1/consultations/outage/webhook/deliveries')).body.items.filter((d: any) => !d.ok).length >= 10);
    const failures = (await svc.call('GET', '/v1/consultations/outage/webhook/deliveries')).body.items;
    expect(failures[0]).toMatchObject({ ok: false, status: null, failure: 'connection_failed' });
    expect(JSON.stringify(failures)).not.toMatch(/ECONN|socket|refused\b/i);
    await new Promise((r) => setTimeout(r, 1000));
    await rx.start();
    await rx.waitFor((r) => r.delivered().size === 10);
    expect([...rx.delivered()].sort()).toEqual(rx.received.map((q) => q.json.id).filter((v, i, all) => all.indexOf(v) === i).sort());
    expect(new Set(rx.received.map((q) => q.json.data.proposalId))).toEqual(new Set(triaged.map((p) => p.id)));
    const endpoint = (await svc.call('GET', '/v1/consultations/outage/webhook')).body;
    expect(endpoint).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });

  it('sends each consultation its own events only', async () => {
    const [rxA, rxB] = [await receiver(), await receiver()];
    for (const cid of ['iso-a', 'iso-b', 'iso-none']) await svc.call('PUT', `/v1/consultations/${cid}`, URSSAF);
    await svc.call('PUT', '/v1/consultations/iso-a/webhook', { url: rxA.url });
    await svc.call('PUT', '/v1/consultations/iso-b/webhook', { url: rxB.url });
    const inA = await submit(svc, 'iso-a', proposals('a', 6));
    const inNone = await submit(svc, 'iso-none', proposals('n', 4));
    await rxA.waitFor((r) => r.delivered().size === 6);
    const inB = await submit(svc, 'iso-b', proposals('b', 3));
    await rxB.waitFor((r) => r.delivered().size === 3);
    await new Promise((r) => setTimeout(r, 500));
    expect(new Set(rxA.received.map((q) => q.json.data.proposalId))).toEqual(new Set(inA.map((p) => p.id)));
    expect(new Set(rxB.received.map((q) => q.json.data.proposalId))).toEqual(new Set(inB.map((p) => p.id)));
    expect(rxA.received.every((q) => q.json.consultationId === 'iso-a')).toBe(true);
    expect(rxB.received.every((q) => q.json.consultationId === 'iso-b')).toBe(true);
    const everywhere = receivers.flatMap((r) => r.received.map((q) => q.json.data.proposalId));
    for (const p of inNone) expect(everywhere).not.toContain(p.id);
  });

  it('does not follow redirects: a 3xx is a failed attempt, the event stays with the configured endpoint', async () => {
    const rx = await receiver();
    rx.status = 307;
    await svc.call('PUT', '/v1/consultations/redirect', URSSAF);
    await svc.call('PUT', '/v1/consultations/redirect/webhook', { url: rx.url });
    await submit(svc, 'redirect', proposals('d', 1));
    await waitUntil(async () => (await svc.call('GET', '/v1/consultations/redirect/webhook/deliveries')).body.items.length >= 2);
    const [last] = (await svc.call('GET', '/v1/consultations/redirect/webhook/deliveries')).body.items;
    expect(last).toMatchObject({ ok: false, status: 307, failure: 'http_3xx' });
    rx.status = 200;
    await rx.waitFor((r) => r.delivered().size === 1);
  });

  it('refuses endpoints that are not http(s) URLs, naming the field', async () => {
    await svc.call('PUT', '/v1/consultations/badurl', URSSAF);
    for (const url of ['ftp://example.org/x', 'file:///etc/passwd', 'http://user:pw@127.0.0.1/x', 'not a url', 'javascript:alert(1)']) {
      const res = await svc.call('PUT', '/v1/consultations/badurl/webhook', { url });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('url');
    }
    const tooShortKey = `whsec_${Buffer.alloc(16, 7).toString('base64')}`;
    for (const secret of ['a-secret-of-the-platform-0123456789', tooShortKey, `whsec_${Buffer.alloc(32, 7).toString('base64url')}`]) {
      const bad = await svc.call('PUT', '/v1/consultations/badurl/webhook', { url: 'https://example.org/h', secrets: [secret] });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].field).toBe('secrets[0]');
    }
    expect((await svc.call('PUT', '/v1/consultations/nowhere/webhook', { url: 'https://example.org/h' })).status).toBe(404);
  });
});

describe('webhooks: a slow endpoint beside a healthy one', () => {
  let redis: TestRedis;
  let svc: TestService;
  const receivers: Receiver[] = [];
  // Defaults of delivery (5 s timeout, 4 attempts at once per endpoint) with 8 slots in all, so the 12 events
  // of the slow endpoint would fill every slot if nothing kept them apart.
  beforeAll(async () => {
    redis = await startTestRedis();
    svc = await startService(redis.url, { ...FAST, WEBHOOK_TIMEOUT_MS: '5000', WEBHOOK_CONCURRENCY: '8' });
  });
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    await svc.close();
    await redis.stop();
  });

  it('delays only its own events: the healthy endpoint gets its events while the slow one\'s first attempts are still waiting', async () => {
    const [slow, healthy] = [await startReceiver(), await startReceiver()];
    receivers.push(slow, healthy);
    slow.delayMs = 8000;
    for (const [cid, rx] of [['slow', slow], ['healthy', healthy]] as const) {
      await svc.call('PUT', `/v1/consultations/${cid}`, URSSAF);
      await svc.call('PUT', `/v1/consultations/${cid}/webhook`, { url: rx.url });
    }
    await submit(svc, 'slow', proposals('s', 12));
    await slow.waitFor((r) => r.received.length >= 4);
    const slowStarted = slow.received[0]!.at;
    await submit(svc, 'healthy', proposals('h', 6));
    await healthy.waitFor((r) => r.delivered().size === 6);
    // Every healthy event arrived before the slow endpoint's first attempt timed out (5 s) and freed a slot.
    expect(Math.max(...healthy.received.map((q) => q.at))).toBeLessThan(slowStarted + 5000);
    expect(slow.maxOpen).toBe(4);
    expect(slow.delivered().size).toBe(0);
  });
});

describe('webhooks: where they may go (SSRF)', () => {
  let redis: TestRedis;
  let svc: TestService;
  let rx: Receiver;
  beforeAll(async () => {
    redis = await startTestRedis();
    svc = await startService(redis.url, FAST);
    rx = await startReceiver();
  });
  afterAll(async () => {
    await svc.close();
    await rx.stop();
    await redis.stop();
  });

  const REFUSED = [
    'https://169.254.169.254/latest/meta-data/', 'https://10.0.0.1/h', 'https://192.168.1.10/h', 'https://172.16.5.4/h',
    'https://100.64.0.1/h', 'http://127.0.0.1:6379/', 'https://[::1]/h', 'https://0.0.0.0/h', 'https://2130706433/h',
    'https://0x7f000001/h', 'https://0177.0.0.1/h', 'https://127.1/h', 'https://[::ffff:127.0.0.1]/h', 'https://[fd00::1]/h',
    'https://[fe80::1]/h', 'https://224.0.0.1/h', 'https://255.255.255.255/h', 'https://metadata.google.internal/computeMetadata/v1/',
    'https://metadata.google.internal./x', 'https://localhost/h', 'http://example.org/h',
  ];

  it('refuses at PUT, naming url, every address of the refused ranges in any spelling, metadata names and plain http', async () => {
    // This service has no WEBHOOK_ALLOW_PRIVATE: 127.0.0.1 is refused like the rest.
    const bare = await startService(redis.url, { ...FAST, WEBHOOK_ALLOW_PRIVATE: '' });
    try {
      await bare.call('PUT', '/v1/consultations/ssrf', URSSAF);
      for (const url of REFUSED) {
        const res = await bare.call('PUT', '/v1/consultations/ssrf/webhook', { url });
        expect({ url, status: res.status, field: res.body.errors?.[0]?.field }).toEqual({ url, status: 422, field: 'url' });
      }
      for (const url of ['https://example.org/h\r\nX-Injected: 1', 'https://exa\tmple.org/h', 'https://example.org/\u0000']) {
        const res = await bare.call('PUT', '/v1/consultations/ssrf/webhook', { url });
        expect(res.status).toBe(422);
        expect(res.body.errors[0]).toMatchObject({ field: 'url', message: expect.stringMatching(/control characters/) });
      }
      expect((await bare.call('GET', '/v1/consultations/ssrf/webhook')).status).toBe(404);
      const ok = await bare.call('PUT', '/v1/consultations/ssrf/webhook', { url: 'HTTPS://Example.ORG:443/a/../hooks?x=1' });
      expect(ok.status).toBe(201);
      expect(ok.body.url).toBe('https://example.org/hooks?x=1');
    } finally {
      await bare.close();
    }
  });

  it('checks the address the socket connects to: an endpoint saved while loopback was allowed is refused once it is not', async () => {
    for (const [cid, url] of [['by-address', rx.url], ['by-name', rx.url.replace('127.0.0.1', 'localhost')]]) {
      await svc.call('PUT', `/v1/consultations/${cid}`, URSSAF);
      expect((await svc.call('PUT', `/v1/consultations/${cid}/webhook`, { url })).status).toBe(201);
    }
    await svc.close();
    // The same stored URLs, now delivered by a process whose allow-list does not open loopback: `localhost`
    // is resolved at connection time (where a rebinding name would be caught), the literal before connecting.
    svc = await startService(redis.url, { ...FAST, WEBHOOK_ALLOW_PRIVATE: '10.1.0.0/16' });
    for (const cid of ['by-address', 'by-name']) await submit(svc, cid, proposals(cid, 1));
    for (const cid of ['by-address', 'by-name']) {
      await waitUntil(async () => (await svc.call('GET', `/v1/consultations/${cid}/webhook/deliveries`)).body.items.length >= 2);
      const items = (await svc.call('GET', `/v1/consultations/${cid}/webhook/deliveries`)).body.items;
      expect(items.every((d: any) => !d.ok && d.status === null && d.failure === 'refused_address')).toBe(true);
    }
    expect(rx.received).toHaveLength(0);
  });
});

describe('webhooks: failing endpoints, dead letters and restarts', () => {
  let redis: TestRedis;
  let svc: TestService;
  let rx: Receiver;
  const env = { ...FAST, WEBHOOK_ATTEMPTS: '2', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_DISABLE_AFTER: '3' };

  beforeAll(async () => {
    redis = await startTestRedis();
    svc = await startService(redis.url, env);
    rx = await startReceiver();
  });
  afterAll(async () => {
    await svc.close();
    await rx.stop();
    await redis.stop();
  });

  it('disables an endpoint after N consecutive failures, then replays the dead-letter queue once re-enabled', async () => {
    rx.status = 500;
    await svc.call('PUT', '/v1/consultations/flaky', URSSAF);
    await svc.call('PUT', '/v1/consultations/flaky/webhook', { url: rx.url, secrets: [PLATFORM_SECRET] });
    const first = await submit(svc, 'flaky', proposals('f', 2));
    await waitUntil(async () => (await svc.call('GET', '/v1/consultations/flaky/webhook/dead-letters')).body.items.length === 2);
    const endpoint = (await svc.call('GET', '/v1/consultations/flaky/webhook')).body;
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: '3 consecutive failed deliveries' });
    expect(endpoint.disabledAt).not.toBeNull();
    // Two events retry at once: an attempt already under way when the third failure disables may still end.
    const attempts = endpoint.consecutiveFailures;
    expect(attempts === 3 || attempts === 4).toBe(true);
    const deliveries = (await svc.call('GET', '/v1/consultations/flaky/webhook/deliveries')).body.items;
    expect(deliveries).toHaveLength(attempts);
    expect(deliveries.every((d: any) => !d.ok && d.status === 500 && d.failure === 'http_5xx')).toBe(true);
    expect(rx.received).toHaveLength(attempts);

    // Decided while disabled: waits in the stream, not in the dead-letter queue.
    const whileDisabled = await submit(svc, 'flaky', [{ externalId: 'f-later', text: 'Il faut attendre que le point de réception revienne' }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received).toHaveLength(attempts);
    expect((await svc.call('POST', '/v1/consultations/flaky/webhook/replay')).status).toBe(409);

    rx.status = 204;
    const enabled = await svc.call('PUT', '/v1/consultations/flaky/webhook', { url: rx.url, enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledAt: null });
    expect(enabled.body.secret).toBeUndefined();
    const replay = await svc.call('POST', '/v1/consultations/flaky/webhook/replay');
    expect(replay.body).toEqual({ replayed: 2 });
    const all = [...first, ...whileDisabled];
    await rx.waitFor((r) => r.delivered().size === 3);
    const delivered = rx.received.filter((q) => rx.delivered().has(q.json.id));
    expect(new Set(delivered.map((q) => q.json.data.proposalId))).toEqual(new Set(all.map((p) => p.id)));
    // A replay carries the original event id, so a receiver that had it already can drop it.
    const failedIds = new Set(rx.received.slice(0, attempts).map((q) => q.json.id));
    expect([...failedIds].every((id) => rx.delivered().has(id))).toBe(true);
    expect((await svc.call('GET', '/v1/consultations/flaky/webhook/dead-letters')).body.items).toEqual([]);
  });

  it('loses no decision taken while no worker runs: the dispatcher resumes the stream after a restart', async () => {
    rx.status = 200;
    const seen = rx.received.length;
    await svc.call('PUT', '/v1/consultations/restart', { ...URSSAF, policy: { ...URSSAF.policy, mode: 'review_all' } });
    await svc.call('PUT', '/v1/consultations/restart/webhook', { url: rx.url, secrets: [PLATFORM_SECRET] });
    const pending = await submit(svc, 'restart', proposals('r', 3));
    expect(pending.every((p) => p.status === 'pending_review')).toBe(true);
    await svc.close();

    const apiOnly = await startService(redis.url, { ...env, ROLE: 'api' });
    for (const p of pending) {
      expect((await apiOnly.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'reject', reason: 'off_topic' })).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received.length).toBe(seen);
    await apiOnly.close();

    svc = await startService(redis.url, env);
    await rx.waitFor((r) => r.received.length === seen + 3);
    const events = rx.received.slice(seen).map((q) => q.json);
    expect(new Set(events.map((e) => e.data.proposalId))).toEqual(new Set(pending.map((p) => p.id)));
    expect(events.every((e) => e.data.outcome === 'reject' && e.data.reason === 'off_topic' && e.data.decidedBy === 'admin')).toBe(true);
  });

  it('takes over the entries a dispatcher read but never acknowledged (it died between read and enqueue)', async () => {
    rx.status = 200;
    await svc.call('PUT', '/v1/consultations/orphans', URSSAF);
    await svc.call('PUT', '/v1/consultations/orphans/webhook', { url: rx.url, secrets: [PLATFORM_SECRET] });
    await svc.close();
    const client = redis.client();
    const stream = keys.decisions('orphans');
    const ids: string[] = [];
    for (const n of [1, 2]) {
      ids.push((await client.xadd(stream, '*', 'proposalId', `orphans~${n}`, 'externalId', `o${n}`, 'outcome', 'accept',
        'reason', '', 'decidedBy', 'system', 'decidedAt', String(Date.now())))!);
    }
    // A dispatcher that read both entries and died: they stay pending under its name.
    const read = await client.xreadgroup('GROUP', 'webhooks', 'dead-dispatcher', 'COUNT', 10, 'STREAMS', stream, '>') as [string, unknown[]][];
    expect(read[0]![1]).toHaveLength(2);
    const seen = rx.received.length;
    svc = await startService(redis.url, env);
    await rx.waitFor((r) => r.received.length === seen + 2);
    expect(rx.received.slice(seen).map((q) => q.json.id).sort()).toEqual(ids.map((id) => `orphans/${id}`).sort());
    const pending = await client.xpending(stream, 'webhooks') as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });
});
