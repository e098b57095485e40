/**
 * Snowball's stemmer of each consultation language, memoised: the triage of one proposal stems each word twice
 * (similarity terms, off-topic features), and a consultation's vocabulary is small, so the memo answers almost
 * every call.
 */
import snowball from 'snowball-stemmers';
import type { SupportedLanguage } from './languages/registry.js';
import { MEMO_WORD_CHARS, memoiseWord } from './memo.js';

const ALGORITHM: Record<SupportedLanguage, string> = { fr: 'french', en: 'english', de: 'german', es: 'spanish', it: 'italian' };

export type Stem = (word: string) => string;

const stems = new Map<SupportedLanguage, Stem>();

/** A "word" longer than any word of these languages (letters run together, a mash) is its own stem, cut to that
 * length: Snowball's cost grows faster than the word (5,000 letters: ≈ 7–20 ms, measured with bench/cpu.ts). */
export function stemmerFor(language: SupportedLanguage): Stem {
  let stem = stems.get(language);
  if (!stem) {
    const stemmer = snowball.newStemmer(ALGORITHM[language]);
    const memo = memoiseWord((word) => stemmer.stem(word));
    stems.set(language, stem = (word) => (word.length > MEMO_WORD_CHARS ? word.slice(0, MEMO_WORD_CHARS) : memo(word)));
  }
  return stem;
}
