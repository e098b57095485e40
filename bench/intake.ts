/**
 * npm run bench:intake — intake throughput (single and batch) and the end-to-end rate (posted → decided),
 * each beside a baseline measured in the same run on the same Redis: a bare Express endpoint that only
 * awaits a BullMQ add (addBulk for batches), and a no-op BullMQ worker.
 * Options: BENCH_SECONDS (default 5 per load), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50), BENCH_E2E (6000
 * proposals, each a distinct real proposal; beyond the 6,400 of the data set texts repeat and are triaged as
 * exact copies), BENCH_PHASES (`intake,e2e`: either alone when working on one of them). End-to-end diagnostics:
 * BENCH_NODE_ARGS (node options for the service's processes, e.g. V8 flags NODE_OPTIONS refuses),
 * BENCH_E2E_WARMUP (proposals triaged by the same processes before each timed run), BENCH_REDIS_STATS=1 (Redis's
 * CPU by command over each run); every run prints the worker's CPU per thread.
 * Service and baseline loads alternate, round after round, and each figure is the median of its rounds: on a
 * shared 2-core machine back-to-back runs of the same server differ by up to 20 %, and alternating makes a drift
 * hit both sides alike.
 */
import { Redis } from 'ioredis';
import { keys } from '../models/store/keys.js';
import { CHECKS } from '../models/pipeline.js';
import { readStream } from './dev-data.js';
import { benchHttp as http, cpuSeconds, threadCpuSeconds, load, privateRedis, redisCpuSeconds, round, startNode, table, type LoadResult } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP_SECONDS = 2;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const E2E = Number(process.env.BENCH_E2E ?? 6000);
const BATCH = 100;
const E2E_BATCH = 1000;
const E2E_PARALLEL = 4;
const PHASES = new Set((process.env.BENCH_PHASES ?? 'intake,e2e').split(','));
/** BENCH_NODE_ARGS: node options for the service's processes (API and worker), e.g. V8 flags NODE_OPTIONS refuses. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

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


/** BENCH_E2E_WARMUP=n: before each timed end-to-end run, the same processes first triage n proposals of another
 * consultation (the same texts), so that the run measures warm workers (JIT-compiled code, caches) as a worker is
 * after minutes of work, instead of a fresh process's first seconds. Not the issue's figure: a second one. */
const E2E_WARMUP = Number(process.env.BENCH_E2E_WARMUP ?? 0);

/** Posts `total` proposals in batches, `E2E_PARALLEL` batches in flight, then waits until `done()` reaches total. */
async function endToEnd(post: (batch: unknown[]) => Promise<unknown>, done: () => Promise<number>, total: number, prefix = 'e'): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: E2E_PARALLEL }, async () => {
    while (next < total) {
      const from = next;
      next += E2E_BATCH;
      await post(Array.from({ length: Math.min(E2E_BATCH, total - from) }, (_, i) => proposal(prefix, from + i)));
    }
  }));
  while ((await done()) < total) await new Promise((r) => setTimeout(r, 20));
  return total / ((performance.now() - started) / 1000);
}

