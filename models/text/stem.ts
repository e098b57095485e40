/**
 * Snowball's French stemmer, memoised: the triage of one proposal stems each word twice (similarity terms,
 * off-topic features), and a consultation's vocabulary is small, so the memo answers almost every call.
 */
import snowball from 'snowball-stemmers';
import { MEMO_WORD_CHARS, memoiseWord } from './memo.js';

const stemmer = snowball.newStemmer('french');
const memoStem = memoiseWord((word) => stemmer.stem(word));

/** A "word" longer than any French word (letters run together, a mash) is its own stem, cut to that length:
 * Snowball's cost grows faster than the word (5,000 letters: ≈ 7–20 ms, measured with bench/cpu.ts). */
export const frenchStem = (word: string): string => (word.length > MEMO_WORD_CHARS ? word.slice(0, MEMO_WORD_CHARS) : memoStem(word));
