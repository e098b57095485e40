import { chatCues, chatScore } from '../text/register.js';
import { message } from './messages.js';
import type { Check } from './types.js';

/**
 * A conversational message (tweet, chat, reply), not a proposal answering the consultation's question: the marks
 * of models/text/register.ts, named in the consultation's language (the page highlights what it quotes in the
 * text). Alone, most only lower the confidence of an acceptance; together they send the text to a moderator.
 */
export const conversationalCheck: Check = {
  id: 'conversational',
  kind: 'scored',
  // style alone never decides: at best it tells a moderator what the text looks like
  autoRejectAt: Infinity,
  // two cues or more (≥ 0.4): a tweet or an everyday sentence, not a proposal, for 45 of 46 such rows of the
  // prefixed dev streams, none of them a good proposal; so it names a refusal that a rule decided
  namesRefusalAt: 0.4,
  run({ proposal, consultation }) {
    const language = consultation.language;
    const found = chatCues(proposal.normalized, proposal.folded, language);
    if (found.length === 0) return null;
    const cues = found.slice(0, 4).map((c) => message(language, `conversational.${c.id}`)).join(', ');
    return { code: 'off_topic', score: chatScore(found), detail: message(language, 'conversational.looksLike', { cues }) };
  },
};
