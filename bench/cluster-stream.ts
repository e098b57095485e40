/**
 * npm run bench:cluster-stream — the 8,000-row mondedapres stream of ../shared/eval through a service on a real
 * Redis Cluster (three masters on loopback, AOF fsync always: test/support/redis-cluster.ts), configured with
 * REDIS_CLUSTER_NODES, then checks with the API that no proposal was lost or stored twice: every row of the
 * stream is a proposal, once, decided (none left queued or processing). Prints the run's time and rate.
 * Options: BENCH_STREAM (mondedapres-stream.csv), BENCH_LIMIT (all rows).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, EVAL_DIR } from './dev-data.js';
import { BENCH_TOKEN, round, startNode } from './support.js';
import { LocalRedisCluster } from '../test/support/redis-cluster.js';

const STREAM = process.env.BENCH_STREAM ?? 'mondedapres-stream.csv';
const LIMIT = process.env.BENCH_LIMIT;

async function api(port: number, path: string): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return res.json();
}

async function main(): Promise<void> {
  const cluster = await new LocalRedisCluster(3).start();
  const service = await startNode('dist/app/main.js', { REDIS_CLUSTER_NODES: cluster.addresses }, 120_000);
  try {
    const rows = readFileSync(join(DATA_DIR, STREAM), 'utf8').trim().split('\n').length - 1;
    const expected = LIMIT ? Math.min(Number(LIMIT), rows) : rows;
    const args = [`${EVAL_DIR}/run-eval.mjs`, '--base', `http://127.0.0.1:${service.port}`, '--token', BENCH_TOKEN,
      '--data', DATA_DIR, '--stream', STREAM, '--quiet', ...(LIMIT ? ['--limit', LIMIT] : [])];
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
    const seconds = (performance.now() - started) / 1000;
    const summary = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.status !== 0) throw new Error(`run-eval.mjs exited with ${run.status}: ${summary}`);
    const runId = (JSON.parse(summary) as { runId: string }).runId;

    const seen = new Map<string, number>();
    let undecided = 0;
    const cids = ((await api(service.port, '/v1/consultations')).items as string[]).filter((id) => id.endsWith(runId));
    for (const cid of cids) {
      let cursor: string | null = null;
      do {
        const page: any = await api(service.port, `/v1/consultations/${cid}/proposals?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
        for (const p of page.items) {
          seen.set(`${cid}/${p.externalId}`, (seen.get(`${cid}/${p.externalId}`) ?? 0) + 1);
          if (p.status === 'queued' || p.status === 'processing') undecided++;
        }
        cursor = page.nextCursor;
      } while (cursor);
    }
    const stored = [...seen.values()].reduce((a, b) => a + b, 0);
    const twice = [...seen.values()].filter((n) => n > 1).length;
    console.log(`# ${STREAM} through a 3-master Redis Cluster (${cids.length} consultation(s), masters ${cluster.addresses})\n`);
    console.log(`rows posted: ${expected}; proposals stored: ${stored}, distinct: ${seen.size}, stored twice: ${twice}, left undecided: ${undecided}`);
    console.log(`run-eval: ${round(seconds, 1)} s, ${round(expected / seconds)} proposals/s end to end (harness chunks of 200, waiting for each)`);
    console.log(`run-eval summary: ${summary}`);
    const ok = stored === expected && seen.size === expected && twice === 0 && undecided === 0;
    console.log(ok ? 'no proposal lost or repeated' : 'MISMATCH: proposals lost, repeated or undecided');
    if (!ok) process.exitCode = 1;
  } finally {
    await service.stop();
    await cluster.stop();
  }
}

await main();
