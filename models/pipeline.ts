/**
 * THE TRIAGE PIPELINE, in one screen.
 *
 *   proposal ──normalise──▶ enrichers (batch look-ups) ──▶ checks (pure, in order) ──▶ policy ──▶ decision
 *
 * To add a check: write models/checks/<name>.ts honouring `Check`, add it to CHECKS below, and document
 * its thresholds in docs/QUALITY.md. To add evidence a check needs from Redis or a model: a typed field of
 * `TriageEvidence` (models/checks/types.ts), an `Enricher` that `provides` it, and the check `reads` it.
 */
import { advertisingCheck } from './checks/advertising.js';
import { conversationalCheck } from './checks/conversational.js';
import { exactDuplicateCheck } from './checks/exact-duplicate.js';
import { offTopicCheck } from './checks/off-topic.js';
import { lengthCheck } from './checks/length.js';
import { nearDuplicateCheck } from './checks/near-duplicate.js';
import { incomprehensibleCheck } from './checks/incomprehensible.js';
import { personalDataCheck } from './checks/personal-data.js';
import { prefixCheck } from './checks/prefix.js';
import { toxicCheck } from './checks/toxic.js';
import type { Check, CheckInput, CheckOutcome, EvidenceField } from './checks/types.js';
import { wrongLanguageCheck } from './checks/wrong-language.js';
import { message } from './checks/messages.js';
import { exactTextsEnricher } from './enrichers/exact-texts.js';
import { similarMeaningsEnricher } from './enrichers/similar-meanings.js';
import { MAX_SIMILAR, similarTextsEnricher } from './enrichers/similar-texts.js';
import { cpuBudget } from '../lib/cpu-clock.js';
import { offTopicEnricher } from './enrichers/off-topic.js';
import { suggestionCalibrationEnricher } from './enrichers/calibration.js';
import type { Enricher, EnricherDeps } from './enrichers/types.js';
import { decide, type PolicyDecision } from './policy.js';
import type { Consultation, Similar } from './schemas.js';
import { foldText, normalizeText } from './text/normalize.js';

/** Look-ups, run for a whole batch before the checks, in this order: an enricher runs after those that provide
 * what it reads (`evidenceGaps` below, checked by test/unit/rule-checks.test.ts). */
export const ENRICHERS: readonly Enricher[] = [
  exactTextsEnricher, //            → exactDuplicateOf
  similarTextsEnricher, //          → similar, nearestText
  similarMeaningsEnricher, //       similar → similar, sentenceVector (with an embedding model)
  offTopicEnricher, //              sentenceVector → offTopic
  suggestionCalibrationEnricher, // → suggestionCalibration (read by the policy)
];

/** What the policy reads of the evidence besides the checks' outcomes. */
export const POLICY_READS: readonly EvidenceField[] = ['suggestionCalibration'];

/** The checks, in the order a moderator would reason: form first, then content, then context. */
export const CHECKS: readonly Check[] = [
  lengthCheck,
  prefixCheck,
  wrongLanguageCheck,
  incomprehensibleCheck,
  toxicCheck,
  personalDataCheck,
  advertisingCheck,
  conversationalCheck,
  exactDuplicateCheck,
  nearDuplicateCheck,
  offTopicCheck,
];

export interface TriageResult extends PolicyDecision {
  similar: Similar[];
  outcomes: CheckOutcome[];
}

export function prepareInput(p: { id: string; externalId: string; text: string }, consultation: Consultation): CheckInput {
  const normalized = normalizeText(p.text);
  return {
    proposal: { id: p.id, externalId: p.externalId, text: p.text, normalized, folded: foldText(normalized) },
    consultation,
    evidence: { similar: [], modelVersions: {} },
  };
}