/** BENCH_REDIS_STATS=1: Redis's own CPU per command (INFO commandstats) over each end-to-end run, per proposal. */
const REDIS_STATS = process.env.BENCH_REDIS_STATS === '1';
function redisCommandStats(info: string, proposals: number): string {
  const rows = [...info.matchAll(/cmdstat_([^:]+):calls=(\d+),usec=(\d+)/g)].map((m) => ({ cmd: m[1]!, calls: Number(m[2]), usec: Number(m[3]) }));
  rows.sort((a, b) => b.usec - a.usec);
  return `  redis µs per proposal by command: ${rows.slice(0, 12).map((r) => `${r.cmd} ${round(r.usec / proposals)} (${r.calls} calls)`).join(', ')}; total ${round(rows.reduce((s, r) => s + r.usec, 0) / proposals)}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs `measure` for the service and the baseline alternately, ROUNDS times; answers both sides' runs. */
async function alternate<T>(measure: (side: 'service' | 'baseline', turn: number) => Promise<T>): Promise<{ service: T[]; baseline: T[] }> {
  const out = { service: [] as T[], baseline: [] as T[] };
  for (let turn = 0; turn < ROUNDS; turn++) {
    for (const side of turn % 2 === 0 ? ['baseline', 'service'] as const : ['service', 'baseline'] as const) out[side].push(await measure(side, turn));
  }
  return out;
}

/** The run of median throughput, with the throughputs of every round. */
function summarise(runs: LoadResult[]): LoadResult & { all: number[] } {
  const m = median(runs.map((r) => r.requestsPerS));
  return { ...runs.find((r) => r.requestsPerS === m)!, all: runs.map((r) => round(r.requestsPerS)) };
}

type Row = Record<string, string | number>;
interface Phase { rows: Row[]; rounds: Record<string, { service: number[]; baseline: number[] }> }
type Env = Record<string, string>;

/** 1. Intake: bare endpoint vs the service (API role only: intake is what is measured), both up, alternating. */
async function intakePhase(env: Env, svcEnv: Env): Promise<Phase> {
  const bare = await startNode('dist/bench/bare-server.js', env);
  const api = await startNode('dist/app/main.js', { ...svcEnv, ROLE: 'api' });
  const base = `http://127.0.0.1:${api.port}`;
  await http('PUT', `${base}/v1/consultations/bench`, CONSULTATION);
  // both servers warm up first (JIT, connection pools): the first seconds of a fresh process measure the
  // compiler, and the service has more code to compile than the bare endpoint
  await load(`http://127.0.0.1:${bare.port}/bare`, { connections: CONNECTIONS, seconds: WARM_UP_SECONDS, body: (i) => proposal('wb', i) });
  await load(`${base}/v1/consultations/bench/proposals`, { connections: CONNECTIONS, seconds: WARM_UP_SECONDS, body: (i) => proposal('ws', i) });
  // every round posts new external ids: a repeated one would be an idempotent (cheaper) retry
  const singles = await alternate((side, r) => side === 'baseline'
    ? load(`http://127.0.0.1:${bare.port}/bare`, { connections: CONNECTIONS, seconds: SECONDS, body: (i) => proposal(`b${r}-`, i) })
    : load(`${base}/v1/consultations/bench/proposals`, { connections: CONNECTIONS, seconds: SECONDS, body: (i) => proposal(`s${r}-`, i) }));
  const batches = await alternate((side, r) => side === 'baseline'
    ? load(`http://127.0.0.1:${bare.port}/bare/batch`, { connections: 10, seconds: SECONDS, body: (i) => ({ proposals: Array.from({ length: BATCH }, (_, k) => proposal(`bb${r}-${i}-`, k)) }) })
    : load(`${base}/v1/consultations/bench/proposals/batch`, { connections: 10, seconds: SECONDS, body: (i) => ({ proposals: Array.from({ length: BATCH }, (_, k) => proposal(`m${r}-${i}-`, k)) }) }));
  await api.stop();
  await bare.stop();
  const [single, bareSingle] = [summarise(singles.service), summarise(singles.baseline)];
  const [batch, bareBatch] = [summarise(batches.service), summarise(batches.baseline)];
  return {
    rows: [
      { measure: 'single intake (req/s)', service: round(single.requestsPerS), baseline: round(bareSingle.requestsPerS), ratio: round(single.requestsPerS / bareSingle.requestsPerS, 2), 'p99 ms (svc/base)': `${single.latencyP99Ms}/${bareSingle.latencyP99Ms}`, 'non-2xx': single.non2xx + single.errors },
      { measure: `batch intake (proposals/s, ${BATCH}/req)`, service: round(batch.requestsPerS * BATCH), baseline: round(bareBatch.requestsPerS * BATCH), ratio: round(batch.requestsPerS / bareBatch.requestsPerS, 2), 'p99 ms (svc/base)': `${batch.latencyP99Ms}/${bareBatch.latencyP99Ms}`, 'non-2xx': batch.non2xx + batch.errors },
    ],
    rounds: {
      single: { service: single.all, baseline: bareSingle.all },
      batch: { service: batch.all.map((r) => r * BATCH), baseline: bareBatch.all.map((r) => r * BATCH) },
    },
  };
}

