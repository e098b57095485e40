/**
 * npm run bench:memory — Redis bytes per proposal, whole system. Runs the 8,000-row mondedapres stream of
 * ../shared/eval through a service (its own Redis, worker threads as configured) with the shared harness, waits
 * until the decision streams' consumers have caught up, then prints:
 * - used_memory before and after, per proposal, and its extrapolation to 10 M proposals (beside the target);
 * - the bytes of every key family (MEMORY USAGE of every key, found by SCAN), per proposal;
 * - the encodings of the proposal hashes (listpack is the compact one).
 * Options: BENCH_STREAM (mondedapres-stream.csv), BENCH_LIMIT (all rows), BENCH_MODERATE=1 (the harness plays
 * the moderators, so review decisions are stored too).
 */
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { DATA_DIR, EVAL_DIR } from './dev-data.js';
import { BENCH_TOKEN, privateRedis, round, startNode, table } from './support.js';

const STREAM = process.env.BENCH_STREAM ?? 'mondedapres-stream.csv';
const LIMIT = process.env.BENCH_LIMIT;
const MODERATE = process.env.BENCH_MODERATE === '1';
/** issue 15's target for the whole system after the mondedapres stream */
const TARGET_BYTES_PER_PROPOSAL = 1500;
const EXTRAPOLATE_TO = 10_000_000;
const PROPOSAL_FAMILY = 'p:<seq> proposal hashes';
const LARGEST_SHOWN = 12;

/** BullMQ's own keys of a queue; any other name under the queue is a job's */
const BULL_KEYS = new Set(['meta', 'events', 'id', 'wait', 'paused', 'active', 'prioritized', 'delayed', 'completed', 'failed',
  'stalled', 'stalled-check', 'marker', 'limiter', 'de', 'pc', 'repeat', 'waiting-children']);

/** The family of a key: its name with the consultation id and the numbers and hashes in it generalised. */
export function keyFamily(key: string): string {
  const own = /^tr:\{[^}]*\}:(.*)$/.exec(key);
  if (!own) {
    const bull = /^(bull:[^:]+):([^:]*)(:.*)?$/.exec(key);
    if (bull) return `${bull[1]}:${BULL_KEYS.has(bull[2]!) ? bull[2] : '<job>'}${bull[3] ? ':…' : ''}`;
    return key.replace(/:[^:]*$/, ':…');
  }
  const rest = own[1]!;
  const families: [RegExp, string][] = [
    [/^p:/, PROPOSAL_FAMILY],
    [/^l\d/, 'l<band><page> LSH pages'],
    [/^w:/, 'w:<term> term postings'],
    [/^wp\d/, 'wp<page> short term postings'],
    [/^v\d+:/, 'v<band>:<bucket> vector buckets'],
    [/^g:/, 'g:<gid> groups'],
    [/^ot:/, 'ot:… off-topic model'],
    [/^sc:/, 'sc:… suggestion calibration'],
    [/^status:[a-z_]+:\d+$/, 'status:<status>:<page> final statuses'],
    [/^x\d+\./, 'x<level>.<page> external ids'],
    [/^e\d+\./, 'e<level>.<page> exact texts'],
  ];
  return families.find(([re]) => re.test(rest))?.[1] ?? rest;
}

interface KeySize { key: string; bytes: number }

async function memoryByFamily(redis: Redis, largest: KeySize[]): Promise<Map<string, { keys: number; bytes: number }>> {
  const families = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of found) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    const sizes = await pipeline.exec() ?? [];
    found.forEach((key, i) => {
      const family = keyFamily(key);
      const entry = families.get(family) ?? { keys: 0, bytes: 0 };
      entry.keys += 1;
      const bytes = Number(sizes[i]?.[1] ?? 0);
      entry.bytes += bytes;
      families.set(family, entry);
      largest.push({ key, bytes });
      largest.sort((a, b) => b.bytes - a.bytes).splice(LARGEST_SHOWN);
    });
  } while (cursor !== '0');
  return families;
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
}

