/**
 * `npm run eval`: runs the shared harness (../shared/eval/run-eval.mjs) on the dev split against a RUNNING
 * service, one stream after the other, keeps each full JSON report under .data/eval/, and prints per expected
 * reason the figures docs/QUALITY.md records — for all rows and for the held-out part of the split (the rows the
 * shipped corpus was not built from, bench/dev-data.ts).
 *
 *   ADMIN_TOKEN=… EVAL_BASE=http://127.0.0.1:3130 npm run eval [-- vff-open-stream.csv,mondedapres-open-stream.csv]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, EVAL_DIR, isHeldOut, reasonMatches } from './dev-data.js';

interface ReportItem {
  externalId: string;
  expected: 'accept' | 'reject';
  reason: string | null;
  triageStatus: string;
  systemDecision: { outcome: 'accept' | 'reject'; reason: string | null } | null;
  serviceReason: string | null;
}

const base = process.env.EVAL_BASE ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const token = process.env.ADMIN_TOKEN;
if (!token) throw new Error('set ADMIN_TOKEN to the token the service was started with');
const streams = (process.argv[2] ?? 'vff-open-stream.csv,mondedapres-open-stream.csv').split(',');
const outDir = join(process.cwd(), '.data', 'eval');
mkdirSync(outDir, { recursive: true });

for (const stream of streams) {
  const json = join(outDir, stream.replace(/\.csv$/, '.json'));
  const args = [join(EVAL_DIR, 'run-eval.mjs'), '--base', base, '--token', token, '--data', DATA_DIR, '--stream', stream, '--json', json, '--quiet'];
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`run-eval.mjs exited with ${run.status}: ${run.stdout.split('\n').filter(Boolean).at(-1)}`);
  const items = (JSON.parse(readFileSync(json, 'utf8')) as { items: ReportItem[] }).items;
  const heldOut = items.filter((i) => isHeldOut(stream, i.externalId));
  const table = [`## ${stream} (${new Date().toISOString()})`, '', summary('all rows', items), '',
    ...(heldOut.length < items.length ? [summary('held-out rows (not in the corpus)', heldOut), ''] : [])].join('\n');
  writeFileSync(json.replace(/\.json$/, '.md'), table);
  console.log(table);
}

function summary(title: string, items: ReportItem[]): string {
  const autoAccepted = (i: ReportItem) => i.systemDecision?.outcome === 'accept';
  const autoRejected = (i: ReportItem) => i.systemDecision?.outcome === 'reject';
  const good = items.filter((i) => i.expected === 'accept');
  const bad = items.filter((i) => i.expected === 'reject');
  const lines = [
    `### ${title}: ${items.length} (${good.length} accept)`, '',
    `false auto-reject ${pct(good.filter(autoRejected).length, good.length)} · good sent to review ${pct(good.filter((i) => i.triageStatus === 'pending_review').length, good.length)} · leak ${pct(bad.filter(autoAccepted).length, bad.length)} of bad items`, '',
    '| expected reason | rows | recall (not auto-accepted) | leak (auto-accepted) | auto-rejected | reason match |',
    '|---|---|---|---|---|---|',
  ];
  for (const reason of [...new Set(bad.map((i) => i.reason ?? 'other'))].sort()) {
    const rows = bad.filter((i) => i.reason === reason);
    lines.push(`| ${reason} | ${rows.length} | ${pct(rows.filter((i) => !autoAccepted(i)).length, rows.length)} | ${pct(rows.filter(autoAccepted).length, rows.length)} | ${pct(rows.filter(autoRejected).length, rows.length)} | ${pct(rows.filter((i) => reasonMatches(reason, i.serviceReason)).length, rows.length)} |`);
  }
  return lines.join('\n');
}

function pct(n: number, of: number): string {
  return of === 0 ? '—' : `${(100 * n / of).toFixed(1)} %`;
}
