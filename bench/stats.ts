/**
 * Cost of the ops view as a consultation grows: /stats over a window holding N decisions, against the same
 * request on a consultation without decisions (the fixed cost: HTTP, auth, all-time counters, queue ages)
 * measured in the same run; plus one page of the decisions feed and the full CSV export.
 *   npm run bench:stats            (BENCH_SIZES=10000,50000 by default)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadEnv } from '../config/env.js';
import { ProposalStore, type TriageCommit } from '../models/store/proposals.js';
import { LocalRedis } from '../app/local-redis.js';
import { startRuntime } from '../app/runtime.js';

const TOKEN = 'bench-admin-token-0123456789';
const RUNS = 7;
const BATCH = 1000;

async function populate(store: ProposalStore, cid: string, n: number): Promise<void> {
  for (let start = 0; start < n; start += BATCH) {
    const inputs = Array.from({ length: Math.min(BATCH, n - start) }, (_, i) => ({ externalId: `e${start + i}`, text: `Il faut la proposition ${start + i}` }));
    const { items } = await store.intake(cid, inputs, BATCH);
    const seqs = items.map((it) => Number(it.id.split('~')[1]));
    await store.claimForTriage(cid, seqs);
    const commits: TriageCommit[] = seqs.map((seq, i) => {
      const reject = i % 3 === 0;
      return {
        seq, status: reject ? 'rejected' : 'accepted', similar: [],
        suggestion: { outcome: reject ? 'reject' : 'accept', confidence: 0.95, reasons: reject ? [{ code: 'too_short', score: 1, detail: 'court', check: 'length' }] : [] },
        automatic: { outcome: reject ? 'reject' : 'accept', reason: reject ? 'too_short' : null },
      };
    });
    await store.commitTriage(cid, commits);
  }
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '10000,50000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
  const server = await new LocalRedis(dir).start();
  const redis = new Redis(server.url);
  const env = loadEnv({ PORT: '0', LOG_LEVEL: 'silent', ROLE: 'api' });
  const runtime = await startRuntime({ ...env, REDIS_URL: server.url, ADMIN_TOKEN: TOKEN }, pino({ level: 'silent' }));
  const base = `http://127.0.0.1:${runtime.port}`;
  const get = async (path: string) => {
    const res = await fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return res.text();
  };
  try {
    const store = new ProposalStore(redis);
    const create = (cid: string) => fetch(`${base}/v1/consultations/${cid}`, {
      method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Banc d’essai des statistiques ?' }),
    });
    await create('bench-empty');
    console.log('decisions | /stats, no decisions (baseline) | /stats window=24h | ratio | ms per 1000 decisions | feed page of 1000 | CSV export | CSV MB');
    for (const n of sizes) {
      const cid = `bench-${n}`;
      await create(cid);
      await populate(store, cid, n);
      const stats = JSON.parse(await get(`/v1/consultations/${cid}/stats?window=24h`)) as { window: { decided: number } };
      if (stats.window.decided !== n) throw new Error(`expected ${n} decisions in the window, got ${stats.window.decided}`);
      const baseline = await median(() => get('/v1/consultations/bench-empty/stats?window=24h'));
      const full = await median(() => get(`/v1/consultations/${cid}/stats?window=24h`));
      const feed = await median(() => get(`/v1/consultations/${cid}/decisions?limit=1000`));
      let csvBytes = 0;
      const csv = await median(async () => { csvBytes = Buffer.byteLength(await get(`/v1/consultations/${cid}/decisions.csv`)); });
      console.log(`${n} | ${baseline.toFixed(1)} ms | ${full.toFixed(1)} ms | x${(full / baseline).toFixed(1)} | ${(((full - baseline) / n) * 1000).toFixed(1)} | ${feed.toFixed(1)} ms | ${csv.toFixed(1)} ms | ${(csvBytes / 1e6).toFixed(2)}`);
    }
  } finally {
    await runtime.close();
    redis.disconnect();
    await server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