/** Until no decisions-stream consumer group has entries pending or unread (webhooks, metrics, learning). */
async function consumersCaughtUp(redis: Redis, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [, streams] = await redis.scan('0', 'MATCH', 'tr:{*}:decisions', 'COUNT', 10_000);
    let behind = 0;
    for (const stream of streams) {
      const groups = await redis.xinfo('GROUPS', stream) as unknown[][];
      for (const group of groups) {
        const field = (name: string) => group[group.indexOf(name) + 1];
        behind += Number(field('pending') ?? 0) + Number(field('lag') ?? 0);
      }
    }
    if (behind === 0 || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const redisServer = await privateRedis();
  const redis = new Redis(redisServer.url);
  const service = await startNode('dist/app/main.js', { REDIS_URL: redisServer.url });
  try {
    const before = await usedMemory(redis);
    const args = [`${EVAL_DIR}/run-eval.mjs`, '--base', `http://127.0.0.1:${service.port}`, '--token', BENCH_TOKEN,
      '--data', DATA_DIR, '--stream', STREAM, '--quiet', ...(LIMIT ? ['--limit', LIMIT] : []), ...(MODERATE ? ['--moderate'] : [])];
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
    const summary = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.status !== 0) throw new Error(`run-eval.mjs exited with ${run.status}: ${summary}`);
    const seconds = (performance.now() - started) / 1000;
    await consumersCaughtUp(redis);
    const after = await usedMemory(redis);
    const largest: KeySize[] = [];
    const families = await memoryByFamily(redis, largest);
    const proposals = families.get(PROPOSAL_FAMILY)?.keys ?? 0;
    if (proposals === 0) throw new Error('no proposal stored: nothing to measure');
    const perProposal = (after - before) / proposals;

    console.log(`# Redis memory after ${proposals} proposals of ${STREAM}${MODERATE ? ' (moderated)' : ''} (run-eval: ${round(seconds, 1)} s)\n`);
    const rows = [...families.entries()].sort((a, b) => b[1].bytes - a[1].bytes).map(([family, { keys, bytes }]) => ({
      family, keys, 'MB': round(bytes / 1e6, 2), 'B/proposal': round(bytes / proposals), 'B/key': round(bytes / keys),
    }));
    console.log(table(rows));
    console.log(`\nlargest keys:\n${table(await Promise.all(largest.map(async ({ key, bytes }) => ({
      key, type: String(await redis.type(key)), encoding: String(await redis.object('ENCODING', key)), bytes, 'B/proposal': round(bytes / proposals),
    }))))}`);
    // what used_memory holds besides the keys' own MEMORY USAGE (the main dictionary, scripts, clients, buffers)
    const stats = await redis.call('MEMORY', 'STATS') as unknown[];
    const overhead: string[] = [];
    for (let i = 0; i + 1 < stats.length; i += 2) {
      const [name, value] = [String(stats[i]), stats[i + 1]];
      if (typeof value === 'number' && /overhead|clients|aof|lua|functions|scripts|replication/.test(name)) overhead.push(`${name} ${round(value / 1e3)} kB`);
      if (name.startsWith('db.') && Array.isArray(value)) overhead.push(`${name} ${value.map(String).join(' ')}`);
    }
    console.log(`\nMEMORY STATS: ${overhead.join(', ')}`);
    const summed = [...families.values()].reduce((s, f) => s + f.bytes, 0);
    const encodings = new Map<string, number>();
    const fieldBytes = new Map<string, number>();
    const [, sample] = await redis.scan('0', 'MATCH', 'tr:{*}:p:*', 'COUNT', 2000);
    for (const key of sample.slice(0, 500)) {
      const encoding = String(await redis.object('ENCODING', key));
      encodings.set(encoding, (encodings.get(encoding) ?? 0) + 1);
      for (const [field, value] of Object.entries(await redis.hgetall(key))) fieldBytes.set(field, (fieldBytes.get(field) ?? 0) + Buffer.byteLength(value));
    }
    const sampled = Math.min(500, sample.length);
    console.log(`\nproposal hash encodings (${sampled} sampled): ${[...encodings].map(([e, n]) => `${e} ${n}`).join(', ')}`);
    console.log(`mean value bytes per field: ${[...fieldBytes].sort((a, b) => b[1] - a[1]).map(([f, b]) => `${f} ${round(b / sampled)}`).join(', ')}`);
    console.log(`sum of MEMORY USAGE: ${round(summed / 1e6, 2)} MB = ${round(summed / proposals)} B per proposal (keys only)`);
    console.log(`used_memory: ${round(before / 1e6, 2)} → ${round(after / 1e6, 2)} MB = ${round(perProposal)} B per proposal, whole system` +
      ` (${round(perProposal / TARGET_BYTES_PER_PROPOSAL, 2)}× the ${TARGET_BYTES_PER_PROPOSAL} B target)`);
    console.log(`10 M proposals: ${round(perProposal * EXTRAPOLATE_TO / 1e9, 1)} GB of Redis memory at this rate`);
  } finally {
    await service.stop();
    redis.disconnect();
    await redisServer.kill();
  }
}

await main();
