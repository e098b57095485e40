/**
 * npm run bench:intake — intake throughput (single and batch) and the end-to-end rate (posted → decided),
 * each beside a baseline measured in the same run on the same Redis: a bare Express endpoint that only
 * awaits a BullMQ add (addBulk for batches), and a no-op BullMQ worker.
 * Options: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (50), BENCH_E2E (6000 proposals, each a distinct real
 * proposal; beyond the 6,400 of the data set texts repeat and are triaged as exact copies).
 */
import { Redis } from 'ioredis';
import { keys } from '../models/store/keys.js';
import { CHECKS } from '../models/pipeline.js';
import { readStream } from './dev-data.js';
import { BENCH_TOKEN, load, privateRedis, round, startNode, table } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const E2E = Number(process.env.BENCH_E2E ?? 6000);
const BATCH = 100;
const E2E_BATCH = 1000;
const E2E_PARALLEL = 4;

/** Real accepted proposals (CC0 "monde d'après" data of ../shared/eval): the full pipeline does real work on
 * them — made-up texts differing by a number would all be near-duplicates of each other. */
const TEXTS = readStream('mondedapres-stream.csv').filter((r) => r.expected === 'accept').map((r) => r.text);
const proposal = (prefix: string, n: number) => ({ externalId: `${prefix}${n}`, text: TEXTS[n % TEXTS.length]! });

/** BENCH_CHECKS=rules triages on the deterministic rules only (length, prefix, exact copies): the foundation's
 * figure; the default runs every check of the pipeline. */
const RULES_ONLY = process.env.BENCH_CHECKS === 'rules';
const CONSULTATION = {
  question: "Comment améliorer l'accompagnement et les services de l'Urssaf pour ses usagers ?",
  rules: { minLength: 12, maxLength: 140, requiredPrefix: 'Il faut' },
  ...(RULES_ONLY ? { policy: { checks: Object.fromEntries(CHECKS.filter((c) => c.kind !== 'rule' || c.id === 'near_duplicate').map((c) => [c.id, { enabled: false }])) } } : {}),
};

async function http(method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return res.json();
}

/** Posts `total` proposals in batches, `E2E_PARALLEL` batches in flight, then waits until `done()` reaches total. */
async function endToEnd(post: (batch: unknown[]) => Promise<unknown>, done: () => Promise<number>, total: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: E2E_PARALLEL }, async () => {
    while (next < total) {
      const from = next;
      next += E2E_BATCH;
      await post(Array.from({ length: Math.min(E2E_BATCH, total - from) }, (_, i) => proposal('e', from + i)));
    }
  }));
  while ((await done()) < total) await new Promise((r) => setTimeout(r, 20));
  return total / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const redis = await privateRedis();
  const env = { REDIS_URL: redis.url };
  const svcEnv = { ...env, INTAKE_MAX_BACKLOG: '100000000', RATE_LIMIT_PER_MINUTE: '100000000' };
  console.error(`redis-server on ${redis.url} (AOF, appendfsync always); ${SECONDS}s per load, ${CONNECTIONS} connections`);

  // 1. Single-proposal intake: bare endpoint vs the service (API role only: intake is what is measured).
  const bare = await startNode('dist/bench/bare-server.js', env);
  const bareSingle = await load(`http://127.0.0.1:${bare.port}/bare`, { connections: CONNECTIONS, seconds: SECONDS, body: (n) => proposal('b', n) });
  const bareBatch = await load(`http://127.0.0.1:${bare.port}/bare/batch`, { connections: 10, seconds: SECONDS, body: (n) => ({ proposals: Array.from({ length: BATCH }, (_, i) => proposal(`bb${n}-`, i)) }) });
  await bare.stop();

  const api = await startNode('dist/services/main.js', { ...svcEnv, ROLE: 'api' });
  const base = `http://127.0.0.1:${api.port}`;
  await http('PUT', `${base}/v1/consultations/bench`, CONSULTATION);
  const single = await load(`${base}/v1/consultations/bench/proposals`, { connections: CONNECTIONS, seconds: SECONDS, body: (n) => proposal('s', n) });
  const batch = await load(`${base}/v1/consultations/bench/proposals/batch`, { connections: 10, seconds: SECONDS, body: (n) => ({ proposals: Array.from({ length: BATCH }, (_, i) => proposal(`m${n}-`, i)) }) });

  await api.stop();

  // 2. End to end (posted → decided): API process + worker process vs bare endpoint + no-op worker, each on
  // an emptied Redis (the intake phases above leave a backlog that is not part of this measure).
  // Progress is read from Redis directly (proposals posted minus the outbox): polling the API would add
  // its own load to what is measured.
  const probe = new Redis(redis.url);
  await probe.flushall();
  const e2eApi = await startNode('dist/services/main.js', { ...svcEnv, ROLE: 'api' });
  const e2eBase = `http://127.0.0.1:${e2eApi.port}`;
  const worker = await startNode('dist/services/main.js', { ...svcEnv, ROLE: 'worker' });
  await http('PUT', `${e2eBase}/v1/consultations/e2e`, CONSULTATION);
  const e2e = await endToEnd(
    (proposals) => http('POST', `${e2eBase}/v1/consultations/e2e/proposals/batch`, { proposals }),
    async () => Number(await probe.get(keys.sequence('e2e'))) - (await probe.zcard(keys.outbox('e2e'))),
    E2E);
  await worker.stop();
  await e2eApi.stop();
  await probe.flushall();
  probe.disconnect();

  const noop = await startNode('dist/bench/bare-server.js', { ...env, NOOP_WORKER: '1' });
  const bareE2e = await endToEnd(
    (proposals) => http('POST', `http://127.0.0.1:${noop.port}/bare/batch`, { proposals }),
    async () => (await http('GET', `http://127.0.0.1:${noop.port}/processed`)).processed, E2E);
  await noop.stop();
  await redis.kill('SIGTERM');

  const rows = [
    { measure: 'single intake (req/s)', service: round(single.requestsPerS), baseline: round(bareSingle.requestsPerS), ratio: round(single.requestsPerS / bareSingle.requestsPerS, 2), 'p99 ms (svc/base)': `${single.latencyP99Ms}/${bareSingle.latencyP99Ms}`, 'non-2xx': single.non2xx + single.errors },
    { measure: `batch intake (proposals/s, ${BATCH}/req)`, service: round(batch.requestsPerS * BATCH), baseline: round(bareBatch.requestsPerS * BATCH), ratio: round(batch.requestsPerS / bareBatch.requestsPerS, 2), 'p99 ms (svc/base)': `${batch.latencyP99Ms}/${bareBatch.latencyP99Ms}`, 'non-2xx': batch.non2xx + batch.errors },
    { measure: `end to end, ${E2E} proposals, ${RULES_ONLY ? 'rules only' : 'all checks'} (proposals/s)`, service: round(e2e), baseline: round(bareE2e), ratio: round(e2e / bareE2e, 2), 'p99 ms (svc/base)': '-', 'non-2xx': 0 },
  ];
  console.log(table(rows));
  console.log(JSON.stringify({ bench: 'intake', checks: RULES_ONLY ? 'rules' : 'all', seconds: SECONDS, connections: CONNECTIONS, rows }));
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
