/** A real service runtime (Express app + BullMQ workers) on a real Redis, reached over loopback HTTP. */
import { afterAll, beforeAll } from '@jest/globals';
import { pino } from 'pino';
import { contractOf } from './contract.js';
import { startTestRedis, type TestRedis } from './redis.js';
import { loadEnv } from '../../config/env.js';
import { CHECKS } from '../../models/pipeline.js';
import { startRuntime, type Runtime } from '../../app/runtime.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestService {
  runtime: Runtime;
  base: string;
  /** fetch with the admin token (or the given one) and JSON; every answer is checked against the OpenAPI
   * document the service serves (contract.ts): a mismatch throws */
  call(method: string, path: string, body?: unknown, token?: string | null, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** `redisUrl` null: on the cluster named by env.REDIS_CLUSTER_NODES. */
export async function startService(redisUrl: string | null, env: Record<string, string> = {}): Promise<TestService> {
  const config = loadEnv({ PORT: '0', LOG_LEVEL: 'silent', TRIAGE_THREADS: '0', SWEEP_INTERVAL_MS: '500', SWEEP_AFTER_MS: '2000', TRIAGE_LOCK_MS: '2000', ...env });
  const runtime = await startRuntime({ ...config, ...(redisUrl ? { REDIS_URL: redisUrl } : {}), ADMIN_TOKEN }, pino({ level: config.LOG_LEVEL }));
  const base = `http://127.0.0.1:${runtime.port}`;
  return {
    runtime,
    base,
    async call(method, path, body, token = ADMIN_TOKEN, headers = {}) {
      const res = await fetch(base + path, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      (await contractOf(base)).check({ method, path, status: res.status, contentType: res.headers.get('content-type'), text });
      let parsed: unknown = text;
      try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    close: () => runtime.close(),
  };
}

/** A consultation with every check of the pipeline: for tests of what triage finds. */
export const URSSAF_ALL_CHECKS = {
  question: "Comment améliorer l'accompagnement et les services de l'Urssaf pour ses usagers ?",
  description: 'Consultation des usagers de l’Urssaf.',
  language: 'fr',
  rules: { minLength: 12, maxLength: 140, requiredPrefix: 'Il faut' },
};

/** The same consultation triaged on the deterministic rules only (length, prefix, exact copies): for tests
 * of the machinery around triage (durability, feeds, webhooks, review, auth), whose expectations must not
 * hinge on what the scored checks think of made-up test texts. Those checks have their own suites. */
export const URSSAF = {
  ...URSSAF_ALL_CHECKS,
  policy: {
    checks: Object.fromEntries(CHECKS.filter((c) => !['length', 'prefix', 'exact_duplicate'].includes(c.id)).map((c) => [c.id, { enabled: false }])),
  },
};

/** Polls until `condition` holds: for what the service does in the background (deliveries, periodic monitors),
 * never a fixed sleep that a loaded machine outlasts. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until every listed proposal has left queued/processing. */
export async function waitForTriage(svc: TestService, ids: string[], timeoutMs = 20000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await Promise.all(ids.map((id) => svc.call('GET', `/v1/proposals/${encodeURIComponent(id)}`)));
    const bodies = all.map((r) => r.body);
    if (bodies.every((p) => p && p.status !== 'queued' && p.status !== 'processing')) return bodies;
    if (Date.now() > deadline) throw new Error(`not triaged in time: ${JSON.stringify(bodies.filter((p) => p.status === 'queued' || p.status === 'processing').map((p) => p.id))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A service on its own fresh redis-server for a whole suite: started before its first test, stopped after
 * its last. The returned objects forward to what is started, so a suite writes `svc.call(...)` as usual;
 * `restart()` stops the service and starts a new one on the same Redis.
 */
export function serviceForSuite(env: Record<string, string> = {}): { svc: TestService; redis: TestRedis; restart(): Promise<void> } {
  let redis: TestRedis | undefined;
  let svc: TestService | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('serviceForSuite: used before the suite started');
    return value;
  };
  beforeAll(async () => {
    redis = await startTestRedis();
    svc = await startService(redis.url, env);
  });
  afterAll(async () => {
    await svc?.close();
    await redis?.stop();
  });
  return {
    svc: {
      get runtime() { return started(svc).runtime; },
      get base() { return started(svc).base; },
      call: (...args) => started(svc).call(...args),
      close: () => started(svc).close(),
    },
    redis: {
      get server() { return started(redis).server; },
      get url() { return started(redis).url; },
      client: () => started(redis).client(),
      stop: () => started(redis).stop(),
    },
    async restart() {
      await started(svc).close();
      svc = await startService(started(redis).url, env);
    },
  };
}
