/**
 * A bounded memo for pure functions of a word. A consultation's vocabulary is small, so a memo answers almost
 * every call; it is bounded because a hostile stream of invented words would otherwise grow it without end
 * (when full it starts afresh: cheaper than tracking recency on every hit).
 */
export function memoiseWord<T>(compute: (word: string) => T, max = 100_000): (word: string) => T {
  const memo = new Map<string, T>();
  return (word) => {
    let value = memo.get(word);
    if (value === undefined) {
      if (memo.size >= max) memo.clear();
      value = compute(word);
      memo.set(word, value);
    }
    return value;
  };
}
