/**
 * `npm run bench:checks`: what the content checks cost, on one core, on real proposals (the open dev streams,
 * good and bad rows as they come). Prints per check the mean cost in µs per proposal, then the whole pipeline
 * (prepareInput → every check → policy) in proposals/s, against a baseline measured in the same run: the
 * pipeline with only the foundation's rules (length, prefix, exact duplicate).
 *
 *   npm run bench:checks            (BENCH_ROWS=2000 by default, BENCH_ROUNDS=3)
 *   ADMIN_TOKEN=… BENCH_BASE=http://127.0.0.1:3130 npm run bench:checks    (adds the end-to-end figure)
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { loadContentModels } from '../models/checks/content-models.js';
import type { Check, CheckInput } from '../models/checks/types.js';
import { CHECKS, prepareInput, triage } from '../models/pipeline.js';
import { Consultation } from '../models/schemas.js';
import { DATA_DIR, readStream } from './dev-data.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FOUNDATION = new Set(['length', 'prefix', 'exact_duplicate']);

const loadStarted = performance.now();
await loadContentModels();
const loadMs = performance.now() - loadStarted;

const consultations = new Map((JSON.parse(readFileSync(join(DATA_DIR, 'consultations.json'), 'utf8')) as { id: string }[])
  .map((c) => [c.id, Consultation.parse({ ...c, version: 1, createdAt: '', updatedAt: '' })]));
const rows = [...readStream('vff-open-stream.csv'), ...readStream('mondedapres-open-stream.csv')].slice(0, ROWS);
const raw = rows.map((r, i) => ({ p: { id: `${r.consultationId}~${i + 1}`, externalId: r.externalId, text: r.text }, c: consultations.get(r.consultationId)! }));
const inputs: CheckInput[] = raw.map(({ p, c }) => prepareInput(p, c));

/** CPU time of this process (user + system), in ms: on a machine shared with other jobs, wall-clock time
 * measures the neighbours; CPU time measures the work. Best of ROUNDS after one warm-up round. */
function best(fn: () => void): number {
  fn();
  let min = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.cpuUsage();
    fn();
    const used = process.cpuUsage(t);
    min = Math.min(min, (used.user + used.system) / 1000);
  }
  return min;
}

console.log(`models loaded in ${loadMs.toFixed(0)} ms (wall); ${inputs.length} proposals, CPU time, best of ${ROUNDS} rounds, one core\n`);
console.log('| check | µs per proposal |');
console.log('|---|---|');
for (const check of CHECKS) {
  const ms = best(() => { for (const input of inputs) check.run(input); });
  console.log(`| ${check.id} | ${(1000 * ms / inputs.length).toFixed(1)} |`);
}

const pipeline = (checks: readonly Check[]) => best(() => {
  for (const { p, c } of raw) triage(prepareInput(p, c), checks);
});
const baselineMs = pipeline(CHECKS.filter((c) => FOUNDATION.has(c.id)));
const fullMs = pipeline(CHECKS);
const perSecond = (ms: number) => Math.round(inputs.length / (ms / 1000));
console.log(`\npipeline, foundation rules only (baseline): ${perSecond(baselineMs)} proposals/s`);
console.log(`pipeline, all checks: ${perSecond(fullMs)} proposals/s (${(1000 * fullMs / inputs.length).toFixed(0)} µs each)`);
console.log(`ratio all checks / baseline: ${(fullMs / baselineMs).toFixed(1)}× the time`);
console.log(`memory: heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);

// End to end (optional): with BENCH_BASE set to a started service (ADMIN_TOKEN its token), post BENCH_E2E
// proposals (the dev rows, new externalIds) as fast as intake takes them and time until none is left in
// triage — once with the content checks switched off in the consultation's policy (baseline), once with all.
// Wall-clock: the service is another process, and it shares the machine with whatever else runs.
const e2eBase = process.env.BENCH_BASE;
if (e2eBase) {
  const total = Number(process.env.BENCH_E2E ?? 10000);
  const headers = { authorization: `Bearer ${process.env.ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(e2eBase + path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const endToEnd = async (label: string, disabled: string[]) => {
    const cid = `bench-checks-${disabled.length}-${Date.now()}`;
    const checks = Object.fromEntries(disabled.map((id) => [id, { enabled: false, shadow: false, autoDecide: true }]));
    await call('PUT', `/v1/consultations/${cid}`, {
      question: 'Comment lutter contre les violences faites aux femmes ?', rules: { minLength: 12, maxLength: 140 },
      policy: { mode: 'auto', autoAcceptConfidence: 0.9, checks },
    });
    const started = performance.now();
    for (let sent = 0; sent < total; sent += 1000) {
      const proposals = Array.from({ length: Math.min(1000, total - sent) }, (_, i) => ({ externalId: `b-${sent + i}`, text: rows[(sent + i) % rows.length]!.text }));
      await call('POST', `/v1/consultations/${cid}/proposals/batch`, { proposals });
    }
    const postedS = (performance.now() - started) / 1000;
    for (;;) {
      const stats = await call('GET', `/v1/consultations/${cid}/stats`);
      if ((stats.byStatus.queued ?? 0) + (stats.byStatus.processing ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`end to end, ${label}: ${total} proposals posted in ${postedS.toFixed(1)} s, all triaged after ${seconds.toFixed(1)} s → ${Math.round(total / seconds)} proposals/s (load average ${os.loadavg()[0]!.toFixed(1)})`);
    return seconds;
  };
  console.log(`\nend to end against ${e2eBase} (wall clock):`);
  const baselineS = await endToEnd('foundation rules only (baseline)', CHECKS.filter((c) => !FOUNDATION.has(c.id)).map((c) => c.id));
  const allS = await endToEnd('all checks', []);
  console.log(`ratio all checks / baseline: ${(allS / baselineS).toFixed(2)}× the time`);
}
