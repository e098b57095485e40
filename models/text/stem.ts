/**
 * Snowball's French stemmer, memoised. It costs ~60 µs a word here and the triage of one proposal stems each
 * word twice (similarity terms, off-topic features); a consultation's vocabulary is small, so a bounded memo
 * answers almost every call. Bounded because a hostile stream of invented words would otherwise grow it.
 */
import snowball from 'snowball-stemmers';

const stemmer = snowball.newStemmer('french');
const MEMO_MAX = 100_000;
const memo = new Map<string, string>();

export function frenchStem(word: string): string {
  let stem = memo.get(word);
  if (stem === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear();
    stem = stemmer.stem(word);
    memo.set(word, stem);
  }
  return stem;
}
