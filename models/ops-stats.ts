/**
 * The ops figures of one consultation over a time window, as pure functions of the decisions stream (and
 * of each decided proposal's intake time and machine suggestion): rejection rates, automatic vs human,
 * time to decision, moderator throughput, agreement of the checks with moderators, hourly timeline, and the
 * alert bands. The stream is the source of truth for "when", so the figures need no counters of their own.
 */
import { CANCELLING_OUTCOMES } from './decision-feed.js';
import type { DecisionRecord } from './store/decision-stream.js';
import {
  REASON_CODES, type Alerts, type AlertStatus, type CheckAgreement, type ReasonCode, type Suggestion,
  type TimelineBucket, type WindowStats,
} from './schemas.js';

export const HOUR_MS = 3600_000;
const UNIT_MS = { m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS } as const;
export const MAX_WINDOW_MS = 31 * UNIT_MS.d;
export const WINDOW_PATTERN = /^([1-9][0-9]{0,3})([mhd])$/;
/** A check "flags" a proposal when its reason reaches this score: alone, it would tip the suggestion to reject. */
export const FLAG_SCORE = 0.5;

export function windowMs(spec: string): number | null {
  const m = WINDOW_PATTERN.exec(spec);
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms <= MAX_WINDOW_MS ? ms : null;
}

export interface ProposalFacts { createdAtMs: number | null; suggestion: Suggestion | null }

/** The decision each proposal holds at the end of the window: a later entry replaces an earlier one, and
 * an undo cancels the decision before it. */
export function currentDecisions(records: readonly DecisionRecord[]): { decisions: DecisionRecord[]; undone: number } {
  const latest = new Map<string, DecisionRecord>();
  let undone = 0;
  for (const r of records) {
    if (CANCELLING_OUTCOMES.includes(r.outcome)) {
      latest.delete(r.proposalId);
      if (r.outcome === 'undone') undone++;
    } else {
      latest.delete(r.proposalId);
      latest.set(r.proposalId, r);
    }
  }
  return { decisions: [...latest.values()], undone };
}

export const isAutomatic = (r: DecisionRecord) => r.decidedBy === 'system';
const zeroReasons = () => Object.fromEntries(REASON_CODES.map((c) => [c, 0])) as Record<ReasonCode, number>;
const rejectionReason = (r: DecisionRecord): ReasonCode => r.reason ?? 'other';

export function percentiles(samples: number[]): { count: number; p50: number | null; p90: number | null; p99: number | null } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

export interface WindowInput {
  duration: string;
  fromMs: number;
  toMs: number;
  records: readonly DecisionRecord[];
  facts: ReadonlyMap<string, ProposalFacts>;
  truncated: boolean;
}

export function windowStats(input: WindowInput): WindowStats {
  const { decisions, undone } = currentDecisions(input.records);
  const byReason = zeroReasons();
  const latency = { automatic: [] as number[], human: [] as number[] };
  const moderators = new Map<string, number>();
  let rejected = 0;
  for (const d of decisions) {
    const by = isAutomatic(d) ? 'automatic' : 'human';
    if (d.outcome === 'reject') {
      rejected++;
      byReason[rejectionReason(d)]++;
    }
    const created = input.facts.get(d.proposalId)?.createdAtMs;
    if (created != null) latency[by].push(Math.max(0, d.decidedAtMs - created));
    if (by === 'human') moderators.set(d.decidedBy, (moderators.get(d.decidedBy) ?? 0) + 1);
  }
  const hours = (input.toMs - input.fromMs) / HOUR_MS;
  const decided = decisions.length;
  const human = decisions.filter((d) => !isAutomatic(d));
  return {
    duration: input.duration,
    from: new Date(input.fromMs).toISOString(),
    to: new Date(input.toMs).toISOString(),
    decided,
    rejected,
    rejectionRate: decided === 0 ? null : rejected / decided,
    byReason,
    rejectionRateByReason: Object.fromEntries(REASON_CODES.map((c) => [c, decided === 0 ? 0 : byReason[c] / decided])) as Record<ReasonCode, number>,
    decisions: { automatic: decided - human.length, human: human.length },
    undone,
    timeToDecisionMs: { automatic: percentiles(latency.automatic), human: percentiles(latency.human) },
    moderators: [...moderators].sort((a, b) => b[1] - a[1]).slice(0, 100)
      .map(([id, n]) => ({ id, decisions: n, perHour: Math.round((n / hours) * 100) / 100 })),
    agreement: agreement(human, input.facts),
    truncated: input.truncated,
  };
}

/** Machine suggestions against human decisions, overall and per check. A check is charged with a false
 * negative only for rejections whose reason it reports (learnt from the suggestions seen). */
