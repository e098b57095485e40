/**
 * The register of a text: the marks of a chat message or a tweet rather than a proposal, each with the weight of
 * its evidence (dev data: first- and second-person singular, hashtags and mentions occur in ≤ 0.1 % of good
 * proposals but in a quarter of the toxic tweets; a lower-case start in none of the good ones). Read by the
 * conversational check (which reports the register itself) and by the checks whose finding depends on it: what a
 * chat message says of a group of people (toxic), a chat message that says the writer gives up (incomprehensible).
 * French only, as the cues are.
 */

/** `id`: the cue's name; the conversational check words it for a moderator (messages.ts, `conversational.<id>`) */
export type RegisterCueId = 'firstPerson' | 'secondPerson' | 'hashtag' | 'lowercaseStart' | 'ellipsis' | 'spoken' | 'repeatedPunctuation';
export interface RegisterCue { id: RegisterCueId; weight: number; test(normalized: string, folded: string): boolean }

export const CHAT_CUES: readonly RegisterCue[] = [
  { id: 'firstPerson', weight: 0.3, test: (_, f) => /\b(?:je|j|moi)\b/.test(f) },
  // "t'" as an elision only: the euphonic t of "a-t-il" is not a "tu"
  { id: 'secondPerson', weight: 0.3, test: (n, f) => /\b(?:tu|toi|ton|tes)\b/.test(f) || /(?:^|[^\p{L}-])t'/iu.test(n) },
  { id: 'hashtag', weight: 0.3, test: (n) => /[#@]\p{L}/u.test(n) },
  { id: 'lowercaseStart', weight: 0.12, test: (n) => /^\p{Ll}/u.test(n) },
  { id: 'ellipsis', weight: 0.1, test: (n) => /(?:…|\.\.\.)$/.test(n) },
  { id: 'spoken', weight: 0.05, test: (_, f) => /\bc est\b/.test(f) },
  { id: 'repeatedPunctuation', weight: 0.1, test: (n) => /!!|\?\?/.test(n) },
];

/** Cues at least this strong say "chat message" on their own; "c'est" alone does not. */
const CHAT_CUE_WEIGHT = 0.1;

export function chatCues(normalized: string, folded: string): RegisterCue[] {
  return CHAT_CUES.filter((c) => c.test(normalized, folded));
}

/** Independent cues combine like the policy does. */
export function chatScore(cues: readonly RegisterCue[]): number {
  return 1 - cues.reduce((p, c) => p * (1 - c.weight), 1);
}

/** Written like a chat message: at least one cue that says so on its own (no accepted proposal of the French dev
 * streams has one). */
export function readsAsChat(normalized: string, folded: string): boolean {
  return CHAT_CUES.some((c) => c.weight >= CHAT_CUE_WEIGHT && c.test(normalized, folded));
}
