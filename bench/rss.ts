/**
 * npm run bench:rss — resident memory of each role (`npm start` as deployed: ROLE all, api, worker; triage
 * threads as configured, default cores − 1), idle after start and after triaging BENCH_PROPOSALS real
 * proposals (2,000), beside the targets of issue 15 (all < 800 MB, api < 150 MB) and whether the process mapped
 * libonnxruntime (it must not without EMBEDDING_MODEL_DIR).
 */
import { readFileSync } from 'node:fs';
import { readStream } from './dev-data.js';
import { BENCH_TOKEN, privateRedis, round, startNode, table } from './support.js';

const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 2000);
const TEXTS = readStream('mondedapres-stream.csv').map((r) => r.text);
const TARGET_MB: Record<string, number> = { all: 800, api: 150 };

/** Resident memory of a process and its threads, MB (VmRSS). */
function rssMb(pid: number): number {
  return round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024);
}

const mapsOnnx = (pid: number) => readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libonnxruntime');

async function call(port: number, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method, headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}`);
  return res.json();
}

/** Posts the proposals through `api` and waits until `api` sees them all triaged. */
async function triage(port: number, cid: string): Promise<void> {
  await call(port, 'PUT', `/v1/consultations/${cid}`, { question: "Quel monde d'après ?", rules: { minLength: 12, maxLength: 140, requiredPrefix: 'Il faut' } });
  for (let from = 0; from < PROPOSALS; from += 500) {
    const proposals = Array.from({ length: Math.min(500, PROPOSALS - from) }, (_, i) => ({ externalId: `r${from + i}`, text: TEXTS[(from + i) % TEXTS.length]! }));
    await call(port, 'POST', `/v1/consultations/${cid}/proposals/batch`, { proposals });
  }
  for (;;) {
    const { byStatus } = await call(port, 'GET', `/v1/consultations/${cid}/stats`);
    if (byStatus.queued === 0 && byStatus.processing === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const redis = await privateRedis();
  const rows: Record<string, string | number>[] = [];
  try {
    const all = await startNode('dist/app/main.js', { REDIS_URL: redis.url, ROLE: 'all' });
    const idle = rssMb(all.child.pid!);
    await triage(all.port, 'rss-all');
    rows.push({ role: 'all', 'idle MB': idle, 'after triage MB': rssMb(all.child.pid!), 'target MB': `< ${TARGET_MB.all}`, libonnxruntime: mapsOnnx(all.child.pid!) ? 'mapped' : 'no' });
    await all.stop();

    const api = await startNode('dist/app/main.js', { REDIS_URL: redis.url, ROLE: 'api' });
    const worker = await startNode('dist/app/main.js', { REDIS_URL: redis.url, ROLE: 'worker' });
    const idleApi = rssMb(api.child.pid!);
    const idleWorker = rssMb(worker.child.pid!);
    await triage(api.port, 'rss-split');
    rows.push({ role: 'api', 'idle MB': idleApi, 'after triage MB': rssMb(api.child.pid!), 'target MB': `< ${TARGET_MB.api}`, libonnxruntime: mapsOnnx(api.child.pid!) ? 'mapped' : 'no' });
    rows.push({ role: 'worker', 'idle MB': idleWorker, 'after triage MB': rssMb(worker.child.pid!), 'target MB': '—', libonnxruntime: mapsOnnx(worker.child.pid!) ? 'mapped' : 'no' });
    await Promise.all([api.stop(), worker.stop()]);
  } finally {
    await redis.kill();
  }
  console.log(`# RSS per role (${PROPOSALS} proposals triaged; TRIAGE_THREADS ${process.env.TRIAGE_THREADS ?? 'default'})\n`);
  console.log(table(rows));
}

await main();
