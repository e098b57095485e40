import { message, type MessageId } from './messages.js';
import type { Check } from './types.js';

/** `says`: the cue in a moderator's words, in the consultation's language (the page highlights what it quotes in the text) */
interface Cue { says: MessageId; weight: number; test(normalized: string, folded: string): boolean }

/**
 * Marks of a chat message or a tweet rather than a proposal, each with the weight of its evidence (dev data:
 * first- and second-person singular, hashtags and mentions occur in ≤ 0.1 % of good proposals but in a quarter
 * of the toxic tweets; a lower-case start in none of the good ones). Independent cues combine like the policy
 * does; alone, most only lower the confidence of an acceptance, together they send the text to a moderator.
 */
const CUES: readonly Cue[] = [
  { says: 'conversational.firstPerson', weight: 0.3, test: (_, f) => /\b(?:je|j|moi)\b/.test(f) },
  // "t'" as an elision only: the euphonic t of "a-t-il" is not a "tu"
  { says: 'conversational.secondPerson', weight: 0.3, test: (n, f) => /\b(?:tu|toi|ton|tes)\b/.test(f) || /(?:^|[^\p{L}-])t'/iu.test(n) },
  { says: 'conversational.hashtag', weight: 0.3, test: (n) => /[#@]\p{L}/u.test(n) },
  { says: 'conversational.lowercaseStart', weight: 0.12, test: (n) => /^\p{Ll}/u.test(n) },
  { says: 'conversational.ellipsis', weight: 0.1, test: (n) => /(?:…|\.\.\.)$/.test(n) },
  { says: 'conversational.spoken', weight: 0.05, test: (_, f) => /\bc est\b/.test(f) },
  { says: 'conversational.repeatedPunctuation', weight: 0.1, test: (n) => /!!|\?\?/.test(n) },
];

/** A conversational message (tweet, chat, reply), not a proposal answering the consultation's question. */
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
    const found = CUES.filter((c) => c.test(proposal.normalized, proposal.folded));
    if (found.length === 0) return null;
    const score = 1 - found.reduce((p, c) => p * (1 - c.weight), 1);
    return { code: 'off_topic', score, detail: message(language, 'conversational.looksLike', { cues: found.slice(0, 4).map((c) => message(language, c.says)).join(', ') }) };
  },
};
