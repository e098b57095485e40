import { describe, expect, it } from '@jest/globals';
import {
  HOUR_MS, agreement, alerts, currentDecisions, timeline, windowMs, windowStats, type AlertBands, type ProposalFacts,
} from '../../models/ops-stats.js';
import type { Suggestion } from '../../models/schemas.js';
import type { DecisionRecord } from '../../models/store/decision-stream.js';
import { csvCell } from '../../models/csv.js';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
let seq = 0;
function rec(p: string, outcome: DecisionRecord['outcome'], at: number, opts: Partial<DecisionRecord> = {}): DecisionRecord {
  seq++;
  return { id: `${at}-${seq}`, proposalId: p, externalId: p, outcome, reason: outcome === 'reject' ? 'too_short' : null, decidedBy: 'system', decidedAtMs: at, ...opts };
}
const suggestion = (outcome: 'accept' | 'reject', reasons: [string, Suggestion['reasons'][number]['code'], number][]): Suggestion => ({
  outcome, confidence: 0.9, reasons: reasons.map(([check, code, score]) => ({ check, code, score, detail: '' })),
});
const BANDS: AlertBands = { rejectionLow: 0, rejectionHigh: 0.8, minDelta: 0.15, triageAgeMs: 60_000, reviewAgeMs: 3_600_000 };

describe('windows', () => {
  it('parses durations up to 31 days', () => {
    expect(windowMs('90m')).toBe(90 * 60_000);
    expect(windowMs('24h')).toBe(24 * HOUR_MS);
    expect(windowMs('31d')).toBe(31 * 24 * HOUR_MS);
    expect(windowMs('32d')).toBeNull();
    expect(windowMs('0h')).toBeNull();
    expect(windowMs('1w')).toBeNull();
  });
});

describe('current decisions', () => {
  it('keeps the last decision of each proposal and drops an undone one', () => {
    const records = [rec('a', 'reject', T0), rec('b', 'accept', T0 + 1), rec('a', 'undone', T0 + 2), rec('a', 'accept', T0 + 3), rec('b', 'undone', T0 + 4)];
    const { decisions, undone } = currentDecisions(records);
    expect(decisions.map((d) => [d.proposalId, d.outcome])).toEqual([['a', 'accept']]);
    expect(undone).toBe(2);
  });
});

describe('agreement of checks with moderators', () => {
  it('counts true and false positives and negatives per check', () => {
    const facts = new Map<string, ProposalFacts>([
      ['p1', { createdAtMs: T0, suggestion: suggestion('reject', [['length', 'too_short', 1]]) }],
      ['p2', { createdAtMs: T0, suggestion: suggestion('reject', [['length', 'too_short', 1], ['prefix', 'missing_prefix', 0.3]]) }],
      ['p3', { createdAtMs: T0, suggestion: suggestion('accept', []) }],
      ['p4', { createdAtMs: T0, suggestion: suggestion('accept', [['prefix', 'missing_prefix', 0.2]]) }],
      ['p5', { createdAtMs: T0, suggestion: suggestion('accept', []) }],
    ]);
    const human = { decidedBy: 'mod' };
    const result = agreement([
      rec('p1', 'reject', T0, human),
      rec('p2', 'accept', T0, human),
      rec('p3', 'reject', T0, { ...human, reason: 'missing_prefix' }),
      rec('p4', 'accept', T0, human),
      rec('p5', 'reject', T0, { ...human, reason: 'toxic' }),
    ], facts);
    expect(result).toMatchObject({ humanDecisions: 5, agreed: 2, disagreed: 3 });
    expect(result.byCheck.length).toEqual({ truePositive: 1, falsePositive: 1, falseNegative: 0, trueNegative: 1 });
    // prefix never flagged (scores < 0.5); it missed the missing_prefix rejection of p3, not the toxic one of p5.
    expect(result.byCheck.prefix).toEqual({ truePositive: 0, falsePositive: 0, falseNegative: 1, trueNegative: 2 });
  });
});

