/**
 * npm run bench:healthz — does the service stay responsive while it triages hostile text? A batch of 40 hostile
 * texts of 5,000 characters (bench/adversarial.ts) is posted to a consultation that accepts them (maxLength 5,000),
 * and /healthz is asked every 20 ms until all 40 are decided: its latency (p50, p99, max) beside the same probe on
 * the idle service. Two configurations, alternated round after round on one private Redis: the default (triage
 * threads; the main thread only answers HTTP) and TRIAGE_THREADS=0 (the main thread triages itself, as a single
 * process). Options: BENCH_ROUNDS (default 3).
 * Beside the latencies, what tells their causes apart: the service's main-thread CPU during the batch (its own work)
 * and its event-loop delay (work or waiting for a core), the bench's own event-loop delay (a late probe is not
 * the service's fault), and the slowest Redis command (a long script holds Redis, not /healthz, which never
 * touches it).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { ADVERSARIAL } from './adversarial.js';
import { BENCH_TOKEN, benchHttp as http, cpuSeconds, privateRedis, round, startNode, table } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 40;
const PROBE_EVERY_MS = 20;
const CONFIGURATIONS: readonly { name: string; env: Record<string, string> }[] = [
  { name: 'default (triage threads)', env: {} },
  { name: 'TRIAGE_THREADS=0 (main thread triages)', env: { TRIAGE_THREADS: '0' } },
];


/** /healthz latencies (ms), one probe every PROBE_EVERY_MS until `until()` says stop. */
async function probe(base: string, until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!until()) {
    const t0 = performance.now();
    const res = await fetch(`${base}/healthz`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
  }
  return latencies;
}

/** The service's main-thread event-loop delay since the last scrape (prom-client resets its histogram at each
 * /metrics), in ms: a blocked main thread shows here; a thread that is ready but not given a core shows too. */
async function serviceLoopDelayMaxMs(base: string): Promise<number> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
  const text = await res.text();
  return Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1] ?? NaN) * 1000;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** The longest command Redis ran since the last call (its SLOWLOG keeps those over 5 ms), in ms; 0 when none. A
 * long script holds Redis — and every request that needs it — that long. */
async function slowestRedisCommandMs(redis: Redis): Promise<number> {
  const entries = await redis.slowlog('GET', 128) as [number, number, number, string[]][];
  await redis.slowlog('RESET');
  return Math.max(0, ...entries.map(([, , micros]) => micros / 1000));
}

async function run(redisUrl: string, env: Record<string, string>, turn: number) {
  // the service listens once its triage threads have loaded their models: slow on a busy shared machine
  const service = await startNode('dist/app/main.js', { REDIS_URL: redisUrl, ...env }, 180_000);
  const base = `http://127.0.0.1:${service.port}`;
  const redis = new Redis(redisUrl);
  try {
    await redis.config('SET', 'slowlog-log-slower-than', '5000');
    const cid = `hz-${turn}-${env.TRIAGE_THREADS ?? 'd'}`;
    await http('PUT', `${base}/v1/consultations/${cid}`, { question: 'Comment améliorer les déplacements du quotidien ?', rules: { minLength: 1, maxLength: 5000 } });
    let idleDone = false;
    setTimeout(() => { idleDone = true; }, 1000);
    const idle = await probe(base, () => idleDone);
    await serviceLoopDelayMaxMs(base);
    await slowestRedisCommandMs(redis);
    // the main thread's own CPU (its task id is the process id): work on it, not only waiting for a core
    const mainCpuBefore = cpuSeconds(service.child.pid, service.child.pid);
    const benchLoop = monitorEventLoopDelay({ resolution: 10 });
    benchLoop.enable();
    const cpuBefore = cpuSeconds(service.child.pid);
    const started = performance.now();
    const texts = ADVERSARIAL.slice(0, BATCH).map(([, text], i) => ({ externalId: `x${i}`, text }));
    const { items } = await http('POST', `${base}/v1/consultations/${cid}/proposals/batch`, { proposals: texts }) as { items: { id: string }[] };
    let decided = 0;
    let finished = false;
    // one listing every 250 ms: the watcher must not be what loads the main thread
    const watch = (async () => {
      while (decided < items.length) {
        const page = await http('GET', `${base}/v1/consultations/${cid}/proposals?limit=100`) as { items: { status: string }[] };
        decided = page.items.filter((p) => p.status !== 'queued' && p.status !== 'processing').length;
        if (decided < items.length) await new Promise((r) => setTimeout(r, 250));
      }
      finished = true;
    })();
    const busy = await probe(base, () => finished);
    await watch;
    const seconds = (performance.now() - started) / 1000;
    benchLoop.disable();
    const cpu = cpuSeconds(service.child.pid);
    const mainCpu = cpuSeconds(service.child.pid, service.child.pid);
    const loopMaxMs = await serviceLoopDelayMaxMs(base);
    const redisMaxMs = await slowestRedisCommandMs(redis);
    return {
      idle, busy, seconds, cpu: cpu !== null && cpuBefore !== null ? cpu - cpuBefore : NaN,
      mainCpu: mainCpu !== null && mainCpuBefore !== null ? mainCpu - mainCpuBefore : NaN,
      loopMaxMs, benchLoopMaxMs: benchLoop.max / 1e6, redisMaxMs,
    };
  } finally {
    redis.disconnect();
    await service.stop();
  }
}

const redis = await privateRedis();
try {
  const rows: Record<string, string | number>[] = [];
  const probes = new Map<string, { idle: number[]; busy: number[] }>(CONFIGURATIONS.map((c) => [c.name, { idle: [], busy: [] }]));
  for (let turn = 0; turn < ROUNDS; turn++) {
    const order = turn % 2 === 0 ? CONFIGURATIONS : [...CONFIGURATIONS].reverse();
    for (const { name, env } of order) {
      const r = await run(redis.url, env, turn);
      probes.get(name)!.idle.push(...r.idle);
      probes.get(name)!.busy.push(...r.busy);
      rows.push({
        configuration: name, round: turn + 1, 'idle p50 ms': round(quantile(r.idle, 0.5), 1),
        'busy p50 ms': round(quantile(r.busy, 0.5), 1), 'busy p99 ms': round(quantile(r.busy, 0.99), 1), 'busy max ms': round(Math.max(...r.busy), 1),
        probes: r.busy.length, 'batch s': round(r.seconds, 2), 'service CPU s': round(r.cpu, 2),
        'main thread CPU s': round(r.mainCpu, 2), 'main loop delay max ms': round(r.loopMaxMs, 1), 'bench loop delay max ms': round(r.benchLoopMaxMs, 1),
        'slowest Redis command ms': round(r.redisMaxMs, 1),
      });
    }
  }
  console.log(table(rows));
  // every probe of every round of a configuration together
  const overall = [...probes].map(([configuration, { idle, busy }]) => ({
    configuration, 'idle p50 ms': round(quantile(idle, 0.5), 1), 'idle p99 ms': round(quantile(idle, 0.99), 1),
    'busy p50 ms': round(quantile(busy, 0.5), 1), 'busy p99 ms': round(quantile(busy, 0.99), 1), 'busy max ms': round(Math.max(...busy), 1),
    'busy probes': busy.length, 'busy ≤ 200 ms': `${busy.filter((ms) => ms <= 200).length}/${busy.length}`,
  }));
  console.log(`\nall rounds together:\n${table(overall)}`);
  console.log(JSON.stringify({ bench: 'healthz', batch: BATCH, rounds: ROUNDS, rows, overall }));
} finally {
  await redis.kill();
}
