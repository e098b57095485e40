/**
 * The queue board (/ops/queues) through the real service: shown read-only to admin and to ops keys that are not
 * limited to consultations; every URL refused to a key limited to some consultations; no board action for anyone,
 * with a Bearer token or a browser session and its CSRF token.
 */
import { describe, expect, it } from '@jest/globals';
import { serviceForSuite, URSSAF, ADMIN_TOKEN } from '../support/service.js';

const { svc } = serviceForSuite();

/** every action route of bull-board (@bull-board/api routes), with a body where it reads one */
const ACTIONS: readonly [method: string, path: string, body?: unknown][] = [
  ['PUT', '/api/queues/pause'], ['PUT', '/api/queues/resume'],
  ['POST', '/api/queues/webhooks/add', { name: 'decision', data: { cid: 'b', event: 'forged' } }],
  ['PUT', '/api/queues/triage/retry/failed'], ['PUT', '/api/queues/triage/promote'], ['PUT', '/api/queues/triage/clean/completed'],
  ['PUT', '/api/queues/triage/pause'], ['PUT', '/api/queues/triage/resume'], ['PUT', '/api/queues/triage/concurrency', { concurrency: 1 }],
  ['PUT', '/api/queues/triage/rate-limit', { max: 1, duration: 1000 }], ['PUT', '/api/queues/triage/rate-limit/release'],
  ['PUT', '/api/queues/triage/empty'], ['PUT', '/api/queues/triage/obliterate'],
  ['PUT', '/api/queues/triage/job-schedulers/s/remove'], ['PATCH', '/api/queues/triage/job-schedulers/s', {}], ['PUT', '/api/queues/triage/job-schedulers/s/run'],
  ['PUT', '/api/queues/triage/1/retry'], ['PUT', '/api/queues/triage/1/clean'], ['PUT', '/api/queues/triage/1/promote'],
  ['PATCH', '/api/queues/triage/1/update-data', { data: {} }], ['PATCH', '/api/queues/triage/1/delay', { delay: 1 }],
  ['PATCH', '/api/queues/triage/1/priority', { priority: 1 }], ['PUT', '/api/queues/triage/1/remove-unprocessed-children'],
  ['DELETE', '/api/queues/triage/1'],
];
/** what the board reads: its page and its JSON */
const READS = ['/', '/api/queues', '/api/redis/stats', '/api/queues/triage/workers', '/api/queues/webhooks/1'];

async function key(name: string, role: string, consultations?: string[]): Promise<string> {
  const res = await svc.call('POST', '/v1/keys', { name, role, ...(consultations ? { consultations } : {}) });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

const triagePaused = async () => (await svc.call('GET', '/ops/queues/api/queues')).body.queues.find((q: { name: string }) => q.name === 'triage').isPaused;

describe('the queue board', () => {
  it('refuses a key limited to consultations every board URL, reads and actions alike (403)', async () => {
    for (const id of ['a', 'b']) expect((await svc.call('PUT', `/v1/consultations/${id}`, URSSAF)).status).toBe(201);
    const scoped = await key('ops-a', 'ops', ['a']);
    for (const path of READS) expect([path, (await svc.call('GET', `/ops/queues${path}`, undefined, scoped)).status]).toEqual([path, 403]);
    for (const [method, path, body] of ACTIONS) {
      expect([method, path, (await svc.call(method, `/ops/queues${path}`, body, scoped)).status]).toEqual([method, path, 403]);
    }
    const refused = await svc.call('GET', '/ops/queues/api/queues', undefined, scoped);
    expect(refused.body.detail).toMatch(/not limited to consultations/);
  });

  it('shows every queue read-only to an ops key for all consultations and to admin; no action passes (405)', async () => {
    const ops = await key('ops-all', 'ops');
    const page = await svc.call('GET', '/ops/queues', undefined, ops);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<html');
    const queues = await svc.call('GET', '/ops/queues/api/queues', undefined, ops);
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string; readOnlyMode: boolean }) => [q.name, q.readOnlyMode]).sort())
      .toEqual([['triage', true], ['triage-dead', true], ['webhooks', true], ['webhooks-dead', true]]);
    for (const token of [ops, ADMIN_TOKEN]) {
      for (const [method, path, body] of ACTIONS) {
        const res = await svc.call(method, `/ops/queues${path}`, body, token);
        expect([method, path, res.status]).toEqual([method, path, 405]);
        expect(res.headers.get('allow')).toBe('GET, HEAD');
      }
    }
    expect(await triagePaused()).toBe(false);
    const webhookJobs = await svc.call('GET', '/ops/queues/api/queues?activeQueue=webhooks&status=latest');
    expect(webhookJobs.body.queues.find((q: { name: string }) => q.name === 'webhooks').jobs).toEqual([]);
  });

  it('a browser session with its CSRF token cannot act either', async () => {
    const ops = await key('ops-browser', 'ops');
    const session = await svc.call('POST', '/v1/session', { token: ops }, null);
    expect(session.status).toBe(201);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = session.body.csrfToken as string;
    expect((await svc.call('GET', '/ops/queues/api/queues', undefined, null, { cookie })).status).toBe(200);
    for (const path of ['/api/queues/triage/pause', '/api/queues/pause']) {
      expect((await svc.call('PUT', `/ops/queues${path}`, undefined, null, { cookie, 'x-csrf-token': csrf })).status).toBe(405);
    }
    expect(await triagePaused()).toBe(false);
  });

  it('its page forbids framing and third-party origins, names no server, loads no third-party font', async () => {
    const page = await svc.call('GET', '/ops/queues');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-powered-by')).toBeNull();
    expect(String(page.body)).not.toMatch(/fonts\.(googleapis|gstatic)\.com|https?:\/\/(?!127\.0\.0\.1)/);
    const asset = /src="(static\/js\/[^"]+)"/.exec(String(page.body))![1]!;
    const script = await svc.call('GET', `/ops/queues/${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('x-powered-by')).toBeNull();
  });
});
