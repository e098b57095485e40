/**
 * bench:review — the moderator workspace under load, in one process against a private Redis:
 * M moderators drain a review queue of N proposals (next item with a lease, then a decision), beside a
 * baseline measured in the same run: reading one proposal through the same HTTP stack (GET /v1/proposals/{id}).
 * Prints figures and ratios to the baseline; checks that no proposal was decided twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadEnv } from '../config/env.js';
import { LocalRedis } from '../app/local-redis.js';
import { startRuntime } from '../app/runtime.js';

const N = Number(process.env.BENCH_PROPOSALS ?? 2000);
const MODERATORS = Number(process.env.BENCH_MODERATORS ?? 10);
const TOKEN = 'bench-admin-token-0123456789';

const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const ms = (x: number) => Number(x.toFixed(2));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-review-'));
  const redis = await new LocalRedis(dir).start();
  const env = loadEnv({ PORT: '0', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000000' });
  const runtime = await startRuntime({ ...env, REDIS_URL: redis.url, ADMIN_TOKEN: TOKEN }, pino({ level: 'warn' }));
  const base = `http://127.0.0.1:${runtime.port}`;
  const call = async (method: string, path: string, body?: unknown, token = TOKEN) => {
    const started = performance.now();
    const res = await fetch(base + path, {
      method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = res.status === 204 ? null : await res.json();
    return { status: res.status, body: json as any, ms: performance.now() - started };
  };
  try {
    await call('PUT', '/v1/consultations/bench', { question: 'Comment faire ?', policy: { mode: 'review_all' } });
    for (let i = 0; i < N; i += 1000) {
      const proposals = Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({ externalId: `b${i + j}`, text: `Il faut une proposition de banc d'essai numéro ${i + j}` }));
      await call('POST', '/v1/consultations/bench/proposals/batch', { proposals });
    }
    for (;;) {
      const { body } = await call('GET', '/v1/consultations/bench/review/queue?limit=1');
      if (body.counts.total === N) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const tokens = await Promise.all(Array.from({ length: MODERATORS }, async (_, i) =>
      (await call('POST', '/v1/keys', { name: `m${i}`, role: 'moderator' })).body.token as string));

    const baseline: number[] = [];
    for (let i = 1; i <= 300; i++) baseline.push((await call('GET', `/v1/proposals/bench~${i}`)).ms);
    const counts: number[] = [];
    for (let i = 0; i < 30; i++) counts.push((await call('GET', '/v1/consultations/bench/review/queue?limit=1')).ms);
    const page: number[] = [];
    for (let i = 0; i < 30; i++) page.push((await call('GET', '/v1/consultations/bench/review/queue?limit=50')).ms);

    const nextMs: number[] = [];
    const decideMs: number[] = [];
    const decided = new Map<string, string>();
    let conflicts = 0;
    const started = performance.now();
    await Promise.all(tokens.map(async (token) => {
      for (;;) {
        const next = await call('POST', '/v1/consultations/bench/review/next', {}, token);
        nextMs.push(next.ms);
        const item = next.body.item;
        if (!item) return;
        const d = await call('POST', `/v1/proposals/${item.id}/decision`, { outcome: 'accept', expectedVersion: item.version }, token);
        decideMs.push(d.ms);
        if (d.status !== 200) { conflicts++; continue; }
        if (decided.has(item.id)) throw new Error(`${item.id} decided twice`);
        decided.set(item.id, token);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const b50 = percentile(baseline, 0.5);
    const rows = [
      { measure: 'baseline GET /v1/proposals/{id}', p50_ms: ms(b50), p99_ms: ms(percentile(baseline, 0.99)), ratio_p50: 1 },
      { measure: `queue counts (${N} waiting)`, p50_ms: ms(percentile(counts, 0.5)), p99_ms: ms(percentile(counts, 0.99)), ratio_p50: ms(percentile(counts, 0.5) / b50) },
      { measure: `queue page of 50 (${N} waiting)`, p50_ms: ms(percentile(page, 0.5)), p99_ms: ms(percentile(page, 0.99)), ratio_p50: ms(percentile(page, 0.5) / b50) },
      { measure: `next item (${MODERATORS} moderators at once)`, p50_ms: ms(percentile(nextMs, 0.5)), p99_ms: ms(percentile(nextMs, 0.99)), ratio_p50: ms(percentile(nextMs, 0.5) / b50) },
      { measure: 'decision', p50_ms: ms(percentile(decideMs, 0.5)), p99_ms: ms(percentile(decideMs, 0.99)), ratio_p50: ms(percentile(decideMs, 0.5) / b50) },
    ];
    console.log(`bench:review — ${N} proposals in review, ${MODERATORS} moderators draining the queue (next + accept)`);
    console.table(rows);
    console.log(`drained ${decided.size}/${N} in ${seconds.toFixed(1)} s = ${(decided.size / seconds).toFixed(0)} decisions/s; ` +
      `decision conflicts ${conflicts}; proposals decided twice: 0 (checked)`);
    if (decided.size !== N) throw new Error(`only ${decided.size} of ${N} decided`);
  } finally {
    await runtime.close();
    await redis.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
