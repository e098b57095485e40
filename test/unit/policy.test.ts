import { describe, expect, it } from '@jest/globals';
import type { CheckOutcome } from '../../models/checks/types.js';
import { decide } from '../../models/policy.js';
import { Policy } from '../../models/schemas.js';

const policy = (p: object = {}) => Policy.parse(p);
const outcome = (o: Partial<CheckOutcome>): CheckOutcome => ({
  check: 'x', code: 'toxic', score: 0.5, detail: 'd', certain: false, canAutoReject: false, shadow: false, ...o,
});

describe('decide', () => {
  it('accepts automatically what passes every check', () => {
    const d = decide([], policy());
    expect(d).toMatchObject({ status: 'accepted', automatic: { outcome: 'accept', reason: null }, suggestion: { outcome: 'accept', confidence: 1, reasons: [] } });
  });
  it('rejects automatically a certain rule failure, with its reason', () => {
    const d = decide([outcome({ check: 'length', code: 'too_short', score: 1, certain: true, canAutoReject: true })], policy());
    expect(d).toMatchObject({ status: 'rejected', automatic: { outcome: 'reject', reason: 'too_short' } });
  });
  it('sends an uncertain finding to review with the reason listed', () => {
    const d = decide([outcome({ score: 0.7 })], policy());
    expect(d.status).toBe('pending_review');
    expect(d.automatic).toBeNull();
    expect(d.suggestion).toMatchObject({ outcome: 'reject', confidence: 0.7, reasons: [{ code: 'toxic', score: 0.7, check: 'x' }] });
  });
  it('sends a weak doubt to review when acceptance confidence falls under the threshold', () => {
    const d = decide([outcome({ score: 0.2 })], policy({ autoAcceptConfidence: 0.9 }));
    expect(d).toMatchObject({ status: 'pending_review', suggestion: { outcome: 'accept', confidence: 0.8 } });
  });
  it('lists a weak finding whose check asks for review, so that a moderator sees why the proposal is there', () => {
    const flagged = decide([outcome({ code: 'off_topic', score: 0.03, needsReview: true })], policy());
    expect(flagged).toMatchObject({ status: 'pending_review', suggestion: { outcome: 'accept', confidence: 0.97, reasons: [{ code: 'off_topic', score: 0.03 }] } });
    const weak = decide([outcome({ code: 'off_topic', score: 0.03 })], policy());
    expect(weak).toMatchObject({ status: 'accepted', suggestion: { reasons: [] } });
  });
  it('lists the weak findings that together keep the confidence under the threshold, none being listed alone', () => {
    const cue = outcome({ check: 'conversational', code: 'off_topic', score: 1 - (1 - 0.1) });
    const d = decide([cue, outcome({ check: 'off_topic', code: 'off_topic', score: 0.05 })], policy({ autoAcceptConfidence: 0.9 }));
    expect(d.status).toBe('pending_review');
    expect(d.suggestion.reasons.map((r) => r.check)).toEqual(['conversational', 'off_topic']);
    // the same cue alone leaves the confidence at the threshold: accepted, nothing listed
    expect(decide([cue], policy({ autoAcceptConfidence: 0.9 }))).toMatchObject({ status: 'accepted', suggestion: { reasons: [] } });
  });
  it('combines independent doubts: two 0.4 findings make a rejection suggestion', () => {
    const d = decide([outcome({ score: 0.4 }), outcome({ code: 'incomprehensible', score: 0.4 })], policy());
    expect(d.suggestion.outcome).toBe('reject');
    expect(d.suggestion.confidence).toBeCloseTo(0.64, 5);
  });
  it('lists the strongest reason first, ties broken by what tells a moderator most', () => {
    const d = decide([
      outcome({ code: 'missing_prefix', score: 1, certain: true, canAutoReject: true }),
      outcome({ code: 'duplicate', score: 1, certain: true, canAutoReject: true }),
    ], policy());
    expect(d.suggestion.reasons.map((r) => r.code)).toEqual(['duplicate', 'missing_prefix']);
    expect(d.automatic?.reason).toBe('duplicate');
  });
  it('names a refusal by its most telling strong reason, even when a rule decided it', () => {
    const prefix = outcome({ check: 'prefix', code: 'missing_prefix', score: 1, certain: true, canAutoReject: true });
    expect(decide([prefix, outcome({ code: 'toxic', score: 0.9 })], policy()).automatic?.reason).toBe('toxic');
    // a weak finding does not get to name it
    expect(decide([prefix, outcome({ code: 'toxic', score: 0.6 })], policy()).automatic?.reason).toBe('missing_prefix');
  });
  it('a check whose reason is reliable from a lower score names the refusal from there', () => {
    const prefix = outcome({ check: 'prefix', code: 'missing_prefix', score: 1, certain: true, canAutoReject: true });
    expect(decide([prefix, outcome({ code: 'toxic', score: 0.4, namesRefusalAt: 0.3 })], policy()).automatic?.reason).toBe('toxic');
    expect(decide([prefix, outcome({ code: 'toxic', score: 0.2, namesRefusalAt: 0.3 })], policy()).automatic?.reason).toBe('missing_prefix');
    // a shadow check names nothing
    expect(decide([prefix, outcome({ code: 'toxic', score: 0.9, namesRefusalAt: 0.3, shadow: true })], policy()).automatic?.reason).toBe('missing_prefix');
  });
  it('names a refusal by the most severe finding able to name it: harm to people, language, repeat, sense, topic, the form last', () => {
    const prefix = outcome({ check: 'prefix', code: 'missing_prefix', score: 1, certain: true, canAutoReject: true });
    const named = (...found: CheckOutcome[]) => decide([prefix, ...found], policy({ mode: 'review_all' })).suggestion.mainReason;
    const duplicate = outcome({ code: 'duplicate', score: 1, certain: true, canAutoReject: true });
    const foreign = outcome({ code: 'wrong_language', score: 0.75, namesRefusalAt: 0.7 });
    const unreadable = outcome({ code: 'incomprehensible', score: 0.65, namesRefusalAt: 0.6 });
    const offTopic = outcome({ code: 'off_topic', score: 0.9, namesRefusalAt: 0.5 });
    expect(named(duplicate, foreign, offTopic, outcome({ code: 'toxic', score: 0.25, namesRefusalAt: 0.25 }))).toBe('toxic');
    expect(named(duplicate, unreadable, offTopic, foreign)).toBe('wrong_language');
    expect(named(unreadable, offTopic, duplicate)).toBe('duplicate');
    expect(named(offTopic, unreadable)).toBe('incomprehensible');
    expect(named(offTopic)).toBe('off_topic');
    // under their own naming score, findings leave the refusal to the rule
    expect(named(outcome({ code: 'off_topic', score: 0.45, namesRefusalAt: 0.5 }), outcome({ code: 'incomprehensible', score: 0.55, namesRefusalAt: 0.6 }))).toBe('missing_prefix');
    // between form rules, the length comes before the prefix
    expect(named(outcome({ check: 'length', code: 'too_short', score: 1, certain: true, canAutoReject: true }))).toBe('too_short');
  });
  it('a proposal left to a moderator carries the reason a refusal would name: r Entrée files it', () => {
    const prefix = outcome({ check: 'prefix', code: 'missing_prefix', score: 1, certain: true, canAutoReject: true });
    const insult = decide([prefix, outcome({ code: 'toxic', score: 0.4, namesRefusalAt: 0.3 }), outcome({ code: 'off_topic', score: 0.82 })], policy({ mode: 'review_all' }));
    expect(insult.suggestion.reasons[0]?.code).toBe('missing_prefix');
    expect(insult.suggestion.mainReason).toBe('toxic');
    const foreign = decide([prefix, outcome({ code: 'wrong_language', score: 0.99 }), outcome({ code: 'off_topic', score: 0.82 })], policy({ mode: 'review_all' }));
    expect(foreign.suggestion.mainReason).toBe('wrong_language');
    // nothing strong enough to name it: the strongest listed finding
    expect(decide([outcome({ code: 'off_topic', score: 0.6 }), outcome({ code: 'incomprehensible', score: 0.3 })], policy()).suggestion.mainReason).toBe('off_topic');
    expect(decide([], policy()).suggestion.mainReason).toBeUndefined();
    // a score the check capped for too little evidence names nothing while a finding without that doubt is listed,
    // however low; alone, it is still the reason offered
    const capped = outcome({ check: 'wrong_language', code: 'wrong_language', score: 0.65, unsure: true });
    expect(decide([capped, outcome({ code: 'incomprehensible', score: 0.49 })], policy()).suggestion.mainReason).toBe('incomprehensible');
    expect(decide([capped, outcome({ code: 'off_topic', score: 0.1 })], policy()).suggestion.mainReason).toBe('off_topic');
    expect(decide([capped, outcome({ code: 'off_topic', score: 0.05 })], policy()).suggestion.mainReason).toBe('wrong_language');
    expect(decide([capped], policy()).suggestion.mainReason).toBe('wrong_language');
  });
  it('review_all: nothing is decided automatically, the suggestion is still there', () => {
    const d = decide([outcome({ code: 'too_long', score: 1, certain: true, canAutoReject: true })], policy({ mode: 'review_all' }));
    expect(d).toMatchObject({ status: 'pending_review', automatic: null, suggestion: { outcome: 'reject' } });
    expect(decide([], policy({ mode: 'review_all' })).status).toBe('pending_review');
  });
  it('review_rejections: acceptances are automatic, rejections wait for a human', () => {
    expect(decide([], policy({ mode: 'review_rejections' })).status).toBe('accepted');
    expect(decide([outcome({ code: 'too_long', score: 1, certain: true, canAutoReject: true })], policy({ mode: 'review_rejections' })).status).toBe('pending_review');
  });
  it('a shadow check is reported but changes nothing', () => {
    const d = decide([outcome({ score: 0.99, shadow: true })], policy());
    expect(d.status).toBe('accepted');
    expect(d.suggestion.reasons[0]).toMatchObject({ code: 'toxic', shadow: true });
  });
});
