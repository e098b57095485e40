/**
 * The contract every triage check honours. A check is a small pure function: it reads the proposal, its
 * consultation and the evidence the enrichers gathered, and reports a score in 0..1 (how strongly the
 * proposal should be refused for `code`), a reason code and a detail a moderator reads at a glance.
 * A check never decides: models/policy.ts turns the results into accept / reject / review.
 */
import type { Consultation, ReasonCode, Similar } from '../schemas.js';

export interface TriageProposal {
  id: string;
  externalId: string;
  /** as sent by the platform */
  text: string;
  /** NFC, invisible characters removed, spaces and apostrophes unified */
  normalized: string;
  /** lower case, no accents, no punctuation: for matching */
  folded: string;
}

/** What the enrichers (Redis look-ups, indexes, models) found for one proposal before the checks run. */
export interface TriageEvidence {
  /** an earlier proposal of the consultation with the same folded text (first one wins) */
  exactDuplicateOf?: Similar;
  /** the best earlier matches, best first, at most 5 */
  similar: Similar[];
  /** versions of the models that produced evidence, stored with the suggestion */
  modelVersions: Record<string, string>;
  /** room for evidence added by other enrichers, keyed by enricher id */
  extra: Record<string, unknown>;
}

export interface CheckInput {
  proposal: TriageProposal;
  consultation: Consultation;
  evidence: TriageEvidence;
}

export interface CheckResult {
  code: ReasonCode;
  /** 0 = nothing wrong, 1 = certainly to refuse for `code` */
  score: number;
  /** one line for a moderator, in the consultation's language */
  detail: string;
  /** a threshold learnt for this consultation, overriding the check's `autoRejectAt` */
  autoRejectAt?: number;
  /** a moderator must see the proposal, whatever the combined confidence (a learnt recall threshold) */
  needsReview?: boolean;
}

export interface Check {
  /** stable id, used in per-consultation settings (policy.checks) and in stats */
  id: string;
  /** A deterministic rule (length, prefix, exact copy): a failure is certain and may be rejected
   * automatically. A scored check (model, lexicon) rejects alone only from `autoRejectAt` on. */
  kind: 'rule' | 'scored';
  /** for scored checks: the score from which the check may reject without a human, chosen from measured
   * precision (see docs/QUALITY.md); Infinity = never alone */
  autoRejectAt: number;
  /** the score from which this check's finding names a refusal that another check decided (a toxic tweet refused
   * for its missing prefix is refused as toxic), chosen where the finding's reason is right ≥ 95 % of the time
   * (docs/QUALITY.md); default: the policy's NAMES_REFUSAL_AT */
  namesRefusalAt?: number;
  run(input: CheckInput): CheckResult | null;
}

/** A check's result with what the policy needs to know about the check that produced it. */
export interface CheckOutcome extends CheckResult {
  check: string;
  certain: boolean;
  canAutoReject: boolean;
  shadow: boolean;
  /** the check's own `namesRefusalAt`, when it has one */
  namesRefusalAt?: number;
}
