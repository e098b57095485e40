/**
 * npm run bench:cluster — the 8,000-row mondedapres stream of ../shared/eval through the service on a real
 * 3-master Redis Cluster (loopback, AOF fsync always, REDIS_CLUSTER_NODES), and the same run on one Redis as the
 * baseline. For each: the default `npm start` process (API and worker roles, default triage threads) on an empty
 * store, every row posted in batches of 1,000 (4 in flight), then waited for until no proposal is left undecided.
 * Checked afterwards, through the API as a platform sees it and through Redis: every externalId listed exactly
 * once, each with its own id, none still queued or processing, and the consultation's sequence equal to the rows
 * posted (no proposal created twice) with an empty outbox (none lost). Prints the throughput (posted → decided)
 * of both and their ratio, and each Redis master's CPU per proposal during the run (the busiest one is what one
 * consultation — one slot — costs its master); exits non-zero when a check fails.
 * Options: BENCH_ROUNDS (2: one Redis then the cluster, then the cluster then one Redis), BENCH_STREAM
 * (mondedapres-stream.csv), BENCH_LIMIT (all rows), BENCH_CONSULTATIONS (1: the stream as one consultation, hence
 * one slot and one master; N spreads the rows over N consultations, hence over the shards).
 */
import { Cluster, Redis } from 'ioredis';
import { clusterNodes } from '../app/redis.js';
import { keys } from '../models/store/keys.js';
import { LocalRedisCluster } from '../test/support/redis-cluster.js';
import { readStream, type DevRow } from './dev-data.js';
import { benchHttp as http, privateRedis, redisCpuSeconds, round, startNode, table } from './support.js';

const STREAM = process.env.BENCH_STREAM ?? 'mondedapres-stream.csv';
const ROWS = readStream(STREAM).slice(0, process.env.BENCH_LIMIT ? Number(process.env.BENCH_LIMIT) : undefined);
const CONSULTATIONS = Number(process.env.BENCH_CONSULTATIONS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BATCH = 1000;
const PARALLEL = 4;
const PAGE = 1000;
const DECIDE_TIMEOUT_MS = 15 * 60_000;
const UNDECIDED = new Set(['queued', 'processing']);
/** the consultation every row is posted to (BENCH_CONSULTATIONS spreads them round-robin) */
const consultationOf = (i: number) => `bench-${ROWS[i]!.consultationId}-${i % CONSULTATIONS}`;
const CONSULTATION = {
  question: "Comment construire ensemble le monde d'après la crise du Covid-19 ?",
  language: 'fr',
  rules: { minLength: 12, maxLength: 140, requiredPrefix: 'Il faut' },
};

interface Listed { id: string; externalId: string; status: string }

async function listAll(base: string, cid: string): Promise<Listed[]> {
  const all: Listed[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Listed[]; nextCursor: string | null } = await http('GET',
      `${base}/v1/consultations/${cid}/proposals?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** What went wrong in one run's store, as seen through the API and through Redis; empty when nothing did. */
async function checkRun(base: string, redis: Redis, byConsultation: Map<string, DevRow[]>): Promise<string[]> {
  const problems: string[] = [];
  for (const [cid, rows] of byConsultation) {
    const listed = await listAll(base, cid);
    const seen = new Map<string, number>();
    for (const p of listed) seen.set(p.externalId, (seen.get(p.externalId) ?? 0) + 1);
    const repeated = [...seen].filter(([, n]) => n > 1);
    const missing = rows.filter((r) => !seen.has(r.externalId));
    const posted = new Set(rows.map((r) => r.externalId));
    const extra = [...seen.keys()].filter((e) => !posted.has(e));
    const undecided = listed.filter((p) => UNDECIDED.has(p.status));
    if (listed.length !== rows.length) problems.push(`${cid}: ${listed.length} listed for ${rows.length} posted`);
    if (new Set(listed.map((p) => p.id)).size !== listed.length) problems.push(`${cid}: an id is listed twice`);
    if (repeated.length) problems.push(`${cid}: ${repeated.length} externalIds listed more than once, e.g. ${repeated[0]![0]}`);
    if (missing.length) problems.push(`${cid}: ${missing.length} externalIds never listed, e.g. ${missing[0]!.externalId}`);
    if (extra.length) problems.push(`${cid}: ${extra.length} externalIds listed that were never posted`);
    if (undecided.length) problems.push(`${cid}: ${undecided.length} still ${undecided[0]!.status}`);
    const sequence = Number(await redis.get(keys.sequence(cid)));
    if (sequence !== rows.length) problems.push(`${cid}: sequence ${sequence} for ${rows.length} rows (a proposal created twice or lost)`);
    const outbox = await redis.zcard(keys.outbox(cid));
    if (outbox !== 0) problems.push(`${cid}: ${outbox} proposals still in the outbox`);
  }
  return problems;
}

interface Run { backend: string; proposals: number; seconds: number; rate: number; statuses: Record<string, number>; problems: string[]; masterCpuUs: number[] }

/** The masters to read CPU from: the one Redis, or every master of the cluster. */
const masters = (redis: Redis): Redis[] => (redis as unknown) instanceof Cluster ? (redis as unknown as Cluster).nodes('master') : [redis];

async function runStream(backend: string, target: { REDIS_URL: string } | { REDIS_CLUSTER_NODES: string }): Promise<Run> {
  const service = await startNode('dist/app/main.js', { ...target, INTAKE_MAX_BACKLOG: '100000000', RATE_LIMIT_PER_MINUTE: '100000000' }, 120_000);
  const base = `http://127.0.0.1:${service.port}`;
  const redis = 'REDIS_URL' in target ? new Redis(target.REDIS_URL) : new Cluster(clusterNodes(target.REDIS_CLUSTER_NODES)) as unknown as Redis;
  try {
    const byConsultation = new Map<string, DevRow[]>();
    ROWS.forEach((row, i) => byConsultation.set(consultationOf(i), [...byConsultation.get(consultationOf(i)) ?? [], row]));
    for (const cid of byConsultation.keys()) await http('PUT', `${base}/v1/consultations/${cid}`, CONSULTATION);

    const batches = [...byConsultation].flatMap(([cid, rows]) => Array.from({ length: Math.ceil(rows.length / BATCH) },
      (_, b) => ({ cid, proposals: rows.slice(b * BATCH, (b + 1) * BATCH).map((r) => ({ externalId: r.externalId, text: r.text })) })));
    const cpuBefore = await Promise.all(masters(redis).map(redisCpuSeconds));
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: PARALLEL }, async () => {
      while (next < batches.length) {
        const { cid, proposals } = batches[next++]!;
        await http('POST', `${base}/v1/consultations/${cid}/proposals/batch`, { proposals });
      }
    }));
    // decided = out of the outbox (progress read from Redis: polling the API would load what is measured)
    const deadline = Date.now() + DECIDE_TIMEOUT_MS;
    const decided = async () => {
      let n = 0;
      for (const cid of byConsultation.keys()) n += Number(await redis.get(keys.sequence(cid))) - await redis.zcard(keys.outbox(cid));
      return n;
    };
    while (await decided() < ROWS.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = await Promise.all(masters(redis).map(redisCpuSeconds));
    const masterCpuUs = cpuAfter.map((after, i) => round((after - cpuBefore[i]!) * 1e6 / ROWS.length));

    const problems = await checkRun(base, redis, byConsultation);
    const statuses: Record<string, number> = {};
    for (const cid of byConsultation.keys()) for (const p of await listAll(base, cid)) statuses[p.status] = (statuses[p.status] ?? 0) + 1;
    return { backend, proposals: ROWS.length, seconds, rate: ROWS.length / seconds, statuses, problems, masterCpuUs };
  } finally {
    redis.disconnect();
    await service.stop();
  }
}

