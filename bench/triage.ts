/**
 * `npm run bench:triage`: the CPU a triage job costs per proposal, in one process, through the real job code
 * (workers/triage/process.ts: claim, enrichers with their Redis look-ups, checks, policy, commit) on a private
 * Redis, without HTTP or BullMQ. CPU time, not wall-clock time, so that other jobs on a shared machine do not
 * count: this process's (user + system) and the Redis server's, per proposal. It is the figure to move when the
 * end-to-end rate (`npm run bench:intake`) is CPU-bound, split between the worker and Redis.
 *
 *   npm run bench:triage        (BENCH_ROWS=6000 real "monde d'après" proposals, jobs of TRIAGE_CHUNK=500)
 * The baseline, in the same run: the same jobs with the foundation's rules only (every content check off).
 * BENCH_CHECKS=rules or =all runs one of the two alone (to profile it: node --cpu-prof dist/bench/triage.js).
 * Each configuration runs twice on a fresh consultation in the same process: the first run is cold (a fresh
 * worker: JIT, memo caches, the candidate-feature cache), the second warm, as a worker is after minutes of work.
 */
import { Redis } from 'ioredis';
import { triageStores } from '../models/store/triage-stores.js';
import pino from 'pino';
import { loadContentModels } from '../models/checks/content-models.js';
import { CHECKS } from '../models/pipeline.js';
import { ConsultationInput } from '../models/schemas.js';
import { processTriage, type TriageDeps } from '../workers/triage/process.js';
import { readStream } from './dev-data.js';
import { privateRedis, redisCpuSeconds, round, table } from './support.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 6000);
const CHUNK = Number(process.env.TRIAGE_CHUNK ?? 500);
const TEXTS = readStream('mondedapres-stream.csv').filter((r) => r.expected === 'accept').map((r) => r.text);
const QUESTION = "Comment améliorer l'accompagnement et les services de l'Urssaf pour ses usagers ?";
const RULES = { minLength: 12, maxLength: 140, requiredPrefix: 'Il faut' };
const rulesOnly = { checks: Object.fromEntries(CHECKS.filter((c) => c.kind !== 'rule' || c.id === 'near_duplicate').map((c) => [c.id, { enabled: false }])) };

interface Run { label: string; proposalsPerCpuS: number; workerUs: number; redisUs: number }

async function run(label: string, cid: string, input: ConsultationInput, deps: TriageDeps, redis: Redis): Promise<Run> {
  await deps.consultations.put(cid, input);
  const { jobs } = await deps.proposals.intake(cid, Array.from({ length: ROWS }, (_, i) => ({ externalId: `x${i}`, text: TEXTS[i % TEXTS.length]! })), CHUNK);
  const log = pino({ level: 'silent' });
  const redisBefore = await redisCpuSeconds(redis);
  const before = process.cpuUsage();
  for (const job of jobs) await processTriage({ cid, seqs: job.seqs }, deps, log);
  const used = process.cpuUsage(before);
  const workerS = (used.user + used.system) / 1e6;
  const redisS = (await redisCpuSeconds(redis)) - redisBefore;
  return { label, proposalsPerCpuS: round(ROWS / (workerS + redisS)), workerUs: round((workerS * 1e6) / ROWS), redisUs: round((redisS * 1e6) / ROWS) };
}

async function main(): Promise<void> {
  const server = await privateRedis();
  const redis = new Redis(server.url);
  await loadContentModels();
  const deps: TriageDeps = { ...triageStores(redis), report: () => undefined };
  const all = ConsultationInput.parse({ question: QUESTION, rules: RULES });
  const rules = ConsultationInput.parse({ question: QUESTION, rules: RULES, policy: rulesOnly });
  const runs: Run[] = [];
  const only = process.env.BENCH_CHECKS;
  for (const [name, input] of [['rules only', rules], ['all checks', all]] as const) {
    if (only && !name.startsWith(only)) continue;
    runs.push(await run(`${name}, cold`, `bench-${runs.length}`, input, deps, redis));
    runs.push(await run(`${name}, warm`, `bench-${runs.length}`, input, deps, redis));
  }
  redis.disconnect();
  await server.kill('SIGTERM');
  const rows = runs.map((r) => ({ run: r.label, 'worker µs/proposal': r.workerUs, 'redis µs/proposal': r.redisUs, 'proposals per CPU-second': r.proposalsPerCpuS }));
  console.log(`${ROWS} proposals in jobs of ${CHUNK}, one process, CPU time\n`);
  console.log(table(rows));
  const warm = (name: string) => runs.find((r) => r.label === `${name}, warm`);
  const [rulesWarm, allWarm] = [warm('rules only'), warm('all checks')];
  if (rulesWarm && allWarm) console.log(`\nall checks / rules only (warm): ${((allWarm.workerUs + allWarm.redisUs) / (rulesWarm.workerUs + rulesWarm.redisUs)).toFixed(1)}× the CPU`);
  if (allWarm) console.log(`on 2 free cores at most ${round(2e6 / (allWarm.workerUs + allWarm.redisUs))} proposals/s end to end, all checks, warm (intake not counted)`);
  console.log(JSON.stringify({ bench: 'triage', rows: ROWS, chunk: CHUNK, runs: rows }));
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