describe('window figures and timeline', () => {
  it('buckets by hour of decision and counts time to decision, moderators and reasons', () => {
    const records = [
      rec('a', 'reject', T0 + 10 * 60_000),
      rec('b', 'accept', T0 + HOUR_MS + 5, { decidedBy: 'mod-1' }),
      rec('c', 'reject', T0 + HOUR_MS + 6, { decidedBy: 'mod-1', reason: 'toxic' }),
      rec('d', 'reject', T0 + HOUR_MS + 7, { decidedBy: 'mod-2', reason: null }),
    ];
    const facts = new Map<string, ProposalFacts>(['a', 'b', 'c', 'd'].map((p) => [p, { createdAtMs: T0, suggestion: null }]));
    const stats = windowStats({ duration: '2h', fromMs: T0, toMs: T0 + 2 * HOUR_MS, records, facts, truncated: false });
    expect(stats).toMatchObject({ decided: 4, rejected: 3, decisions: { automatic: 1, human: 3 } });
    expect(stats.byReason).toMatchObject({ too_short: 1, toxic: 1, other: 1 });
    expect(stats.moderators).toEqual([{ id: 'mod-1', decisions: 2, perHour: 1 }, { id: 'mod-2', decisions: 1, perHour: 0.5 }]);
    expect(stats.timeToDecisionMs.automatic).toEqual({ count: 1, p50: 600_000, p90: 600_000, p99: 600_000 });
    const buckets = timeline(records, T0 + 30 * 60_000, T0 + 2 * HOUR_MS);
    expect(buckets.map((b) => b.start)).toEqual([0, 1, 2].map((h) => new Date(T0 + h * HOUR_MS).toISOString()));
    expect(buckets.map((b) => [b.decided, b.rejected, b.automatic])).toEqual([[1, 1, 1], [3, 2, 0], [0, 0, 0]]);
    expect(buckets[1]!.byReason).toMatchObject({ toxic: 1, other: 1, too_short: 0 });
  });
});

describe('alert bands', () => {
  const now = T0 + 24 * HOUR_MS;
  const series = (n: number, rejected: number, from: number, spread: number) =>
    Array.from({ length: n }, (_, i) => rec(`p${from}-${i}`, i < rejected ? 'reject' : 'accept', from + Math.floor((i * spread) / n)));

  it('compares the last hour with a band around the baseline of the window', () => {
    const baseline = series(200, 40, now - 20 * HOUR_MS, 10 * HOUR_MS); // 20 %
    const normal = alerts([...baseline, ...series(40, 10, now - 30 * 60_000, 60_000)], now, { triage: null, review: null }, BANDS);
    expect(normal.rejectionRate).toMatchObject({ status: 'ok', baseline: 0.2, current: 0.25, decisions: 40 });
    expect(normal.rejectionRate.low).toBeCloseTo(0.0103, 3);
    const surge = alerts([...baseline, ...series(40, 30, now - 30 * 60_000, 60_000)], now, { triage: null, review: null }, BANDS);
    expect(surge.rejectionRate.status).toBe('high');
    expect(surge.firing).toEqual(['rejection_rate']);
  });

  it('uses the static band without a baseline, waits for enough decisions, and flags old queues', () => {
    const few = alerts(series(10, 10, now - 10 * 60_000, 60_000), now, { triage: 61_000, review: 10 }, BANDS);
    expect(few.rejectionRate).toMatchObject({ status: 'insufficient_data', baseline: null, low: 0, high: 0.8 });
    expect(few.triageQueueAge).toEqual({ status: 'high', ageMs: 61_000, maxMs: 60_000 });
    expect(few.reviewQueueAge.status).toBe('ok');
    expect(few.firing).toEqual(['triage_queue_age']);
  });
});

describe('CSV cells', () => {
  it('quotes every cell and neutralises formulas', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('@x')).toBe(`"'@x"`);
    expect(csvCell('\tcmd')).toBe(`"'\tcmd"`);
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell('Il faut')).toBe('"Il faut"');
  });
});
