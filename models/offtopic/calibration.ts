/**
 * Calibration and thresholds of the off-topic model, pure, from the consultation's own decisions.
 * Each decision is scored by the model as it was just before learning from it (test-then-train), so these
 * pairs are out-of-sample: Platt scaling on them makes the score a calibrated probability, and the
 * automatic-rejection threshold is the lowest score at which rejecting would have met the precision target.
 */
import { OFF_TOPIC_TARGETS, type Policy } from '../schemas.js';
import { sigmoid } from './features.js';

export interface ScoredDecision {
  /** raw logit of the model before the update */
  z: number;
  /** 1 = off topic */
  y: 0 | 1;
  weight: number;
}

export interface Platt { a: number; b: number }
export const IDENTITY: Platt = { a: 1, b: 0 };

/** Pull towards the identity, in pseudo-decisions: with few decisions the raw model is kept. */
const PRIOR_STRENGTH = 5;

/** Weighted logistic fit of p = sigmoid(a·z + b), by damped Newton steps, regularised towards a = 1, b = 0. */
export function fitPlatt(pairs: ScoredDecision[], iterations = 50): Platt {
  let { a, b } = IDENTITY;
  let current = plattLoss(pairs, a, b);
  for (let it = 0; it < iterations; it++) {
    let ga = PRIOR_STRENGTH * (a - 1), gb = PRIOR_STRENGTH * b;
    let haa = PRIOR_STRENGTH, hab = 0, hbb = PRIOR_STRENGTH;
    for (const { z, y, weight } of pairs) {
      const p = sigmoid(a * z + b);
      const r = weight * (p - y);
      const v = weight * p * (1 - p);
      ga += r * z; gb += r;
      haa += v * z * z; hab += v * z; hbb += v;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Newton overshoots on a logistic loss far from the optimum: halve the step until the loss decreases.
    let step = 1;
    let next = plattLoss(pairs, a - da, b - db);
    while (next > current && step > 1e-4) {
      step /= 2;
      next = plattLoss(pairs, a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da; b -= step * db;
    const gain = current - next;
    current = next;
    if (gain < 1e-9) break;
  }
  return { a, b };
}

function plattLoss(pairs: ScoredDecision[], a: number, b: number): number {
  let loss = (PRIOR_STRENGTH / 2) * ((a - 1) ** 2 + b ** 2);
  for (const { z, y, weight } of pairs) {
    const t = a * z + b;
    // log(1 + e^t) - y·t, computed without overflow
    loss += weight * (Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))) - y * t);
  }
  return loss;
}

export const calibrate = (z: number, { a, b }: Platt) => sigmoid(a * z + b);

export interface ThresholdPolicy {
  /** share of automatic rejections that must be right */
  precision: number;
  /** decisions (by weight) above the threshold needed before the precision is believed */
  minSupport: number;
}

/** ORES-style: "reject automatically only at precision ≥ 0.99, measured on at least 100 decisions" (the precision
 * is the consultation's `policy.offTopic.autoRejectPrecision`, this by default). */
export const AUTO_REJECT_POLICY: ThresholdPolicy = { precision: OFF_TOPIC_TARGETS.autoRejectPrecision, minSupport: 100 };

/** The lowest calibrated score such that rejecting every decision scored at or above it meets the precision
 * target on enough decisions; null when none does (then off-topic findings always go to a moderator). */
export function autoRejectThreshold(pairs: ScoredDecision[], platt: Platt, policy = AUTO_REJECT_POLICY): number | null {
  const scored = pairs.map((p) => ({ p: calibrate(p.z, platt), y: p.y, w: p.weight })).sort((x, y) => y.p - x.p);
  let hits = 0, total = 0;
  let best: number | null = null;
  for (let i = 0; i < scored.length; i++) {
    const s = scored[i]!;
    hits += s.y * s.w;
    total += s.w;
    // only cut between distinct scores: a threshold cannot split ties
    if (i + 1 < scored.length && scored[i + 1]!.p === s.p) continue;
    if (total >= policy.minSupport && hits / total >= policy.precision) best = s.p;
  }
  return best;
}

