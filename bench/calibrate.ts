/**
 * Offline calibration of the content checks on the dev data: runs the real pipeline (prepareInput → checks →
 * policy, without the Redis enrichers, so duplicates are out of scope) over the open streams and prints
 *  1. per check, the precision of an automatic rejection at each score threshold (ORES-style: a threshold is
 *     usable for autoRejectAt only where precision ≥ 0.99), with the recall of the check's own reason;
 *  2. per expected reason, what the policy would do: recall (not auto-accepted), leak, reason match, false
 *     auto-reject and good proposals sent to review.
 * Rows of the training part of the split (bench/dev-data.ts) are left out: the corpus was built from them.
 * Run: npm run build && node dist/bench/calibrate.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContentModels } from '../models/checks/content-models.js';
import { CHECKS, prepareInput, runChecks } from '../models/pipeline.js';
import { decide } from '../models/policy.js';
import { Consultation } from '../models/schemas.js';
import { DATA_DIR, isHeldOut, readStream, reasonMatches, type DevRow } from './dev-data.js';

const STREAMS = (process.argv[2] ?? 'vff-open-stream.csv,mondedapres-open-stream.csv').split(',');
const THRESHOLDS = [0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99];

interface Scored { row: DevRow; scores: Map<string, number>; status: string; reason: string | null; top: string | null }

await loadContentModels();
const consultations = new Map((JSON.parse(readFileSync(join(DATA_DIR, 'consultations.json'), 'utf8')) as { id: string }[])
  .map((c) => [c.id, Consultation.parse({ ...c, version: 1, createdAt: '', updatedAt: '' })]));

const scored: Scored[] = [];
for (const stream of STREAMS) {
  for (const row of readStream(stream)) {
    if (!isHeldOut(row.consultationId, row.externalId)) continue;
    const consultation = consultations.get(row.consultationId)!;
    const input = prepareInput({ id: `${row.consultationId}~1`, externalId: row.externalId, text: row.text }, consultation);
    const outcomes = runChecks(input);
    const decision = decide(outcomes, consultation.policy);
    scored.push({
      row,
      scores: new Map(outcomes.map((o) => [o.check, o.score])),
      status: decision.status,
      reason: decision.automatic?.reason ?? null,
      top: decision.suggestion.reasons[0]?.code ?? null,
    });
  }
}
const good = scored.filter((s) => s.row.expected === 'accept');
console.log(`rows: ${scored.length} (held-out; ${good.length} accept) from ${STREAMS.join(', ')}\n`);

for (const check of CHECKS.filter((c) => c.kind === 'scored')) {
  const reasonRows = scored.filter((s) => s.row.reason === check.id);
  console.log(`### ${check.id} (autoRejectAt ${check.autoRejectAt}; ${reasonRows.length} rows of this reason)\n`);
  console.log('| score ≥ | flagged | precision (any reject) | precision (this reason) | recall of this reason | good flagged |');
  console.log('|---|---|---|---|---|---|');
  for (const t of THRESHOLDS) {
    const hit = scored.filter((s) => (s.scores.get(check.id) ?? 0) >= t);
    if (hit.length === 0) continue;
    const bad = hit.filter((s) => s.row.expected === 'reject').length;
    const same = hit.filter((s) => s.row.reason === check.id).length;
    const recall = reasonRows.length ? reasonRows.filter((s) => (s.scores.get(check.id) ?? 0) >= t).length / reasonRows.length : NaN;
    console.log(`| ${t} | ${hit.length} | ${fmt(bad / hit.length)} | ${fmt(same / hit.length)} | ${fmt(recall)} | ${hit.length - bad} |`);
  }
  console.log();
}

console.log('### Policy outcome per expected reason (mode auto, autoAcceptConfidence 0.9)\n');
console.log('| expected | rows | recall (not auto-accepted) | leak (auto-accepted) | auto-rejected | reason match (top reason) |');
console.log('|---|---|---|---|---|---|');
const reasons = [...new Set(scored.map((s) => s.row.reason || 'accept'))].sort();
for (const reason of reasons) {
  const rows = scored.filter((s) => (s.row.reason || 'accept') === reason);
  const accepted = rows.filter((s) => s.status === 'accepted').length;
  const rejected = rows.filter((s) => s.status === 'rejected').length;
  const match = rows.filter((s) => reasonMatches(reason, s.reason ?? s.top)).length;
  console.log(`| ${reason} | ${rows.length} | ${fmt(1 - accepted / rows.length)} | ${fmt(accepted / rows.length)} | ${fmt(rejected / rows.length)} | ${reason === 'accept' ? '' : fmt(match / rows.length)} |`);
}
const falseReject = good.filter((s) => s.status === 'rejected');
const reviewed = good.filter((s) => s.status === 'pending_review');
console.log(`\nfalse auto-reject: ${falseReject.length}/${good.length} = ${fmt(falseReject.length / good.length)}; good sent to review: ${fmt(reviewed.length / good.length)}`);
const byCheck = new Map<string, number>();
for (const s of reviewed) {
  const strongest = [...s.scores].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
  byCheck.set(strongest, (byCheck.get(strongest) ?? 0) + 1);
}
console.log(`good sent to review, by strongest check: ${[...byCheck].map(([c, n]) => `${c} ${n}`).join(', ')}`);
if (process.env.SHOW) {
  for (const s of scored.filter((x) => (process.env.SHOW === 'fp' ? x.row.expected === 'accept' && x.status !== 'accepted' : x.row.reason === process.env.SHOW && x.status === 'accepted'))) {
    console.log(s.status, JSON.stringify(Object.fromEntries(s.scores)), s.row.text);
  }
}

function fmt(x: number): string {
  return Number.isNaN(x) ? '—' : x.toFixed(3);
}
