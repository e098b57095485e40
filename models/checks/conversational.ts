import type { SupportedLanguage } from '../text/languages/registry.js';
import { message, type MessageId } from './messages.js';
import type { Check } from './types.js';

/** `says`: the cue in a moderator's words, in the consultation's language (the page highlights what it quotes in the text) */
interface Cue { says: MessageId; weight: number; test(normalized: string, folded: string): boolean }

const HASHTAG: Cue = { says: 'conversational.hashtag', weight: 0.3, test: (n) => /[#@]\p{L}/u.test(n) };
const REPEATED_PUNCTUATION: Cue = { says: 'conversational.repeatedPunctuation', weight: 0.1, test: (n) => /!!|\?\?/.test(n) };
const ELLIPSIS_AT_END: Cue = { says: 'conversational.ellipsis', weight: 0.1, test: (n) => /(?:…|\.\.\.)$/.test(n) };
/** pictographs (not ©, ®, ™) and the common text emoticons, standing alone */
const EMOJI: Cue = { says: 'conversational.emoji', weight: 0.3, test: (n) => /(?![©®™])\p{Extended_Pictographic}|(?:^|\s)[:;]-?[()DPp](?=\s|$)/u.test(n) };
const QUESTION: Cue = { says: 'conversational.question', weight: 0.1, test: (n) => /\?\s*$/.test(n) };

/**
 * Marks of a chat message or a tweet rather than a proposal, per consultation language, each with the weight of its
 * evidence. Independent cues combine like the policy does; alone, most only lower the confidence of an acceptance,
 * together they send the text to a moderator.
 * - French (Make.org proposals, "Il faut…"): first- and second-person singular, hashtags and mentions occur in
 *   ≤ 0.1 % of good proposals but in a quarter of the toxic tweets; a lower-case start in none of the good ones.
 * - English and German (comments of Pol.is consultations, issue 14): first person is how such comments are written
 *   ("I think…", "Ich bin bereit…": a quarter of the accepted English ones), so it is no cue in English and a weak
 *   one in German; nor is a lower-case start in German (4 % of the accepted German comments, mostly short noun
 *   phrases: "mehr Wasserkraft"). Speaking to someone ("du", "euch", "you"), emojis, chat slang, a reply's opening
 *   ("Ja, …", "Danke…") and a closing question are the marks of a reply in a conversation, rare in proposals.
 * - Spanish and Italian (no labelled stream): the marks that hold in every language, and the second person.
 */
const CUES: Record<SupportedLanguage, readonly Cue[]> = {
  fr: [
    { says: 'conversational.firstPerson', weight: 0.3, test: (_, f) => /\b(?:je|j|moi)\b/.test(f) },
    // "t'" as an elision only: the euphonic t of "a-t-il" is not a "tu"
    { says: 'conversational.secondPerson', weight: 0.3, test: (n, f) => /\b(?:tu|toi|ton|tes)\b/.test(f) || /(?:^|[^\p{L}-])t'/iu.test(n) },
    HASHTAG,
    { says: 'conversational.lowercaseStart', weight: 0.12, test: (n) => /^\p{Ll}/u.test(n) },
    ELLIPSIS_AT_END,
    { says: 'conversational.spoken', weight: 0.05, test: (_, f) => /\bc est\b/.test(f) },
    REPEATED_PUNCTUATION,
  ],
  en: [
    { says: 'conversational.secondPerson', weight: 0.3, test: (_, f) => /\b(?:you|your|yours|yourself)\b/.test(f) },
    HASHTAG,
    EMOJI,
    { says: 'conversational.chatSlang', weight: 0.3, test: (_, f) => /\b(?:lol|lmao|rofl|omg|wtf|haha\w*|gonna|wanna|yeah|yep|nope|dude|imo|imho|btw)\b/.test(f) },
    { says: 'conversational.lowercaseStart', weight: 0.05, test: (n) => /^\p{Ll}/u.test(n) },
    QUESTION,
    ELLIPSIS_AT_END,
    REPEATED_PUNCTUATION,
  ],
  de: [
    { says: 'conversational.firstPerson', weight: 0.08, test: (_, f) => /\b(?:ich|mich|mir)\b/.test(f) },
    { says: 'conversational.secondPerson', weight: 0.3, test: (_, f) => /\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure|euren|eurem|eurer)\b/.test(f) },
    HASHTAG,
    EMOJI,
    { says: 'conversational.chatSlang', weight: 0.2, test: (_, f) => /\b(?:nix|nee|naja|tja|jo|joa|gell|lol|omg)\b/.test(f) },
    { says: 'conversational.replyOpening', weight: 0.15, test: (n) => /^(?:(?:ja|nein|nee|jein|genau|stimmt|klar|keineswegs|natürlich|eben)[,.!]|(?:danke|gerne)\b)/iu.test(n) },
    QUESTION,
    { says: 'conversational.ellipsis', weight: 0.1, test: (n) => /…|\.\.\./.test(n) },
    REPEATED_PUNCTUATION,
  ],
  es: [
    { says: 'conversational.secondPerson', weight: 0.3, test: (_, f) => /\b(?:tu|te|ti|tus|contigo)\b/.test(f) },
    HASHTAG,
    EMOJI,
    ELLIPSIS_AT_END,
    REPEATED_PUNCTUATION,
  ],
  it: [
    { says: 'conversational.secondPerson', weight: 0.3, test: (_, f) => /\b(?:tu|ti|te|tuo|tua|tuoi|tue)\b/.test(f) },
    HASHTAG,
    EMOJI,
    ELLIPSIS_AT_END,
    REPEATED_PUNCTUATION,
  ],
};

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
    const found = CUES[language].filter((c) => c.test(proposal.normalized, proposal.folded));
    if (found.length === 0) return null;
    const score = 1 - found.reduce((p, c) => p * (1 - c.weight), 1);
    return { code: 'off_topic', score, detail: message(language, 'conversational.looksLike', { cues: found.slice(0, 4).map((c) => message(language, c.says)).join(', ') }) };
  },
};