/** ORES-style again, for review: the expected share of the consultation's off-topic proposals a moderator must
 * still see. Stricter than the leak the service is held to (≤ 1 % of bad proposals published without a human)
 * because the estimate is optimistic: the calibration learns from automatic acceptances as if they were all on
 * topic, so it underestimates the low scores. 0.99 still let 1–2 of 25 off-topic proposals through on the vff
 * dev streams (docs/QUALITY.md). */
export const REVIEW_RECALL = OFF_TOPIC_TARGETS.reviewRecall;
const REVIEW_MIN_POPULATION = 100;
/** The most this rule may send to moderators: the share of recent proposals scoring above its review point.
 * The recall estimate sums calibrated probabilities of thousands of low scores, where the calibration is least
 * sure; a small shift there moved the point from sending 8 % of a consultation to review to 36 % (mondedapres
 * dev stream, docs/QUALITY.md). Measured on the dev streams (docs/QUALITY.md): 0.1 leaked 3.6–6 % of vff's bad
 * proposals, 0.2 and 0.25 1.4–2.2 % (vff's off-topic rows are 3.6 % of the stream but two of them rank among the
 * accepted proposals' usual scores); 0.35 leaks 0.7 % on vff and keeps mondedapres at 75–82 % automation, where
 * no cap gave 64 %. */
export const REVIEW_BUDGET = OFF_TOPIC_TARGETS.reviewBudget;

/** The calibrated score from which proposals go to review so that, by the calibrated probabilities of the
 * consultation's recent proposals (all of them, decided or not: `population` holds their raw scores at triage),
 * the ones left to automatic acceptance hold at most 1 − recall of its expected off-topic proposals. The known
 * off-topic decisions cannot say this: they are the proposals moderators saw, i.e. already flagged. Never
 * above `ceiling` (the policy's own review point: this only adds caution), never below the score of the top
 * `budget` share of the population (what moderators can be asked to look at). Null while fewer than
 * REVIEW_MIN_POPULATION proposals were scored. */
export function reviewThreshold(population: number[], platt: Platt, ceiling: number, recall = REVIEW_RECALL, budget = REVIEW_BUDGET): number | null {
  if (population.length < REVIEW_MIN_POPULATION) return null;
  const ps = population.map((z) => calibrate(z, platt)).sort((a, b) => a - b);
  const floor = ps[Math.floor(ps.length * (1 - budget))] ?? ceiling;
  const allowed = (1 - recall) * ps.reduce((sum, p) => sum + p, 0);
  let below = 0;
  for (const p of ps) {
    if (p >= ceiling || below + p > allowed) return Math.min(ceiling, Math.max(floor, p));
    below += p;
  }
  return ceiling;
}

/** The two learnt points a consultation's policy asks for: its own targets (`policy.offTopic`; the defaults above
 * unless it states others), and a review point never above the policy's own for a single check,
 * 1 − autoAcceptConfidence (the learnt one only ever lowers it). */
export function pointsFor({ offTopic, autoAcceptConfidence }: Pick<Policy, 'offTopic' | 'autoAcceptConfidence'>) {
  return {
    autoRejectAt: (pairs: ScoredDecision[], platt: Platt) => autoRejectThreshold(pairs, platt, { ...AUTO_REJECT_POLICY, precision: offTopic.autoRejectPrecision }),
    reviewAt: (population: number[], platt: Platt) => reviewThreshold(population, platt, 1 - autoAcceptConfidence, offTopic.reviewRecall, offTopic.reviewBudget),
  };
}

/** Reliability table: per bin of predicted probability, the mean prediction and the observed rate. */
export interface ReliabilityBin { from: number; to: number; count: number; predicted: number; observed: number }

export function reliability(predictions: { p: number; y: 0 | 1 }[], edges = [0, 0.05, 0.1, 0.2, 0.4, 0.6, 1.0001]): ReliabilityBin[] {
  const bins: ReliabilityBin[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const inBin = predictions.filter((x) => x.p >= edges[i]! && x.p < edges[i + 1]!);
    if (inBin.length === 0) continue;
    const mean = (f: (x: { p: number; y: 0 | 1 }) => number) => inBin.reduce((s, x) => s + f(x), 0) / inBin.length;
    bins.push({ from: edges[i]!, to: Math.min(1, edges[i + 1]!), count: inBin.length, predicted: mean((x) => x.p), observed: mean((x) => x.y) });
  }
  return bins;
}
