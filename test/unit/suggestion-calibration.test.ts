import { describe, expect, it } from '@jest/globals';
import type { CheckOutcome } from '../../models/checks/types.js';
import { decide } from '../../models/policy.js';
import { Policy } from '../../models/schemas.js';
import { parseCounts } from '../../models/store/review-calibration.js';
import {
  addDecisions, applyKnots, binOf, calibrateAccept, EDGES, fitMap, IDENTITY_MAP, isotonic, type BinStats,
} from '../../models/suggestion-calibration.js';

/** n decisions at raw P(accept) p, of which a share `rate` accepted (deterministic). */
const decisions = (p: number, n: number, rate: number, group = 'duplicate') =>
  Array.from({ length: n }, (_, i) => ({ p, group, y: (i < Math.round(rate * n) ? 1 : 0) as 0 | 1 }));
const mapOf = (ds: { p: number; y: 0 | 1; group: string }[]) => fitMap(addDecisions(new Map<string, BinStats>(), ds));
const grid = Array.from({ length: 199 }, (_, i) => (i + 1) / 200);

describe('the review-suggestion calibration map', () => {
  it('is the identity with no decision', () => {
    const map = fitMap(new Map());
    for (const p of [0.0006, 0.001, 0.07, 0.35, 0.5, 0.86, 0.97, 0.9993]) expect(calibrateAccept(map, p, 'toxic')).toBeCloseTo(p, 6);
    // flat beyond the outer bins' centres (0.0005, 0.9995)
    expect(calibrateAccept(map, 0, 'toxic')).toBeCloseTo(0.0005, 6);
    expect(calibrateAccept(map, 1, 'toxic')).toBeCloseTo(0.9995, 6);
    for (const p of [0, 0.3, 1]) expect(calibrateAccept(IDENTITY_MAP, p, 'toxic')).toBe(p);
  });

  it('moves a bin towards its observed rate as decisions come', () => {
    // raw 0.35, but moderators accept 85 % of them
    const after = (n: number) => calibrateAccept(mapOf(decisions(0.35, n, 0.85)), 0.35, 'duplicate');
    expect(after(5)).toBeGreaterThan(0.35);
    expect(after(20)).toBeGreaterThan(after(5));
    expect(after(200)).toBeGreaterThan(after(20));
    expect(Math.abs(after(200) - 0.85)).toBeLessThan(0.05);
    // and down, for a bin moderators reject more than the raw value says
    expect(calibrateAccept(mapOf(decisions(0.25, 200, 0.03, 'incomprehensible')), 0.25, 'incomprehensible')).toBeLessThan(0.08);
  });

  it('keeps the prior with few decisions', () => {
    // two surprising decisions move the pooled bin by 2/(2+5) of the gap, and the reason's bin (shrunk towards
    // the pooled one, from the same two decisions) by at most 1 − (5/7)² of it
    const map = mapOf(decisions(0.15, 2, 1));
    const p = calibrateAccept(map, 0.15, 'duplicate');
    expect(p).toBeGreaterThan(0.15);
    expect(applyKnots(map.pooled, 0.15)).toBeLessThan(0.15 + (2 / 7) * 0.85 + 1e-9);
    expect(p).toBeLessThan(0.15 + (1 - (5 / 7) ** 2) * 0.85 + 1e-9);
    // bins far from any decision stay near the identity
    expect(calibrateAccept(map, 0.9, 'duplicate')).toBeCloseTo(0.9, 1);
    expect(calibrateAccept(map, 0.03, 'duplicate')).toBeCloseTo(0.03, 2);
  });

  it('is monotone, whatever the decisions', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 20; trial++) {
      const ds = Array.from({ length: 300 }, () => ({ p: rand(), y: (rand() < 0.5 ? 1 : 0) as 0 | 1, group: rand() < 0.5 ? 'toxic' : 'none' }));
      const map = mapOf(ds);
      for (const group of ['toxic', 'none', 'unseen']) {
        const values = grid.map((p) => calibrateAccept(map, p, group));
        for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]! - 1e-12);
      }
    }
    expect(isotonic([0.2, 0.5, 0.3, 0.9], [1, 1, 1, 1])).toEqual([0.2, 0.4, 0.4, 0.9]);
  });

  it('learns per main reason, a reason without decisions following the pooled map', () => {
    const map = mapOf([...decisions(0.3, 100, 0.9, 'duplicate'), ...decisions(0.3, 100, 0.1, 'incomprehensible')]);
    expect(calibrateAccept(map, 0.3, 'duplicate')).toBeGreaterThan(0.8);
    expect(calibrateAccept(map, 0.3, 'incomprehensible')).toBeLessThan(0.2);
    expect(calibrateAccept(map, 0.3, 'toxic')).toBeCloseTo(applyKnots(map.pooled, 0.3), 9);
    expect(applyKnots(map.pooled, 0.3)).toBeCloseTo(0.5, 1);
  });

  it('bins on the edges, and reads its Redis counts back', () => {
    expect(binOf(0)).toBe(0);
    expect(binOf(0.0009)).toBe(0);
    expect(binOf(0.02)).toBe(2);
    expect(binOf(0.35)).toBe(6);
    expect(binOf(1)).toBe(EDGES.length - 2);
    const stats = parseCounts({ 'toxic|3|n': '4', 'toxic|3|a': '1', 'toxic|3|p': '0.6', 'junk': '1', 'toxic|99|n': '1' });
    expect(stats.get('toxic')!.n[3]).toBe(4);
    expect(stats.get('toxic')!.accepted[3]).toBe(1);
    expect(stats.get('toxic')!.raw[3]).toBeCloseTo(0.6);
    expect(stats.size).toBe(1);
  });
});

