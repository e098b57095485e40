/**
 * A bounded memo for pure functions of a word. A consultation's vocabulary is small, so a memo answers almost
 * every call; it is bounded because a hostile stream of invented words would otherwise grow it without end
 * (when full it starts afresh: cheaper than tracking recency on every hit), and words longer than any French
 * word are not kept in it (100,000 entries of 40 characters: 18 MB of heap, measured): only the last few of them.
 */
/** longer than any French word ("anticonstitutionnellement": 25) */
export const MEMO_WORD_CHARS = 40;

/** Longer words remembered by each memo: the last few only. An unspaced text (Chinese, Japanese, Thai) or a
 * hostile run is one such word, asked again by several checks of the same proposal; a few of them cost a few
 * tens of kilobytes whatever a stream holds. */
const LONG_WORDS_KEPT = 4;

export function memoiseWord<T>(compute: (word: string) => T, max = 100_000): (word: string) => T {
  const memo = new Map<string, T>();
  const recentLong: { word: string; value: T }[] = [];
  return (word) => {
    if (word.length > MEMO_WORD_CHARS) {
      const kept = recentLong.find((entry) => entry.word === word);
      if (kept) return kept.value;
      const value = compute(word);
      recentLong.push({ word, value });
      if (recentLong.length > LONG_WORDS_KEPT) recentLong.shift();
      return value;
    }
    let value = memo.get(word);
    if (value === undefined) {
      if (memo.size >= max) memo.clear();
      value = compute(word);
      memo.set(word, value);
    }
    return value;
  };
}
