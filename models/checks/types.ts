/**
 * The contract every triage check honours. A check is a small pure function: it reads the proposal, its
 * consultation and the evidence the enrichers gathered, and reports a score in 0..1 (how strongly the
 * proposal should be refused for `code`), a reason code and a detail a moderator reads at a glance.
 * A check never decides: models/policy.ts turns the results into accept / reject / review.
 */
import type { SemanticScores } from '../offtopic/semantic.js';
import type { Consultation, ReasonCode, Similar } from '../schemas.js';
import type { SuggestionCalibration } from '../suggestion-calibration.js';

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

/** What the enrichers (Redis look-ups, indexes, models) found for one proposal before the checks run. Each field
 * is provided by the enrichers that declare it in `Enricher.provides` and read by the checks (and enrichers) that
 * declare it in `reads`; models/pipeline.ts orders the enrichers so that a field is provided before it is read. */
export interface TriageEvidence {
  /** exact_texts: an earlier proposal of the consultation with the same folded text (first one wins) */
  exactDuplicateOf?: Similar;
  /** similar_texts, then similar_meanings: the best earlier matches, best first, at most 5 */
  similar: Similar[];
  /** similar_texts: the earlier proposal closest character-wise */
  nearestText?: NearestText;
  /** similar_meanings (with an embedding model): the proposal's sentence vector */
  sentenceVector?: Float32Array;
  /** off_topic: what the consultation's off-topic model says */
  offTopic?: OffTopicEvidence;
  /** calibration: the consultation's recalibration of review suggestions, for the policy */
  suggestionCalibration?: SuggestionCalibration;
  /** versions of the models that produced evidence, stored with the suggestion */
  modelVersions: Record<string, string>;
}

/** A piece of evidence an enricher provides and a check reads. */
export type EvidenceField = Exclude<keyof TriageEvidence, 'modelVersions'>;

/** What the near-duplicate check reads: the earlier proposal closest character-wise. */
export interface NearestText {
  of: Similar;
  /** character-bigram Dice of the folded texts, in 0..1 */
  dice: number;
  /** the two texts differ in a negation or a number: never a plain copy */
  meaningDiffers: boolean;
  /** the differences are a copier's (typos, dropped words, order, function words), no content word replaced */
  copyEdit: boolean;
  /** one text is the other's words shuffled (a word salad and the text it was made of): no copy of each other */
  shuffled: boolean;
}

/** What the off_topic check reads. */
export interface OffTopicEvidence {
  /** calibrated probability that moderators would reject the proposal as off topic */
  probability: number;
  /** the proposal's words that belong to the question or the consultation's keywords */
  questionWords: string[];
  /** the closest earlier proposal rejected as off topic, when close enough to show */
  nearestOffTopic: { text: string; similarity: number } | null;
  /** learnt threshold of automatic rejection for this consultation; null = always a moderator */
  autoRejectAt: number | null;
  /** learnt score from which a moderator must see it (recall target; until the learner has fitted one, the same
   * rule over this batch and the last recorded scores); null = the policy decides alone */
  reviewAt: number | null;
  /** with an embedding model: closeness in meaning to the question and to the accepted proposals */
  semantic?: SemanticScores;
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
  /** wrong_language, when both models call the text foreign and one is sure of its language on enough text (or the
   * text is in another script that fastText's guess or the script itself tells the language of): the language it is
   * written in (BCP 47), which the moderator page marks it with */
  language?: string;
  /** the score is a ceiling the check put on too little evidence, not a measure of it (wrong_language when no model
   * is sure of a language on enough text, UNSURE_AT_MOST): the finding is listed for a moderator but names neither
   * a refusal nor the reason the moderator page pre-selects while another listed finding has no such doubt */
  unsure?: boolean;
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
  /** the evidence the check reads (models/pipeline.ts makes sure an enricher provides it) */
  reads?: readonly EvidenceField[];
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