describe('the policy with a calibration map', () => {
  const policy = (p: object = {}) => Policy.parse(p);
  const outcome = (o: Partial<CheckOutcome>): CheckOutcome => ({
    check: 'near_duplicate', code: 'duplicate', score: 0.65, detail: 'd', certain: false, canAutoReject: false, shadow: false, ...o,
  });
  const calibration = { map: mapOf(decisions(0.35, 200, 0.85)), version: 'pav@9' };

  it('recalibrates a review suggestion, and its outcome follows the calibrated probability', () => {
    const raw = decide([outcome({})], policy());
    const d = decide([outcome({})], policy(), { off_topic: 'lr@3' }, calibration);
    expect(raw.status).toBe('pending_review');
    expect(raw.suggestion).toMatchObject({ outcome: 'reject', confidence: 0.65 });
    expect(d.status).toBe('pending_review');
    expect(d.suggestion.outcome).toBe('accept');
    expect(d.suggestion.confidence).toBeGreaterThan(0.75);
    expect(d.suggestion.calibration).toEqual({ rawAcceptProbability: 0.35, group: 'duplicate', version: 'pav@9' });
    expect(d.suggestion.modelVersions).toEqual({ off_topic: 'lr@3', calibration: 'pav@9' });
    expect(d.suggestion.reasons).toEqual(raw.suggestion.reasons);
  });

  it('leaves automatic decisions and their confidence alone', () => {
    const skewed = { map: mapOf([...decisions(0.999, 200, 0, 'none'), ...decisions(0.001, 200, 1, 'duplicate')]), version: 'pav@1' };
    for (const outcomes of [[], [outcome({ score: 0.05 })], [outcome({ score: 1, certain: true, canAutoReject: true })]]) {
      const raw = decide(outcomes, policy());
      const d = decide(outcomes, policy(), {}, skewed);
      expect(raw.status).not.toBe('pending_review');
      expect(d).toEqual(raw);
    }
  });

  it('uses the reason-less map for a review item no check names', () => {
    const d = decide([outcome({ score: 0.05, needsReview: true })], policy(), {}, { map: IDENTITY_MAP, version: 'pav@0' });
    expect(d.status).toBe('pending_review');
    expect(d.suggestion.calibration).toEqual({ rawAcceptProbability: 0.95, group: 'none', version: 'pav@0' });
    expect(d.suggestion.confidence).toBe(0.95);
  });
});
