import { percent } from './detail.js';
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
  run({ evidence }) {
    const found = evidence.offTopic;
    if (!found) return null;
    const needsReview = found.reviewAt !== null && found.probability >= found.reviewAt;
    return {
      code: 'off_topic',
      score: found.probability,
      detail: explain(found, needsReview),
      ...(found.autoRejectAt !== null ? { autoRejectAt: found.autoRejectAt } : {}),
      ...(needsReview ? { needsReview } : {}),
    };
  },
};

export function explain(found: OffTopicEvidence, needsReview = false): string {
  const why = [found.questionWords.length === 0
    ? 'aucun mot lié à la question'
    : `mots liés à la question : ${found.questionWords.slice(0, 3).map((w) => `« ${w} »`).join(', ')}`];
  if (found.semantic) {
    const { question, accepted } = found.semantic;
    why.push(`proximité de sens avec la question : ${question.toFixed(2)}${accepted === null ? '' : `, avec les propositions acceptées : ${accepted.toFixed(2)}`}`);
  }
  if (found.nearestOffTopic) why.push(`proche de propositions refusées comme hors-sujet : « ${found.nearestOffTopic.text} »`);
  // Sent to review by the consultation's learnt review point: say so, since the probability alone looks harmless.
  const review = needsReview && found.reviewAt !== null ? ` (seuil de revue de la consultation : ${percent(found.reviewAt, true)})` : '';
  return `hors-sujet probable à ${percent(found.probability, true)}${review} : ${why.join(' ; ')}`;
}