/** 2. End to end (posted → decided): API process + worker process vs bare endpoint + no-op worker, each on
 * an emptied Redis (the intake phase leaves a backlog that is not part of this measure). Progress is read from
 * Redis directly (proposals posted minus the outbox): polling the API would add its own load to what is
 * measured. */
async function endToEndPhase(env: Env, svcEnv: Env, redisUrl: string): Promise<Phase> {
  const probe = new Redis(redisUrl);
  const cpu: { api: number; worker: number; redis: number }[] = [];
  const e2eRuns = await alternate(async (side) => {
    await probe.flushall();
    if (side === 'baseline') {
      const noop = await startNode('dist/bench/bare-server.js', { ...env, NOOP_WORKER: '1' });
      const rate = await endToEnd(
        (proposals) => http('POST', `http://127.0.0.1:${noop.port}/bare/batch`, { proposals }),
        async () => (await http('GET', `http://127.0.0.1:${noop.port}/processed`)).processed, E2E);
      await noop.stop();
      return rate;
    }
    const e2eApi = await startNode('dist/app/main.js', { ...svcEnv, ROLE: 'api' }, undefined, NODE_ARGS);
    const e2eBase = `http://127.0.0.1:${e2eApi.port}`;
    const worker = await startNode('dist/app/main.js', { ...svcEnv, ROLE: 'worker' }, undefined, NODE_ARGS);
    await http('PUT', `${e2eBase}/v1/consultations/e2e`, CONSULTATION);
    if (E2E_WARMUP > 0) {
      await http('PUT', `${e2eBase}/v1/consultations/warm`, CONSULTATION);
      await endToEnd(
        (proposals) => http('POST', `${e2eBase}/v1/consultations/warm/proposals/batch`, { proposals }),
        async () => Number(await probe.get(keys.sequence('warm'))) - (await probe.zcard(keys.outbox('warm'))),
        E2E_WARMUP, 'w');
    }
    // where the CPU goes, per proposal: the API, the worker (every thread) and Redis
    const before = { api: cpuSeconds(e2eApi.child.pid), worker: cpuSeconds(worker.child.pid), redis: await redisCpuSeconds(probe) };
    const threadsBefore = threadCpuSeconds(worker.child.pid);
    if (REDIS_STATS) {
      await probe.config('RESETSTAT');
      await probe.config('SET', 'slowlog-log-slower-than', '0');
      await probe.config('SET', 'slowlog-max-len', '100000');
      await probe.slowlog('RESET');
    }
    const rate = await endToEnd(
      (proposals) => http('POST', `${e2eBase}/v1/consultations/e2e/proposals/batch`, { proposals }),
      async () => Number(await probe.get(keys.sequence('e2e'))) - (await probe.zcard(keys.outbox('e2e'))),
      E2E);
    const spent = (now: number | null, then: number | null) => (now ?? NaN) - (then ?? NaN);
    if (REDIS_STATS) {
      console.error(redisCommandStats(await probe.info('commandstats'), E2E));
      // scripts by their SHA (the slow log keeps every top-level command with its duration at threshold 0)
      const bySha = new Map<string, { calls: number; usec: number }>();
      for (const entry of await probe.slowlog('GET', '100000') as [number, number, number, string[]][]) {
        const name = entry[3][0]!.toLowerCase() === 'evalsha' ? `evalsha ${entry[3][1]!.slice(0, 8)} ${entry[3][2]}keys` : entry[3][0]!.toLowerCase();
        const s = bySha.get(name) ?? { calls: 0, usec: 0 };
        s.calls++;
        s.usec += entry[2];
        bySha.set(name, s);
      }
      console.error(`  redis slow log, µs per proposal: ${[...bySha].sort((a, b) => b[1].usec - a[1].usec).slice(0, 14).map(([k, v]) => `${k} ${round(v.usec / E2E)} (${v.calls})`).join(', ')}`);
      await probe.config('SET', 'slowlog-log-slower-than', '10000');
    }
    // the worker's threads: its main thread, then the others (triage threads, V8's platform threads), largest first
    const threads = [...threadCpuSeconds(worker.child.pid)].map(([tid, s]) => ({ tid, us: round((s - (threadsBefore.get(tid) ?? 0)) * 1e6 / E2E) }));
    const main = threads.find((t) => t.tid === worker.child.pid)?.us;
    console.error(`  worker threads, CPU µs per proposal: main ${main}, others ${threads.filter((t) => t.tid !== worker.child.pid && t.us > 0).sort((a, b) => b.us - a.us).map((t) => t.us).join(' ')}`);
    cpu.push({ api: spent(cpuSeconds(e2eApi.child.pid), before.api), worker: spent(cpuSeconds(worker.child.pid), before.worker), redis: spent(await redisCpuSeconds(probe), before.redis) });
    await worker.stop();
    await e2eApi.stop();
    return rate;
  });
  await probe.flushall();
  probe.disconnect();
  const [e2e, bareE2e] = [median(e2eRuns.service), median(e2eRuns.baseline)];
  const perProposal = (part: 'api' | 'worker' | 'redis') => `${part} ${round(median(cpu.map((c) => c[part])) * 1e6 / E2E)}`;
  console.error(`end to end, CPU µs per proposal (median of ${cpu.length} runs): ${(['api', 'worker', 'redis'] as const).map(perProposal).join(', ')}`);
  return {
    rows: [{ measure: `end to end, ${E2E} proposals, ${RULES_ONLY ? 'rules only' : 'all checks'} (proposals/s)`, service: round(e2e), baseline: round(bareE2e), ratio: round(e2e / bareE2e, 2), 'p99 ms (svc/base)': '-', 'non-2xx': 0 }],
    rounds: { endToEnd: { service: e2eRuns.service.map((r) => round(r)), baseline: e2eRuns.baseline.map((r) => round(r)) } },
  };
}

