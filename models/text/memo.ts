/**
 * A bounded memo for pure functions of a word. A consultation's vocabulary is small, so a memo answers almost
 * every call; it is bounded because a hostile stream of invented words would otherwise grow it without end
 * (when full it starts afresh: cheaper than tracking recency on every hit), and words longer than any French
 * word are computed without being remembered (100,000 entries of 40 characters: 18 MB of heap, measured).
 */
/** longer than any French word ("anticonstitutionnellement": 25) */
export const MEMO_WORD_CHARS = 40;

export function memoiseWord<T>(compute: (word: string) => T, max = 100_000): (word: string) => T {
  const memo = new Map<string, T>();
  return (word) => {
    if (word.length > MEMO_WORD_CHARS) return compute(word);
    let value = memo.get(word);
    if (value === undefined) {
      if (memo.size >= max) memo.clear();
      value = compute(word);
      memo.set(word, value);
    }
    return value;
  };
}