const runOnOneRedis = async (): Promise<Run> => {
  const single = await privateRedis();
  return runStream('one Redis', { REDIS_URL: single.url }).finally(() => single.kill('SIGTERM'));
};
const runOnCluster = async (): Promise<Run> => {
  const cluster = await new LocalRedisCluster(3).start();
  return runStream('Redis Cluster, 3 masters', { REDIS_CLUSTER_NODES: cluster.addresses }).finally(() => cluster.stop());
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  // the two backends alternate round after round (one Redis first on even rounds): on the shared machine the
  // load drifts, and alternating makes the drift hit both sides alike
  const runs: Run[] = [];
  for (let turn = 0; turn < ROUNDS; turn++) {
    for (const run of turn % 2 === 0 ? [runOnOneRedis, runOnCluster] : [runOnCluster, runOnOneRedis]) runs.push(await run());
  }
  const rateOf = (backend: string) => mean(runs.filter((r) => r.backend === backend).map((r) => r.rate));
  const ratio = rateOf('Redis Cluster, 3 masters') / rateOf('one Redis');

  console.log(`# ${ROWS.length} rows of ${STREAM} in ${CONSULTATIONS} consultation(s), posted → decided, default npm start (TRIAGE_THREADS ${process.env.TRIAGE_THREADS ?? 'default'}), ${ROUNDS} round(s)\n`);
  console.log(table(runs.map((r) => ({
    backend: r.backend, proposals: r.proposals, seconds: round(r.seconds, 1), 'proposals/s': round(r.rate),
    'Redis CPU µs/proposal per master': r.masterCpuUs.join(' / '),
    statuses: Object.entries(r.statuses).map(([s, n]) => `${s} ${n}`).join(', '), checks: r.problems.length ? 'FAILED' : 'ok',
  }))));
  console.log(`\ncluster / one Redis (mean proposals/s of each side's rounds): ${round(ratio, 2)}`);
  for (const r of runs) for (const p of r.problems) console.error(`${r.backend}: ${p}`);
  console.log(JSON.stringify({ bench: 'cluster', stream: STREAM, rows: ROWS.length, consultations: CONSULTATIONS, rounds: ROUNDS,
    runs: runs.map((r) => ({ ...r, seconds: round(r.seconds, 2), rate: round(r.rate) })), ratio: round(ratio, 3) }));
  if (runs.some((r) => r.problems.length)) process.exit(1);
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
