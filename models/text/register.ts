/**
 * The register of a text: the marks of a chat message or a tweet rather than a proposal, per consultation language,
 * each with the weight of its evidence. Read by the conversational check (which reports the register itself) and,
 * in French, by the checks whose finding depends on it: what a chat message says of a group of people (toxic), a
 * chat message that says the writer gives up (incomprehensible).
 * - French (Make.org proposals, "Il faut…"): first- and second-person singular, hashtags and mentions occur in
 *   ≤ 0.1 % of good proposals but in a quarter of the toxic tweets; a lower-case start in none of the good ones.
 * - English and German (comments of Pol.is consultations, issue 14): first person is how such comments are written
 *   ("I think…", "Ich bin bereit…": a quarter of the accepted English ones), so it is no cue in English and a weak
 *   one in German; nor is a lower-case start in German (4 % of the accepted German comments, mostly short noun
 *   phrases: "mehr Wasserkraft"). Speaking to someone ("du", "euch", "you"), emojis, chat slang, a reply's opening
 *   ("Ja, …", "Danke…") and a closing question are the marks of a reply in a conversation, rare in proposals.
 * - Spanish and Italian (no labelled stream): the marks that hold in every language, and the second person.
 */
import type { SupportedLanguage } from './languages/registry.js';

/** `id`: the cue's name; the conversational check words it for a moderator (messages.ts, `conversational.<id>`) */
export type RegisterCueId = 'firstPerson' | 'secondPerson' | 'hashtag' | 'lowercaseStart' | 'ellipsis' | 'spoken' | 'repeatedPunctuation'
  | 'emoji' | 'chatSlang' | 'question' | 'replyOpening';
export interface RegisterCue { id: RegisterCueId; weight: number; test(normalized: string, folded: string): boolean }

const HASHTAG: RegisterCue = { id: 'hashtag', weight: 0.3, test: (n) => /[#@]\p{L}/u.test(n) };
const REPEATED_PUNCTUATION: RegisterCue = { id: 'repeatedPunctuation', weight: 0.1, test: (n) => /!!|\?\?/.test(n) };
const ELLIPSIS_AT_END: RegisterCue = { id: 'ellipsis', weight: 0.1, test: (n) => /(?:…|\.\.\.)$/.test(n) };
/** pictographs (not ©, ®, ™) and the common text emoticons, standing alone */
const EMOJI: RegisterCue = { id: 'emoji', weight: 0.3, test: (n) => /(?![©®™])\p{Extended_Pictographic}|(?:^|\s)[:;]-?[()DPp](?=\s|$)/u.test(n) };
const QUESTION: RegisterCue = { id: 'question', weight: 0.1, test: (n) => /\?\s*$/.test(n) };

export const CHAT_CUES: Readonly<Record<SupportedLanguage, readonly RegisterCue[]>> = {
  fr: [
    { id: 'firstPerson', weight: 0.3, test: (_, f) => /\b(?:je|j|moi)\b/.test(f) },
    // "t'" as an elision only: the euphonic t of "a-t-il" is not a "tu"
    { id: 'secondPerson', weight: 0.3, test: (n, f) => /\b(?:tu|toi|ton|tes)\b/.test(f) || /(?:^|[^\p{L}-])t'/iu.test(n) },
    HASHTAG,
    { id: 'lowercaseStart', weight: 0.12, test: (n) => /^\p{Ll}/u.test(n) },
    ELLIPSIS_AT_END,
    { id: 'spoken', weight: 0.05, test: (_, f) => /\bc est\b/.test(f) },
    REPEATED_PUNCTUATION,
  ],
  en: [
    { id: 'secondPerson', weight: 0.3, test: (_, f) => /\b(?:you|your|yours|yourself)\b/.test(f) },
    HASHTAG,
    EMOJI,
    { id: 'chatSlang', weight: 0.3, test: (_, f) => /\b(?:lol|lmao|rofl|omg|wtf|haha\w*|gonna|wanna|yeah|yep|nope|dude|imo|imho|btw)\b/.test(f) },
    { id: 'lowercaseStart', weight: 0.05, test: (n) => /^\p{Ll}/u.test(n) },
    QUESTION,
    ELLIPSIS_AT_END,
    REPEATED_PUNCTUATION,
  ],
  de: [
    { id: 'firstPerson', weight: 0.08, test: (_, f) => /\b(?:ich|mich|mir)\b/.test(f) },
    { id: 'secondPerson', weight: 0.3, test: (_, f) => /\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure|euren|eurem|eurer)\b/.test(f) },
    HASHTAG,
    EMOJI,
    { id: 'chatSlang', weight: 0.2, test: (_, f) => /\b(?:nix|nee|naja|tja|jo|joa|gell|lol|omg)\b/.test(f) },
    { id: 'replyOpening', weight: 0.15, test: (n) => /^(?:(?:ja|nein|nee|jein|genau|stimmt|klar|keineswegs|natürlich|eben)[,.!]|(?:danke|gerne)\b)/iu.test(n) },
    QUESTION,
    { id: 'ellipsis', weight: 0.1, test: (n) => /…|\.\.\./.test(n) },
    REPEATED_PUNCTUATION,
  ],
  es: [
    { id: 'secondPerson', weight: 0.3, test: (_, f) => /\b(?:tu|te|ti|tus|contigo)\b/.test(f) },
    HASHTAG,
    EMOJI,
    ELLIPSIS_AT_END,
    REPEATED_PUNCTUATION,
  ],
  it: [
    { id: 'secondPerson', weight: 0.3, test: (_, f) => /\b(?:tu|ti|te|tuo|tua|tuoi|tue)\b/.test(f) },
    HASHTAG,
    EMOJI,
    ELLIPSIS_AT_END,
    REPEATED_PUNCTUATION,
  ],
};

/** Cues at least this strong say "chat message" on their own; "c'est" alone does not. */
const CHAT_CUE_WEIGHT = 0.1;

export function chatCues(normalized: string, folded: string, language: SupportedLanguage): RegisterCue[] {
  return CHAT_CUES[language].filter((c) => c.test(normalized, folded));
}

/** Independent cues combine like the policy does. */
export function chatScore(cues: readonly RegisterCue[]): number {
  return 1 - cues.reduce((p, c) => p * (1 - c.weight), 1);
}

/** Written like a chat message: at least one cue that says so on its own (no accepted proposal of the French dev
 * streams has one). */
export function readsAsChat(normalized: string, folded: string, language: SupportedLanguage): boolean {
  return CHAT_CUES[language].some((c) => c.weight >= CHAT_CUE_WEIGHT && c.test(normalized, folded));
}