async function main(): Promise<void> {
  const redis = await privateRedis();
  const env = { REDIS_URL: redis.url };
  const svcEnv = { ...env, INTAKE_MAX_BACKLOG: '100000000', RATE_LIMIT_PER_MINUTE: '100000000' };
  console.error(`redis-server on ${redis.url} (AOF, appendfsync always); ${ROUNDS} rounds of ${SECONDS}s per load, ${CONNECTIONS} connections`);
  const phases: Phase[] = [];
  if (PHASES.has('intake')) phases.push(await intakePhase(env, svcEnv));
  if (PHASES.has('e2e')) phases.push(await endToEndPhase(env, svcEnv, redis.url));
  await redis.kill('SIGTERM');

  const rows = phases.flatMap((p) => p.rows);
  const rounds = Object.assign({}, ...phases.map((p) => p.rounds)) as Phase['rounds'];
  console.log(table(rows));
  console.log(`rounds (service / baseline): ${Object.entries(rounds).map(([k, v]) => `${k} ${v.service.join(',')} / ${v.baseline.join(',')}`).join('; ')}`);
  console.log(JSON.stringify({ bench: 'intake', checks: RULES_ONLY ? 'rules' : 'all', seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, triageThreads: process.env.TRIAGE_THREADS ?? 'default', rows, perRound: rounds }));
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
