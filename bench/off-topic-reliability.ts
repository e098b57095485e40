/**
 * Reliability of the off-topic probability, from a run-eval `--json` report:
 *   node dist/bench/off-topic-reliability.js report.json [fromIndex]
 * or, with --suggestion, of the suggestion's confidence: over every row, P(accept) (the confidence of an accept
 * suggestion, 1 − that of a reject one) against the share of rows labelled accept:
 *   node dist/bench/off-topic-reliability.js report.json [fromIndex] --suggestion [--review|--auto] [--equal N]
 * --review / --auto keep the rows triaged to review / decided automatically; --equal N adds N bins of equal
 * counts. Each bin shows its 95 % Wilson interval of the observed share and whether the prediction is within
 * ±0.05 of the observed share ("ok"), or at least within ±0.05 of its interval ("noise": too few rows to tell).
 *   node dist/bench/off-topic-reliability.js report.json --suggestion --replay
 * replays, on a report of the service WITHOUT recalibration (raw confidences), the recalibration of review
 * suggestions test-then-train in stream order: each chunk of 200 rows is scored with the map learnt from the
 * review rows of the chunks before (the service learns after each chunk's moderator decisions), for each map
 * tried (none, Platt on logit, monotone bins pooled, monotone bins per main reason = the service's).
 * Over the rows the check is about (expected accept, or rejected as off topic): per bin of predicted
 * probability, the mean prediction against the observed share of off-topic rows, and the expected
 * calibration error. The score is read from the suggestion's off_topic reason, or, when no reason was listed
 * (every check below 0.1) and only this check scores, as 1 − confidence of the accept suggestion.
 */
import { readFileSync } from 'node:fs';
import { calibrate, fitPlatt, reliability, type ReliabilityBin } from '../models/offtopic/calibration.js';
import { REPORT_AT } from '../models/policy.js';
import { addDecisions, calibrateAccept, fitMap, logit, NO_REASON, type BinStats } from '../models/suggestion-calibration.js';

interface Item {
  idx: number; expected: string; reason: string | null; triageStatus?: string;
  suggestion: { outcome: string; confidence: number; reasons: [string, number][] } | null;
}

export function offTopicScore(item: Item): number | null {
  const s = item.suggestion;
  if (!s) return null;
  const listed = s.reasons.find(([code]) => code === 'off_topic');
  if (listed) return listed[1];
  return s.reasons.length === 0 && s.outcome === 'accept' ? 1 - s.confidence : null;
}

const OFF_TOPIC_BINS = [0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 1.0001];
const SUGGESTION_BINS = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 1.0001];
const TOLERANCE = 0.05;
const REPLAY_CHUNK = 200;

interface Scored { p: number; y: 0 | 1 }

export const acceptProbability = (s: NonNullable<Item['suggestion']>) => (s.outcome === 'accept' ? s.confidence : 1 - s.confidence);
/** The main reason of a suggestion as the service groups it (models/policy.ts `calibrationGroup`: the first reason
 * listed, the strongest, when it reaches REPORT_AT; a weaker one is listed only because its check asked for review). */
export const mainReasonOf = (s: NonNullable<Item['suggestion']>) => {
  const top = s.reasons[0];
  return top && top[1] >= REPORT_AT ? top[0] : NO_REASON;
};

