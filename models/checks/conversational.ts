import { chatCues, chatScore } from '../text/register.js';
import type { Check } from './types.js';

/**
 * A conversational message (tweet, chat, reply), not a proposal answering the consultation's question: the marks
 * of models/text/register.ts. Alone, most only lower the confidence of an acceptance; together they send the text
 * to a moderator.
 */
export const conversationalCheck: Check = {
  id: 'conversational',
  kind: 'scored',
  // style alone never decides: at best it tells a moderator what the text looks like
  autoRejectAt: Infinity,
  // two cues or more (≥ 0.4): a tweet or an everyday sentence, not a proposal, for 45 of 46 such rows of the
  // prefixed dev streams, none of them a good proposal; so it names a refusal that a rule decided
  namesRefusalAt: 0.4,
  run({ proposal }) {
    const found = chatCues(proposal.normalized, proposal.folded);
    if (found.length === 0) return null;
    return { code: 'off_topic', score: chatScore(found), detail: `ressemble à un message de conversation plutôt qu’à une proposition : ${found.slice(0, 4).map((c) => c.says).join(', ')}` };
  },
};