export function agreement(human: readonly DecisionRecord[], facts: ReadonlyMap<string, ProposalFacts>): WindowStats['agreement'] {
  const withSuggestion = human.flatMap((d) => {
    const suggestion = facts.get(d.proposalId)?.suggestion;
    return suggestion ? [{ d, suggestion }] : [];
  });
  const codesOf = new Map<string, Set<ReasonCode>>();
  for (const { suggestion } of withSuggestion) {
    for (const r of suggestion.reasons) if (r.check) codesOf.set(r.check, (codesOf.get(r.check) ?? new Set()).add(r.code));
  }
  const byCheck: Record<string, CheckAgreement> = {};
  for (const check of codesOf.keys()) byCheck[check] = { truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0 };
  let agreed = 0;
  for (const { d, suggestion } of withSuggestion) {
    if (suggestion.outcome === d.outcome) agreed++;
    const flagged = new Set(suggestion.reasons.filter((r) => r.check && r.score >= FLAG_SCORE).map((r) => r.check!));
    for (const [check, codes] of codesOf) {
      const counts = byCheck[check]!;
      if (flagged.has(check)) {
        if (d.outcome === 'reject') counts.truePositive++;
        else counts.falsePositive++;
      } else if (d.outcome === 'accept') counts.trueNegative++;
      else if (codes.has(rejectionReason(d))) counts.falseNegative++;
    }
  }
  const n = withSuggestion.length;
  return { humanDecisions: n, agreed, disagreed: n - agreed, rate: n === 0 ? null : agreed / n, byCheck };
}

/** Hourly buckets from the hour holding `fromMs` to the one holding `toMs`, by decision time. */
export function timeline(records: readonly DecisionRecord[], fromMs: number, toMs: number): TimelineBucket[] {
  const first = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
  const buckets: TimelineBucket[] = [];
  for (let t = first; t <= toMs; t += HOUR_MS) {
    buckets.push({ start: new Date(t).toISOString(), decided: 0, rejected: 0, automatic: 0, byReason: zeroReasons() });
  }
  for (const d of currentDecisions(records).decisions) {
    // The window is cut on stream ids (Redis clock), decidedAt is the deciding process's clock: a skew
    // puts an entry into the nearest bucket rather than out of the timeline.
    const index = Math.floor((d.decidedAtMs - first) / HOUR_MS);
    const bucket = buckets[Math.min(buckets.length - 1, Math.max(0, index))]!;
    bucket.decided++;
    if (isAutomatic(d)) bucket.automatic++;
    if (d.outcome === 'reject') {
      bucket.rejected++;
      bucket.byReason[rejectionReason(d)]++;
    }
  }
  return buckets;
}

export interface AlertBands {
  rejectionLow: number;
  rejectionHigh: number;
  /** the band around a baseline is at least this wide on each side */
  minDelta: number;
  triageAgeMs: number;
  reviewAgeMs: number;
}

/** Decisions needed in the last hour to judge its rate, and in the baseline to trust it over the static band. */
export const MIN_CURRENT = 20;
export const MIN_BASELINE = 50;

/** The last hour's rejection rate against a band around the rest of the window (three binomial standard
 * deviations, at least `minDelta`), or against the static band while there is no baseline yet. */
export function alerts(records: readonly DecisionRecord[], toMs: number, queueAgeMs: { triage: number | null; review: number | null }, bands: AlertBands): Alerts {
  const { decisions } = currentDecisions(records);
  const recent = decisions.filter((d) => d.decidedAtMs > toMs - HOUR_MS);
  const before = decisions.filter((d) => d.decidedAtMs <= toMs - HOUR_MS);
  const rate = (ds: DecisionRecord[]) => (ds.length === 0 ? null : ds.filter((d) => d.outcome === 'reject').length / ds.length);
  const current = rate(recent);
  const baseline = before.length >= MIN_BASELINE ? rate(before) : null;
  let low = bands.rejectionLow;
  let high = bands.rejectionHigh;
  if (baseline !== null) {
    const delta = Math.max(bands.minDelta, 3 * Math.sqrt((baseline * (1 - baseline)) / Math.max(recent.length, 1)));
    low = Math.max(0, baseline - delta);
    high = Math.min(1, baseline + delta);
  }
  let status: AlertStatus = 'ok';
  if (current === null || recent.length < MIN_CURRENT) status = 'insufficient_data';
  else if (current > high) status = 'high';
  else if (current < low) status = 'low';
  const age = (ms: number | null, maxMs: number) => ({ status: (ms !== null && ms > maxMs ? 'high' : 'ok') as AlertStatus, ageMs: ms, maxMs });
  const result: Alerts = {
    firing: [],
    rejectionRate: { status, current, decisions: recent.length, baseline, low: round(low), high: round(high) },
    triageQueueAge: age(queueAgeMs.triage, bands.triageAgeMs),
    reviewQueueAge: age(queueAgeMs.review, bands.reviewAgeMs),
  };
  if (status === 'high' || status === 'low') result.firing.push('rejection_rate');
  if (result.triageQueueAge.status === 'high') result.firing.push('triage_queue_age');
  if (result.reviewQueueAge.status === 'high') result.firing.push('review_queue_age');
  return result;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
