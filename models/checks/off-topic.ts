import type { SupportedLanguage } from '../text/languages/registry.js';
import { joinParts, message, quoted, share } from './messages.js';
import type { Check, OffTopicEvidence } from './types.js';

/** The proposal does not answer the consultation's question. The score is the calibrated probability of the
 * consultation's off-topic model (models/offtopic/); it rejects alone only from the threshold learnt from
 * this consultation's decisions at precision ≥ 0.99, so by default its findings go to a moderator. */
export const offTopicCheck: Check = {
  id: 'off_topic',
  kind: 'scored',
  autoRejectAt: Infinity,
  reads: ['offTopic'],
  // more likely off topic than not: it names a refusal a rule decided when no more severe finding does
  // (bench:main-reason: 95.7 % of the prefixed "monde d'après" refusals named right, 92.0 % if it never names)
  namesRefusalAt: 0.5,
  run({ evidence, consultation }) {
    const found = evidence.offTopic;
    if (!found) return null;
    const needsReview = found.reviewAt !== null && found.probability >= found.reviewAt;
    return {
      code: 'off_topic',
      score: found.probability,
      detail: explain(found, needsReview, consultation.language),
      ...(found.autoRejectAt !== null ? { autoRejectAt: found.autoRejectAt } : {}),
      ...(needsReview ? { needsReview } : {}),
    };
  },
};

/** Why the proposal looks off topic, for a moderator: the words it shares with the question and whether refused
 * off-topic proposals resemble it — no model scores or thresholds (the page shows the finding's strength beside
 * it; the probability is said only when it is under 1 %, where "1 %" would read as nothing). */
export function explain(found: OffTopicEvidence, needsReview = false, language: SupportedLanguage = 'fr'): string {
  const why = [found.questionWords.length === 0
    ? message(language, 'offTopic.noQuestionWords')
    : message(language, 'offTopic.questionWords', { words: found.questionWords.slice(0, 3).map((w) => quoted(language, w)).join(', ') })];
  if (found.nearestOffTopic) why.push(message(language, 'offTopic.resemblesRefused', { text: found.nearestOffTopic.text }));
  // Sent to review at a low probability: the consultation asked to see such proposals; say so, in words.
  const p = found.probability < 0.01 ? ` (${share(language, found.probability, true)})` : '';
  const maybe = message(language, 'offTopic.maybe') + p;
  const likely = found.probability >= 0.5 ? message(language, 'offTopic.likely')
    : needsReview ? message(language, 'offTopic.toCheck', { text: maybe }) : maybe;
  return joinParts(language, [likely, ...why]);
}