export async function enrich(batch: CheckInput[], deps: EnricherDeps, enrichers: readonly Enricher[] = ENRICHERS): Promise<void> {
  const settings = batch[0]?.consultation.policy.checks;
  if (!settings) return;
  for (const enricher of enrichers) {
    if (enricher.onlyFor?.every((check) => settings[check]?.enabled === false)) continue;
    await enricher.enrich(batch, deps);
  }
}

/** Each piece of evidence read before an enricher provides it: by an enricher from a later (or no) enricher, by a
 * check or the policy from no enricher. Empty for the pipeline above. */
export function evidenceGaps(enrichers: readonly Enricher[] = ENRICHERS, checks: readonly Check[] = CHECKS): string[] {
  const gaps: string[] = [];
  const provided = new Set<EvidenceField>();
  for (const enricher of enrichers) {
    for (const field of enricher.reads ?? []) if (!provided.has(field)) gaps.push(`enricher ${enricher.id} reads ${field} before any enricher provides it`);
    for (const field of enricher.provides) provided.add(field);
  }
  for (const check of checks) {
    for (const field of check.reads ?? []) if (!provided.has(field)) gaps.push(`check ${check.id} reads ${field}, which no enricher provides`);
  }
  for (const field of POLICY_READS) if (!provided.has(field)) gaps.push(`the policy reads ${field}, which no enricher provides`);
  return gaps;
}

/** The check id under which a proposal whose checks ran out of time is reported. */
export const TIME_BUDGET = 'time_budget';

/** Runs the checks in order. `budgetMs`: how much CPU time one proposal's checks may take (the thread's, not the
 * wall clock's: an overloaded machine must not change a decision, lib/cpu-clock.ts); past it the remaining checks
 * are skipped and the proposal goes to a moderator saying so (a check is not interrupted: each is linear in the
 * text's length, bench/cpu.ts, so the budget is overrun by one check at most). */
export function runChecks(input: CheckInput, checks: readonly Check[] = CHECKS, budgetMs = Infinity): CheckOutcome[] {
  const settings = input.consultation.policy.checks;
  const outcomes: CheckOutcome[] = [];
  const spent = cpuBudget(budgetMs);
  for (const check of checks) {
    const own = settings[check.id];
    if (own?.enabled === false) continue;
    if (spent()) {
      outcomes.push({
        check: TIME_BUDGET, code: 'other', score: 0.5, needsReview: true, certain: false, canAutoReject: false, shadow: false,
        detail: message(input.consultation.language, 'triage.interrupted', { ms: String(budgetMs), check: check.id }),
      });
      break;
    }
    const found = check.run(input);
    if (!found) continue;
    const { autoRejectAt, ...result } = found;
    const certain = check.kind === 'rule' && result.score >= 1;
    const shadow = own?.shadow === true;
    const canAutoReject = !shadow && own?.autoDecide !== false && (certain || result.score >= (autoRejectAt ?? check.autoRejectAt));
    const naming = check.namesRefusalAt === undefined ? {} : { namesRefusalAt: check.namesRefusalAt };
    outcomes.push({ ...result, check: check.id, certain, canAutoReject, shadow, ...naming });
  }
  return outcomes;
}

export function triage(input: CheckInput, checks: readonly Check[] = CHECKS, budgetMs = Infinity): TriageResult {
  const outcomes = runChecks(input, checks, budgetMs);
  const decision = decide(outcomes, input.consultation.policy, input.evidence.modelVersions, input.evidence.suggestionCalibration);
  return { ...decision, outcomes, similar: similarOf(input) };
}

/** The best earlier matches, an exact copy first, the proposal itself never. */
function similarOf({ proposal, evidence }: CheckInput): Similar[] {
  const all = evidence.exactDuplicateOf ? [evidence.exactDuplicateOf, ...evidence.similar] : evidence.similar;
  const seen = new Set<string>([proposal.id]);
  const out: Similar[] = [];
  for (const s of all) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(s);
  }
  return out.sort((a, b) => b.similarity - a.similarity).slice(0, MAX_SIMILAR);
}
