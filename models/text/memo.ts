/**
 * Bounded memos for pure functions of a word or of a text. A consultation's vocabulary is small, so a word memo
 * answers almost every call; it is bounded because a hostile stream of invented words would otherwise grow it without
 * end (when full it starts afresh: cheaper than tracking recency on every hit), and words longer than any French
 * word are not kept in it (100,000 entries of 40 characters: 18 MB of heap, measured): only the last few of them.
 */
/** longer than any French word ("anticonstitutionnellement": 25) */
export const MEMO_WORD_CHARS = 40;

/** Long words or texts remembered by each memo: the last few only. One proposal's text (or an unspaced text, one
 * long word: Chinese, Japanese, Thai, a hostile run) is asked again by several checks and fingerprints of the same
 * proposal; a few of them cost a few tens of kilobytes whatever a stream holds. */
const RECENT_KEPT = 4;

/** What `compute` answered for the last few arguments. */
function memoiseRecent<T>(compute: (text: string) => T): (text: string) => T {
  const recent: { text: string; value: T }[] = [];
  return (text) => {
    const kept = recent.find((entry) => entry.text === text);
    if (kept) return kept.value;
    const value = compute(text);
    recent.push({ text, value });
    if (recent.length > RECENT_KEPT) recent.shift();
    return value;
  };
}

export function memoiseWord<T>(compute: (word: string) => T, max = 100_000): (word: string) => T {
  const memo = new Map<string, T>();
  const long = memoiseRecent(compute);
  return (word) => {
    if (word.length > MEMO_WORD_CHARS) return long(word);
    let value = memo.get(word);
    if (value === undefined) {
      if (memo.size >= max) memo.clear();
      value = compute(word);
      memo.set(word, value);
    }
    return value;
  };
}

/** A memo of a text's reading (folded, normalised, split into words) for the checks and fingerprints of one
 * proposal, which each read it again: the last few texts longer than a word; shorter ones are computed afresh
 * (cheap, and asked in between: a formula's words, one word at a time). Its answer is shared: never changed by a
 * caller. */
export function memoiseText<T>(compute: (text: string) => T): (text: string) => T {
  const recent = memoiseRecent(compute);
  return (text) => (text.length > MEMO_WORD_CHARS ? recent(text) : compute(text));
}
