/**
 * The decision policy: turns check outcomes into a suggestion (always) and an automatic decision (when the
 * consultation's policy allows it). Checks never decide alone; this is the one place that does.
 */
import type { CheckOutcome } from './checks/types.js';
import type { Outcome, Policy, ProposalStatus, Reason, ReasonCode, Suggestion } from './schemas.js';
import { calibrateAccept, NO_REASON, type SuggestionCalibration } from './suggestion-calibration.js';

/** Results below this score are not worth a moderator's attention and are not listed as reasons, unless the check
 * itself sends the proposal to review (a review point learnt below it): a moderator must see why it is there. */
export const REPORT_AT = 0.1;

/** A finding this strong names the refusal even when another check decided it (a toxic tweet that also lacks
 * "Il faut" is refused as toxic, not for its missing prefix); a check whose reason is reliable from a lower score
 * says so with its own `namesRefusalAt`. */
export const NAMES_REFUSAL_AT = 0.8;

/** Among the findings strong enough to name a refusal, the most severe names it: harm to people first (insults,
 * personal data, advertising), then what the text is (another language, a repeat, unreadable, beside the
 * question), the form rules last — a text without "Il faut" is usually refused for what it says, and the missing
 * prefix comes with it (bench/main-reason.ts: the main reason is the moderators' for 95.7–98.5 % of the dev
 * streams' refusals whose reason a check reported, against 83.6–94.0 % with the form rules first). */
const REASON_PRIORITY: readonly ReasonCode[] = [
  'toxic', 'personal_data', 'advertising', 'wrong_language', 'duplicate', 'incomprehensible', 'off_topic',
  'too_short', 'too_long', 'missing_prefix', 'other',
];

export interface PolicyDecision {
  suggestion: Suggestion;
  status: Extract<ProposalStatus, 'accepted' | 'rejected' | 'pending_review'>;
  automatic: { outcome: Outcome; reason: ReasonCode | null } | null;
}

function byPriority(a: CheckOutcome, b: CheckOutcome): number {
  return REASON_PRIORITY.indexOf(a.code) - REASON_PRIORITY.indexOf(b.code);
}

export function byStrength(a: CheckOutcome, b: CheckOutcome): number {
  return b.score - a.score || byPriority(a, b);
}

/** The reason that names a refusal: among the findings able to decide or strong enough to name one, the one that
 * tells most (an insult or a foreign language before the missing "Il faut" that comes with it); else the strongest
 * listed finding, one whose score measures its evidence before one the check capped for too little evidence
 * (`unsure`: "lol ok ptdr" is foreign to both language models, sure of none, and SMS filler to incomprehensible,
 * whose score is halved for it — the capped 0.65 outranked it, though the check's own rule is that such a finding
 * names no refusal). Automatic refusals file it, and a moderator's `r` `Entrée` files it too
 * (Suggestion.mainReason); the moderator page pre-selects it. */
function namingReason(active: readonly CheckOutcome[]): CheckOutcome | undefined {
  const listed = (o: CheckOutcome) => o.score >= REPORT_AT || o.needsReview;
  return active.filter((o) => o.canAutoReject || o.score >= (o.namesRefusalAt ?? NAMES_REFUSAL_AT)).sort(byPriority)[0]
    ?? active.find((o) => listed(o) && !o.unsure) ?? active.find(listed);
}

export function decide(outcomes: CheckOutcome[], policy: Policy, modelVersions: Record<string, string> = {},
  calibration?: SuggestionCalibration): PolicyDecision {
  const ranked = [...outcomes].sort(byStrength);
  const active = ranked.filter((o) => !o.shadow);
  // Independent evidence combines: the proposal is fine only if no active check is right about it.
  const acceptProbability = active.reduce((p, o) => p * (1 - o.score), 1);
  const outcome: Outcome = acceptProbability <= 0.5 ? 'reject' : 'accept';
  const confidence = outcome === 'reject' ? 1 - acceptProbability : acceptProbability;
  const listed = ranked.filter((o) => o.score >= REPORT_AT || o.needsReview);
  // weak findings that together keep the confidence under the threshold (a chat cue of 0.1 and an off-topic score
  // of 0.05) send the proposal to a moderator: they are what a moderator must see, none being listed on its own
  const lowered = listed.length === 0 && outcome === 'accept' && confidence < policy.autoAcceptConfidence;
  const reasons: Reason[] = (lowered ? active.filter((o) => o.score > 0) : listed).map(toReason);
  const named = namingReason(active);
  const suggestion: Suggestion = {
    outcome,
    confidence: round(confidence),
    reasons,
    ...(named ? { mainReason: named.code } : {}),
    ...(Object.keys(modelVersions).length > 0 ? { modelVersions } : {}),
  };

  // Every automatic decision below reads the raw evidence; only a proposal left to a moderator gets the
  // recalibrated confidence, learnt from moderators' decisions on proposals like it.
  const review = (): PolicyDecision => ({ suggestion: calibration ? recalibrated(suggestion, acceptProbability, active, calibration) : suggestion, status: 'pending_review', automatic: null });
  if (policy.mode === 'review_all') return review();
  if (outcome === 'reject') {
    const decisive = active.find((o) => o.canAutoReject);
    if (policy.mode !== 'auto' || !decisive) return review();
    return { suggestion, status: 'rejected', automatic: { outcome: 'reject', reason: (named ?? decisive).code } };
  }
  if (confidence >= policy.autoAcceptConfidence && !active.some((o) => o.needsReview)) {
    return { suggestion, status: 'accepted', automatic: { outcome: 'accept', reason: null } };
  }
  return review();
}

/** The main reason a moderator sees (the strongest active finding, when listed) picks the map. */
export function calibrationGroup(active: readonly CheckOutcome[]): string {
  const top = active[0];
  return top && top.score >= REPORT_AT ? top.code : NO_REASON;
}

/** A review suggestion with its P(accept) recalibrated: the outcome follows the calibrated probability (a
 * suggestion "accept at 0.4" would contradict itself), the raw value and the map's version are kept. */
function recalibrated(raw: Suggestion, acceptProbability: number, active: readonly CheckOutcome[], { map, version }: SuggestionCalibration): Suggestion {
  const group = calibrationGroup(active);
  const p = calibrateAccept(map, acceptProbability, group);
  const outcome: Outcome = p <= 0.5 ? 'reject' : 'accept';
  return {
    ...raw,
    outcome,
    confidence: round(outcome === 'reject' ? 1 - p : p),
    modelVersions: { ...raw.modelVersions, calibration: version },
    calibration: { rawAcceptProbability: round(acceptProbability), group, version },
  };
}

function toReason(o: CheckOutcome): Reason {
  return { code: o.code, score: round(o.score), detail: o.detail, check: o.check, ...(o.language ? { language: o.language } : {}), ...(o.shadow ? { shadow: true } : {}) };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
