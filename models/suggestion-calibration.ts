/**
 * Recalibration of the suggestion's P(accept) for proposals routed to review, pure, from the consultation's own
 * moderator decisions (docs/QUALITY.md, "Calibration of the suggestion's confidence").
 *
 * Only proposals sent to review get a human label, so the map is learnt on them and applied to them only:
 * automatic decisions keep the policy's raw confidence (their bins are within ±0.01 already, and no label could
 * ever correct them). The map is a monotone binned (isotonic) map of the raw P(accept), one per main reason (the
 * strongest active finding a moderator sees first, 'none' when nothing scored 0.1): a near copy at P 0.3 is a
 * good proposal far more often than a word salad at P 0.3 (mondedapres dev stream: 60–100 % against 3–33 %).
 * Shrinkage, in pseudo-decisions: each bin of the pooled map starts as the identity with PRIOR_STRENGTH
 * decisions, each bin of a reason's map starts as the pooled map with as many. So with no decisions the map is
 * the identity, and with few a bin moves a little towards its observed rate.
 */

import { sigmoid } from './offtopic/features.js';

/** Bin edges on the raw P(accept): finer where the policy's thresholds and most review items are, and narrow
 * bins at both ends, since the map is flat beyond its outer knots. */
export const EDGES: readonly number[] = [0, 0.001, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1];
export const BINS = EDGES.length - 1;
/** Pull towards the prior (identity for the pooled map, the pooled map for a reason's map), in decisions. */
export const PRIOR_STRENGTH = 5;
/** The group of a review item whose checks all scored under the reporting point. */
export const NO_REASON = 'none';
const CLAMP = 1e-4;

/** Sufficient statistics of one group: per bin, decisions, accepted decisions, sum of raw P(accept). */
export interface BinStats { n: number[]; accepted: number[]; raw: number[] }

/** A monotone map, as knots in logit space (raw → calibrated), linearly interpolated between them. */
export interface Knots { x: number[]; y: number[] }

export interface CalibrationMap { pooled: Knots; groups: Record<string, Knots> }

/** A consultation's recalibration of review suggestions as the policy reads it, per batch, with its version. */
export interface SuggestionCalibration { map: CalibrationMap; version: string }

export const emptyStats = (): BinStats => ({ n: new Array(BINS).fill(0), accepted: new Array(BINS).fill(0), raw: new Array(BINS).fill(0) });

export function binOf(p: number): number {
  for (let b = 1; b < EDGES.length - 1; b++) if (p < EDGES[b]!) return b - 1;
  return BINS - 1;
}

export const logit = (p: number) => {
  const q = Math.min(1 - CLAMP, Math.max(CLAMP, p));
  return Math.log(q / (1 - q));
};

/** Adds labelled raw probabilities to per-group statistics (tests and the offline replay; the service keeps the
 * same counts in Redis). */
export function addDecisions(stats: Map<string, BinStats>, decisions: { p: number; y: 0 | 1; group: string }[]): Map<string, BinStats> {
  for (const { p, y, group } of decisions) {
    const s = stats.get(group) ?? emptyStats();
    const b = binOf(p);
    s.n[b]! += 1; s.accepted[b]! += y; s.raw[b]! += p;
    stats.set(group, s);
  }
  return stats;
}

/** One group's monotone map: per bin, the observed rate shrunk towards `prior` by `strength` decisions at the
 * bin's mean raw value, then pooled adjacent violators (weights = decisions + strength). */
export function fitKnots(s: BinStats, prior: (p: number) => number, strength = PRIOR_STRENGTH): Knots {
  const centres: number[] = [], values: number[] = [], weights: number[] = [];
  for (let b = 0; b < BINS; b++) {
    const n = Math.max(0, s.n[b]!);
    const mid = (EDGES[b]! + EDGES[b + 1]!) / 2;
    const centre = (Math.max(0, s.raw[b]!) + strength * mid) / (n + strength);
    centres.push(centre);
    values.push((Math.min(n, Math.max(0, s.accepted[b]!)) + strength * prior(centre)) / (n + strength));
    weights.push(n + strength);
  }
  return { x: centres.map(logit), y: isotonic(values, weights).map(logit) };
}

/** Pool adjacent violators: the non-decreasing sequence closest to `values` in weighted least squares. */
export function isotonic(values: number[], weights: number[]): number[] {
  const blocks: { mean: number; weight: number; size: number }[] = [];
  values.forEach((v, i) => {
    blocks.push({ mean: v, weight: weights[i]!, size: 1 });
    while (blocks.length > 1 && blocks.at(-2)!.mean > blocks.at(-1)!.mean) {
      const b = blocks.pop()!, a = blocks.pop()!;
      const weight = a.weight + b.weight;
      blocks.push({ mean: (a.mean * a.weight + b.mean * b.weight) / weight, weight, size: a.size + b.size });
    }
  });
  return blocks.flatMap((b) => new Array<number>(b.size).fill(b.mean));
}

/** Interpolates the knots in logit space; flat beyond the outer knots (as isotonic regression is beyond its
 * data: nothing says how much more certain than the outer bin's mean a raw 1 is). */
export function applyKnots(k: Knots, p: number): number {
  const t = logit(p);
  const last = k.x.length - 1;
  if (last < 0) return p;
  if (t <= k.x[0]!) return sigmoid(k.y[0]!);
  if (t >= k.x[last]!) return sigmoid(k.y[last]!);
  let j = 0;
  while (j < last - 1 && t > k.x[j + 1]!) j++;
  const span = k.x[j + 1]! - k.x[j]!;
  const u = span > 0 ? (t - k.x[j]!) / span : 0;
  return sigmoid(k.y[j]! + u * (k.y[j + 1]! - k.y[j]!));
}

/** The pooled map (all reasons, towards the identity) and one map per reason seen (towards the pooled one). */
export function fitMap(stats: ReadonlyMap<string, BinStats>, strength = PRIOR_STRENGTH): CalibrationMap {
  const pooledStats = emptyStats();
  for (const s of stats.values()) {
    for (let b = 0; b < BINS; b++) { pooledStats.n[b]! += s.n[b]!; pooledStats.accepted[b]! += s.accepted[b]!; pooledStats.raw[b]! += s.raw[b]!; }
  }
  const pooled = fitKnots(pooledStats, (p) => p, strength);
  const groups: Record<string, Knots> = {};
  for (const [group, s] of stats) groups[group] = fitKnots(s, (p) => applyKnots(pooled, p), strength);
  return { pooled, groups };
}

export const IDENTITY_MAP: CalibrationMap = { pooled: { x: [], y: [] }, groups: {} };

/** Calibrated P(accept) of a review item with raw P(accept) `p` and main reason `group`. */
export function calibrateAccept(map: CalibrationMap, p: number, group: string): number {
  return applyKnots(map.groups[group] ?? map.pooled, p);
}