/** 95 % Wilson score interval of k successes in n. */
export function wilson(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n, d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Edges such that each bin holds about the same number of rows. */
function equalCountEdges(ps: number[], bins: number): number[] {
  const sorted = [...ps].sort((a, b) => a - b);
  const edges = [0];
  for (let i = 1; i < bins; i++) {
    const e = sorted[Math.floor((i * sorted.length) / bins)]!;
    if (e > edges.at(-1)!) edges.push(e);
  }
  return [...edges, 1.0001];
}

const ece = (bins: ReliabilityBin[], n: number) => bins.reduce((sum, b) => sum + (b.count / n) * Math.abs(b.predicted - b.observed), 0);

function printTable(scored: Scored[], edges: number[], intervals: boolean, digits = 2): void {
  const bins = reliability(scored, edges);
  process.stdout.write(`${'bin'.padEnd(2 * digits + 7)}  n  predicted  observed  gap${intervals ? '     95 % interval   ±0.05' : ''}\n`);
  for (const b of bins) {
    let tail = '';
    if (intervals) {
      const [lo, hi] = wilson(Math.round(b.observed * b.count), b.count);
      const verdict = Math.abs(b.predicted - b.observed) <= TOLERANCE ? 'ok' : b.predicted >= lo - TOLERANCE && b.predicted <= hi + TOLERANCE ? 'noise' : 'NO';
      tail = `  [${lo.toFixed(3)}, ${hi.toFixed(3)}]  ${verdict}`;
    }
    process.stdout.write(`${b.from.toFixed(digits)}-${b.to.toFixed(digits)}  ${String(b.count).padStart(5)}  ${b.predicted.toFixed(3).padStart(9)}  ${b.observed.toFixed(3).padStart(8)}  ${(b.predicted - b.observed).toFixed(3).padStart(6)}${tail}\n`);
  }
  process.stdout.write(`expected calibration error ${ece(bins, scored.length).toFixed(4)}\n`);
}

type MapFit = (known: { p: number; y: 0 | 1; group: string }[]) => (p: number, group: string) => number;
const REPLAY_MAPS: Record<string, MapFit> = {
  none: () => (p) => p,
  'platt(logit)': (known) => {
    const platt = fitPlatt(known.map(({ p, y }) => ({ z: logit(p), y, weight: 1 })));
    return (p) => calibrate(logit(p), platt);
  },
  'bins pooled': (known) => {
    const map = fitMap(addDecisions(new Map<string, BinStats>(), known.map((k) => ({ ...k, group: NO_REASON }))));
    return (p) => calibrateAccept(map, p, NO_REASON);
  },
  'bins per reason (service)': (known) => {
    const map = fitMap(addDecisions(new Map<string, BinStats>(), known));
    return (p, group) => calibrateAccept(map, p, group);
  },
};

/** Test-then-train replay of each map over the stream (see the header). */
function replay(items: Item[]): void {
  const ordered = items.filter((i) => i.suggestion).sort((a, b) => a.idx - b.idx);
  process.stdout.write(`replay over ${ordered.length} rows, chunks of ${REPLAY_CHUNK}; review rows recalibrated, automatic rows raw\n`);
  process.stdout.write('map                          ECE all  ECE review  Brier review  review bins off by > 0.05 (n)\n');
  for (const [name, fit] of Object.entries(REPLAY_MAPS)) {
    const all: Scored[] = [], review: Scored[] = [];
    const known: { p: number; y: 0 | 1; group: string }[] = [];
    for (let from = 0; from < ordered.length; from += REPLAY_CHUNK) {
      const f = fit(known);
      const learnt: typeof known = [];
      for (const i of ordered.slice(from, from + REPLAY_CHUNK)) {
        const s = i.suggestion!;
        const y = (i.expected === 'accept' ? 1 : 0) as 0 | 1;
        const raw = acceptProbability(s);
        if (i.triageStatus !== 'pending_review') { all.push({ p: raw, y }); continue; }
        const p = f(raw, mainReasonOf(s));
        all.push({ p, y }); review.push({ p, y });
        learnt.push({ p: raw, y, group: mainReasonOf(s) });
      }
      known.push(...learnt);
    }
    const bins = reliability(review, SUGGESTION_BINS);
    const off = bins.filter((b) => Math.abs(b.predicted - b.observed) > TOLERANCE).map((b) => `${b.from.toFixed(2)}(${b.count})`);
    const brier = review.reduce((sum, r) => sum + (r.p - r.y) ** 2, 0) / review.length;
    process.stdout.write(`${name.padEnd(27)}  ${ece(reliability(all, SUGGESTION_BINS), all.length).toFixed(4).padStart(7)}  ${ece(bins, review.length).toFixed(4).padStart(10)}  ${brier.toFixed(4).padStart(12)}  ${off.join(' ') || '-'}\n`);
  }
}

function main(args: string[]): void {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const equalAt = args.indexOf('--equal');
  const equal = equalAt >= 0 ? Number(args[equalAt + 1]) : 0;
  const positional = args.filter((a, i) => !a.startsWith('--') && !(equalAt >= 0 && i === equalAt + 1));
  const suggestion = flags.has('--suggestion');
  const [file, from = '0'] = positional;
  if (!file) throw new Error('usage: off-topic-reliability report.json [fromIndex] [--suggestion [--review|--auto] [--equal N] [--replay]]');
  let all = (JSON.parse(readFileSync(file, 'utf8')) as { items: Item[] }).items.filter((i) => i.idx >= Number(from));
  if (suggestion && flags.has('--replay')) return replay(all);
  if (flags.has('--review')) all = all.filter((i) => i.triageStatus === 'pending_review');
  if (flags.has('--auto')) all = all.filter((i) => i.triageStatus !== undefined && i.triageStatus !== 'pending_review');
  const items = suggestion ? all : all.filter((i) => i.expected === 'accept' || i.reason === 'off_topic');
  const scored = items.flatMap((i): Scored[] => {
    if (suggestion) return i.suggestion ? [{ p: acceptProbability(i.suggestion), y: i.expected === 'accept' ? 1 : 0 }] : [];
    const p = offTopicScore(i);
    return p === null ? [] : [{ p, y: i.reason === 'off_topic' ? 1 : 0 }];
  });
  const subset = flags.has('--review') ? 'review rows, ' : flags.has('--auto') ? 'automatic rows, ' : '';
  process.stdout.write(`rows ${scored.length} of ${items.length} (${suggestion ? `${subset || 'all, '}P(accept)` : 'accept + off_topic'}), from index ${from}\n`);
  printTable(scored, suggestion ? SUGGESTION_BINS : OFF_TOPIC_BINS, suggestion);
  if (equal > 0) {
    process.stdout.write(`equal-count bins (${equal}):\n`);
    printTable(scored, equalCountEdges(scored.map((x) => x.p), equal), suggestion, 4);
  }
}

main(process.argv.slice(2));
