/** 401 without or with a wrong token on every protected route, 403 for a wrong role or consultation scope,
 * 429 past a key's rate limit and past a client address's budget of failed authentications (without a Redis look-up);
 * keys are stored hashed and can be revoked. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { keys } from '../../models/store/keys.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { URSSAF, startService, type TestService } from '../support/service.js';

let redis: TestRedis;
let svc: TestService;
let routes: { method: string; path: string; roles: string[] }[];

beforeAll(async () => {
  redis = await startTestRedis();
  // this suite answers hundreds of wrong tokens from one address on purpose: failed authentications are not limited here
  svc = await startService(redis.url, { AUTH_CACHE_MS: '0', AUTH_FAILURES_PER_MINUTE: '100000' });
  await svc.call('PUT', '/v1/consultations/a', URSSAF);
  await svc.call('PUT', '/v1/consultations/b', URSSAF);
  const doc = (await svc.call('GET', '/v1/openapi.json', undefined, null)).body;
  routes = [];
  for (const [path, ops] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      if (!op.security?.length) continue;
      const roles = /Roles: ([^.]*)\./.exec(op.description ?? '')?.[1]?.split(', ') ?? [];
      routes.push({ method: method.toUpperCase(), path: path.replace('{id}', path.startsWith('/v1/proposals') ? 'a~1' : 'a').replace(/\{\w+\}/g, 'x'), roles });
    }
  }
});
afterAll(async () => {
  await svc.close();
  await redis.stop();
});

async function makeKey(role: string, consultations?: string[]): Promise<string> {
  const res = await svc.call('POST', '/v1/keys', { name: `${role} key`, role, ...(consultations ? { consultations } : {}) });
  expect(res.status).toBe(201);
  return res.body.token;
}

describe('authentication', () => {
  it('finds the protected routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
  });

  it('answers 401 without a token, with a wrong token and with a malformed header, on every protected route', async () => {
    for (const r of routes) {
      for (const token of [null, 'wrong-token-000000000000']) {
        const res = await svc.call(r.method, r.path, r.method === 'GET' || r.method === 'DELETE' ? undefined : {}, token);
        expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 401 });
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
      }
      const basic = await svc.call(r.method, r.path, undefined, null, { authorization: 'Basic YWRtaW46YWRtaW4=' });
      expect(basic.status).toBe(401);
    }
  });

  it('answers 403 to a role the route does not allow, on every protected route', async () => {
    const tokens: Record<string, string> = { platform: await makeKey('platform'), moderator: await makeKey('moderator'), ops: await makeKey('ops') };
    let checked = 0;
    for (const r of routes) {
      for (const role of ['platform', 'moderator', 'ops']) {
        if (r.roles.includes(role)) continue;
        const res = await svc.call(r.method, r.path, r.method === 'GET' || r.method === 'DELETE' ? undefined : {}, tokens[role]);
        expect({ route: `${r.method} ${r.path}`, role, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, role, status: 403 });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('keeps a platform key from deciding and an ops key from posting proposals', async () => {
    const platform = await makeKey('platform');
    const ops = await makeKey('ops');
    expect((await svc.call('POST', '/v1/proposals/a~1/decision', { outcome: 'accept' }, platform)).status).toBe(403);
    expect((await svc.call('POST', '/v1/consultations/a/proposals', { externalId: 'x', text: 'Il faut agir' }, ops)).status).toBe(403);
    expect((await svc.call('POST', '/v1/keys', { name: 'escalate', role: 'platform' }, platform)).status).toBe(403);
  });

  it('confines a scoped key to its consultations', async () => {
    const scoped = await makeKey('platform', ['a']);
    expect((await svc.call('POST', '/v1/consultations/a/proposals', { externalId: 's1', text: 'Il faut agir vite et bien' }, scoped)).status).toBe(202);
    const other = await svc.call('POST', '/v1/consultations/b/proposals', { externalId: 's1', text: 'Il faut agir vite et bien' }, scoped);
    expect(other.status).toBe(403);
    expect(other.body.detail).toContain('consultation b');
    expect((await svc.call('GET', '/v1/proposals/b~1', undefined, scoped)).status).toBe(403);
    expect((await svc.call('GET', '/v1/consultations', undefined, scoped)).body.items).toEqual(['a']);
    const moderatorA = await makeKey('moderator', ['a']);
    expect((await svc.call('GET', '/v1/consultations/b/proposals', undefined, moderatorA)).status).toBe(403);
  });

  it('stores only a hash of each key, and a revoked key stops working', async () => {
    const created = await svc.call('POST', '/v1/keys', { name: 'temp', role: 'ops' });
    const token: string = created.body.token;
    const stored = await redis.client().keys('tr:apikey:*');
    const values = await Promise.all(stored.map((k) => redis.client().get(k)));
    expect(values.join('')).not.toContain(token);
    expect((await svc.call('GET', '/v1/consultations/a/stats', undefined, token)).status).toBe(200);
    expect((await svc.call('DELETE', `/v1/keys/${created.body.id}`)).status).toBe(200);
    expect((await svc.call('GET', '/v1/consultations/a/stats', undefined, token)).status).toBe(401);
    const listed = await svc.call('GET', '/v1/keys');
    expect(JSON.stringify(listed.body)).not.toContain(token);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-minute budget, counted in Redis', async () => {
    const limited = await startService(redis.url, { RATE_LIMIT_PER_MINUTE: '20' });
    const created = await limited.call('POST', '/v1/keys', { name: 'limited', role: 'ops' });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 30; i++) {
        const res = await limited.call('GET', '/v1/consultations/a', undefined, created.body.token);
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 120));
      const window = Math.floor(Date.now() / 60000);
      expect(Number(await redis.client().get(keys.rateLimit(created.body.id, window)))).toBeGreaterThanOrEqual(20);
    } finally {
      await limited.close();
    }
  });
});

describe('failed authentications', () => {
  /** GET commands Redis has run so far (INFO commandstats): a token or session look-up is one GET. */
  const gets = async (r: TestRedis) => Number(/cmdstat_get:calls=(\d+)/.exec(await r.client().info('commandstats'))?.[1] ?? 0);

  it('answers 429 with Retry-After past the budget per client address, without looking the token up; known keys still pass', async () => {
    const own = await startTestRedis(); // its own Redis: the counts of the suite above are in the same per-minute key
    // the API alone (no worker reading Redis in the background); a key cache that outlasts the test (up to 10 s of
    // waiting for a fresh minute below, more on a loaded machine)
    const limited = await startService(own.url, { ROLE: 'api', AUTH_FAILURES_PER_MINUTE: '5', AUTH_CACHE_MS: '300000' });
    try {
      const key = (await limited.call('POST', '/v1/keys', { name: 'known', role: 'ops' })).body.token as string;
      const signedIn = await limited.call('POST', '/v1/session', { token: key }, null);
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      expect((await limited.call('GET', '/v1/consultations', undefined, key)).status).toBe(200); // now in the process's cache
      // the budget is per minute: start well inside one
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));

      for (let i = 0; i < 5; i++) {
        expect((await limited.call('GET', '/v1/consultations', undefined, `wrong-token-${i}-000000000000`)).status).toBe(401);
      }
      // no token and a malformed header cost no look-up: they are not failures, and stay 401
      expect((await limited.call('GET', '/v1/consultations', undefined, null)).status).toBe(401);
      const getsBefore = await gets(own);
      const refused = [];
      for (let i = 0; i < 20; i++) refused.push(await limited.call('GET', '/v1/consultations', undefined, `wrong-token-x${i}-000000000000`));
      refused.push(await limited.call('POST', '/v1/session', { token: 'wrong-token-signin-000000000000' }, null));
      refused.push(await limited.call('GET', '/v1/consultations', undefined, null, { cookie: 'tr_session=unknownsessionid0000000000' }));
      refused.push(await limited.call('GET', '/ops/queues/api/queues', undefined, 'wrong-token-board-000000000000'));
      expect(refused.map((r) => r.status)).toEqual(Array(refused.length).fill(429));
      expect(await gets(own)).toBe(getsBefore);
      for (const res of refused) {
        const retryAfter = Number(res.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(res.body).toMatchObject({ status: 429, type: 'urn:proposal-triage:problem:rate-limited' });
        expect(res.body.detail).toMatch(/failed authentications from this address; retry in \d+ s/);
      }
      // what needs no look-up still passes from that address: the admin token, a key in the process's cache
      expect((await limited.call('GET', '/v1/consultations')).status).toBe(200);
      expect((await limited.call('GET', '/v1/consultations', undefined, key)).status).toBe(200);
      // a session needs its look-up: refused like an unknown token until the minute is over
      expect((await limited.call('GET', '/v1/session', undefined, null, { cookie })).status).toBe(429);
    } finally {
      await limited.close();
      await own.stop();
    }
  });
});
