import type { OffTopicEvidence } from '../enrichers/off-topic.js';
import { MODEL_ID } from '../offtopic/model.js';
import type { Check } from './types.js';

/** The proposal does not answer the consultation's question. The score is the calibrated probability of the
 * consultation's off-topic model (models/offtopic/); it rejects alone only from the threshold learnt from
 * this consultation's decisions at precision ≥ 0.99, so by default its findings go to a moderator. */
export const offTopicCheck: Check = {
  id: 'off_topic',
  kind: 'scored',
  autoRejectAt: Infinity,
  run({ evidence }) {
    const found = evidence.extra[MODEL_ID] as OffTopicEvidence | undefined;
    if (!found) return null;
    return {
      code: 'off_topic',
      score: found.probability,
      detail: explain(found),
      ...(found.autoRejectAt !== null ? { autoRejectAt: found.autoRejectAt } : {}),
      ...(found.reviewAt !== null && found.probability >= found.reviewAt ? { needsReview: true } : {}),
    };
  },
};

export function explain(found: OffTopicEvidence): string {
  const why = [found.questionWords.length === 0
    ? 'aucun mot lié à la question'
    : `mots liés à la question : ${found.questionWords.slice(0, 3).map((w) => `« ${w} »`).join(', ')}`];
  if (found.semantic) {
    const { question, accepted } = found.semantic;
    why.push(`proximité de sens avec la question : ${question.toFixed(2)}${accepted === null ? '' : `, avec les propositions acceptées : ${accepted.toFixed(2)}`}`);
  }
  if (found.nearestOffTopic) why.push(`proche de propositions refusées comme hors-sujet : « ${found.nearestOffTopic.text} »`);
  return `hors-sujet probable à ${Math.round(found.probability * 100)} % : ${why.join(' ; ')}`;
}
