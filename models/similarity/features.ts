/**
 * Lexical fingerprints of a folded text (models/text/normalize.ts `foldText`), computed once per proposal:
 * - MinHash band keys over character 4-grams of the content words: near copies (typo, case, accent, a word
 *   dropped or swapped, "Il faut" -> "Il faudrait") share at least one band with high probability; unrelated
 *   texts almost never. Function words are left out: their shingles (" les", "pour") are in nearly every
 *   text and made a few buckets hold a large share of the corpus (measured: docs/PERFORMANCE.md).
 * - a character-bigram profile for the exact verification (Sørensen–Dice, the measure string-similarity
 *   computes, here on bigrams counted once instead of at every comparison);
 * - stemmed content words, the terms of the topical (same idea) index.
 */
import { words } from '../text/normalize.js';
import type { SupportedLanguage } from '../text/languages/registry.js';
import { stopWords } from '../text/languages/stop-words.js';
import { stemmerFor } from '../text/stemmers.js';

export const SHINGLE = 4;
/** 8 bands of 4 rows: a pair at Jaccard 0.85 (typical near copy) shares a band with p ≈ 0.996, at 0.75 with
 * p ≈ 0.95, at 0.3 with p ≈ 0.06, at 0.1 with p ≈ 0.0008 (docs/PERFORMANCE.md). */
export const BANDS = 8;
export const ROWS = 4;
/** at most this many content terms per proposal go to the topical index (proposals are ≤ 140 chars) */
export const MAX_TERMS = 24;

// Function words and the consultation's formula ("il faut", "il faudrait") say nothing about the idea. French keeps
// the short list with which the index's bucket loads (docs/PERFORMANCE.md) and the French streams' duplicates were
// measured; the other languages take the registry's (Snowball's list and the verbs that open a proposal): with the
// French list, "the", "der", "und" were terms and shingles of every English or German text, and "We should" ->
// "We must" counted as a content word replaced.
const FRENCH_STOPWORDS: ReadonlySet<string> = new Set((
  'a au aux avec c ce ces cette d dans de des du elle elles en est et etre faire faudrait faut il ils j l la le les ' +
  'leur leurs m mais n ne on ou par pas plus pour qu que qui s sa sans se ses son sont sur t tous tout toute toutes ' +
  'un une y doit nous vous'
).split(' '));
const stopWordsOf = (language: SupportedLanguage): ReadonlySet<string> => (language === 'fr' ? FRENCH_STOPWORDS : stopWords(language));
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => fmix32(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

/** murmur3's finaliser: a cheap, well-mixing 32-bit permutation */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function fnv1a(s: string, from = 0, to = s.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The shingle hashes of one text met so far, for bandKeys: each distinct shingle is mixed with the 32 seeds once. A
 * hostile text is a few characters repeated thousands of times, and the minhash was a tenth of such a text's cost
 * (issue 17's CPU budget, docs/PERFORMANCE.md). An open-addressing table of typed arrays reused from one text to the
 * next: a slot is in use when it holds the current text's stamp.
 */
class HashesMet {
  private hashes = new Uint32Array(1 << 10);
  private stamps = new Uint32Array(1 << 10);
  private stamp = 0;
  /** 32 − log2(slots): a slot is the top bits of the hash times a golden-ratio constant */
  private shift = 22;

  /** Empties the set for a text of at most `count` hashes (kept at most half full). */
  reset(count: number): void {
    if (2 * count > this.hashes.length) {
      while (2 * count > this.hashes.length) {
        this.hashes = new Uint32Array(this.hashes.length * 2);
        this.shift--;
      }
      this.stamps = new Uint32Array(this.hashes.length);
      this.stamp = 0;
    }
    if (++this.stamp > 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  /** Adds `hash`: false when the text had it already. */
  add(hash: number): boolean {
    const mask = this.hashes.length - 1;
    for (let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      if (this.stamps[slot] !== this.stamp) {
        this.stamps[slot] = this.stamp;
        this.hashes[slot] = hash;
        return true;
      }
      if (this.hashes[slot] === hash) return false;
    }
  }
}

/** One per thread: a text's band keys are computed before the next one's. */
const SHINGLES_MET = new HashesMet();

/** The bucket ids (32 bits as 6 base64url characters, one per band) of a folded text; none for texts too short
 * to shingle. */
export function bandKeys(folded: string, language: SupportedLanguage): string[] {
  const content = contentWords(folded, language).join(' ');
  if (content.length < SHINGLE) return [];
  const mins = new Uint32Array(SEEDS.length).fill(0xffffffff);
  SHINGLES_MET.reset(content.length);
  for (let i = 0; i + SHINGLE <= content.length; i++) {
    const h = fnv1a(content, i, i + SHINGLE);
    // a shingle met before lowers no minimum (its hash decides every seed's value)
    if (!SHINGLES_MET.add(h)) continue;
    for (let k = 0; k < SEEDS.length; k++) {
      const v = fmix32(h ^ SEEDS[k]!);
      if (v < mins[k]!) mins[k] = v;
    }
  }
  const out: string[] = [];
  const bytes = Buffer.alloc(4);
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5;
    for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ mins[b * ROWS + r]!, 0x01000193);
    bytes.writeUInt32BE(h >>> 0);
    out.push(bytes.toString('base64url'));
  }
  return out;
}

/** Character bigrams of " folded " as sorted 32-bit codes with their counts: compared by one merge, and
 * two typed arrays per text keep the garbage collector out of the verification loop (a Map per text did not). */
export interface BigramProfile { codes: Uint32Array; counts: Uint16Array; total: number }

export function bigramProfile(folded: string): BigramProfile {
  const padded = ` ${folded} `;
  const total = Math.max(0, padded.length - 1);
  const all = new Uint32Array(total);
  for (let i = 0; i < total; i++) all[i] = ((padded.charCodeAt(i) << 16) | padded.charCodeAt(i + 1)) >>> 0;
  all.sort();
  let distinct = 0;
  for (let i = 0; i < total; i++) if (i === 0 || all[i] !== all[i - 1]) distinct++;
  const codes = new Uint32Array(distinct);
  const counts = new Uint16Array(distinct);
  let at = -1;
  for (let i = 0; i < total; i++) {
    if (i === 0 || all[i] !== all[i - 1]) codes[++at] = all[i]!;
    counts[at] = counts[at]! + 1;
  }
  return { codes, counts, total };
}

/** Sørensen–Dice coefficient of two bigram multisets, in 0..1. */
export function dice(a: BigramProfile, b: BigramProfile): number {
  if (a.total + b.total === 0) return 0;
  let common = 0;
  for (let i = 0, j = 0; i < a.codes.length && j < b.codes.length;) {
    const x = a.codes[i]!;
    const y = b.codes[j]!;
    if (x === y) common += Math.min(a.counts[i++]!, b.counts[j++]!);
    else if (x < y) i++;
    else j++;
  }
  return (2 * common) / (a.total + b.total);
}

/** Distinct stems (the language's Snowball stemmer) of the content words, in text order, at most MAX_TERMS. */
export function contentTerms(folded: string, language: SupportedLanguage): string[] {
  const stop = stopWordsOf(language);
  const stem = stemmerFor(language);
  const terms = new Set<string>();
  for (const w of words(folded)) {
    if (w.length < 2 || stop.has(w)) continue;
    terms.add(stem(w).slice(0, 40));
    if (terms.size === MAX_TERMS) break;
  }
  return [...terms];
}

// Words whose presence flips or bounds the meaning: two texts differing in one of them are not copies. The
// negations of the five consultation languages, folded, in every consultation (a difference in any of them only
// keeps a near copy from being refused without a moderator): "We should not build…" is no copy of "We should
// build…" (bigram Dice 0.96, one word added: without "not" here it was refused automatically as a near copy).
const MEANING_MARKERS = new Set([
  'ne', 'n', 'pas', 'plus', 'jamais', 'non', 'sans', 'aucun', 'aucune', 'rien', 'ni',
  // English ("don't" folds to "don t"; not "dont", a French word)
  'not', 'no', 'never', 'nor', 'without', 'none', 'nothing', 'cannot', 't', 'doesnt', 'isnt', 'arent', 'cant', 'wont', 'shouldnt', 'mustnt',
  // German
  'nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'ohne', 'nichts', 'weder',
  // Spanish
  'nunca', 'jamas', 'sin', 'ningun', 'ninguna', 'ninguno', 'nada', 'tampoco',
  // Italian
  'mai', 'senza', 'nessun', 'nessuno', 'nessuna', 'niente', 'nulla',
]);
/** The stop words of a language that bound or turn the meaning (a quantity, a comparison, a direction, "against"):
 * being stop words, a near copy may change them freely, so a difference in one keeps the pair from being a copy
 * ("We need more parking downtown" / "…less parking…"). French's short list holds none but "plus" and "pas"
 * (markers already). */
const STOP_WORD_MARKERS: Record<SupportedLanguage, ReadonlySet<string>> = {
  fr: new Set(),
  en: new Set(['more', 'less', 'most', 'few', 'fewer', 'least', 'only', 'before', 'after', 'above', 'below', 'over', 'under', 'up', 'down', 'off', 'against']),
  de: new Set(['mehr', 'weniger', 'viel', 'nur', 'vor', 'nach', 'uber', 'unter', 'gegen']),
  es: new Set(['mas', 'menos', 'mucho', 'muchos', 'poco', 'antes', 'contra', 'sobre']),
  it: new Set(['piu', 'meno', 'molto', 'contro']),
};

/** True when the two folded texts differ in a negation or a number ("il ne faut pas", "15 ans" vs "18 ans"), or in
 * one of the language's stop words that bound the meaning ("more" / "less"). */
export function differsInMeaningMarkers(a: string, b: string, language: SupportedLanguage): boolean {
  const own = STOP_WORD_MARKERS[language];
  const markers = (s: string) => words(s).filter((w) => MEANING_MARKERS.has(w) || own.has(w) || /\d/.test(w)).sort().join(' ');
  return markers(a) !== markers(b);
}

const contentWords = (folded: string, language: SupportedLanguage) => {
  const stop = stopWordsOf(language);
  return words(folded).filter((w) => !stop.has(w));
};

/** Levenshtein distance, stopping early above `max` (returns max + 1). Only the diagonal band |i - j| ≤ max is
 * computed (a path leaving it costs more than max): linear in the words' length, where the full table made two
 * 5,000-letter words cost 25 million cells (issue 17). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  // two rows, every cell "over" until computed; each row computes its band and marks the cell on either side
  let prev = new Int32Array(b.length + 1).fill(over);
  let row = new Int32Array(b.length + 1).fill(over);
  for (let j = 0; j <= Math.min(b.length, max); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(b.length, i + max);
    row[lo - 1] = lo === 1 && i <= max ? i : over;
    if (hi < b.length) row[hi + 1] = over;
    let best = row[lo - 1]!;
    for (let j = lo; j <= hi; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), over);
      best = Math.min(best, row[j]!);
    }
    if (best > max) return over;
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

/** The content words of `a`, and where those of `b` stand in `a` (`order`, in the order of `b`; a word of `b` takes
 * the first occurrence in `a` not yet taken), the places of `a` taken, and the words of `b` that `a` lacks. */
function alignContentWords(a: string, b: string, language: SupportedLanguage): { wordsA: string[]; order: number[]; taken: Set<number>; onlyB: string[] } {
  const wordsA = contentWords(a, language);
  const positions = new Map<string, number[]>();
  wordsA.forEach((w, i) => { const at = positions.get(w); if (at) at.push(i); else positions.set(w, [i]); });
  const taken = new Set<number>();
  const onlyB: string[] = [];
  const order: number[] = [];
  for (const w of contentWords(b, language)) {
    const at = positions.get(w)?.shift();
    if (at === undefined) onlyB.push(w);
    else { taken.add(at); order.push(at); }
  }
  return { wordsA, order, taken, onlyB };
}

/** A shuffle has at least this many content words in common with its source: two or three words in another order
 * are a short rewording ("I identify as an LGBTQIA person" after "…an Asian person"). */
const MIN_SHUFFLED_WORDS = 4;

/** True when `b` is made of `a`'s content words with more than half of its neighbouring words not neighbours in
 * that order in `a`: one of the two is the other's words shuffled (a word salad), in whichever order they came.
 * A phrase moved ("In the city centre, cars…" / "Cars … in the city centre") breaks two or three pairs; a copy
 * none. */
export function isShuffleOf(a: string, b: string, language: SupportedLanguage): boolean {
  const { order } = alignContentWords(a, b, language);
  if (order.length < MIN_SHUFFLED_WORDS) return false;
  let broken = 0;
  for (let i = 1; i < order.length; i++) if (order[i] !== order[i - 1]! + 1) broken++;
  return broken > (order.length - 1) / 2;
}

/** Most copy edits a near copy may carry (a typo and a dropped word, say). */
const MAX_COPY_EDITS = 2;
/** Most words a near copy may move (two swapped words move one, or two when far apart). */
const MAX_MOVED_WORDS = 2;

/** Length of the longest increasing subsequence of `xs` (distinct numbers): the words that kept their order. */
function longestIncreasingRun(xs: readonly number[]): number {
  const tails: number[] = [];
  for (const x of xs) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

/** True when `b`, coming after `a`, is `a` up to what a copier changes: case, accents, punctuation, function words
 * ("Il faut" -> "Il faudrait"), a pair of words swapped, and at most two typos or words dropped — but no content word
 * replaced by another ("éviter" -> "limiter" is a rewording: a moderator decides) nor added: a text that says
 * more than the earlier one ("…, auch in Städten", a label saying who endorses it) may add something, and a
 * moderator decides whether it does. Linear in the texts' length (with a log for the word order). */
export function isCopyEdit(a: string, b: string, language: SupportedLanguage): boolean {
  const { wordsA, order, taken, onlyB } = alignContentWords(a, b, language);
  // a copy keeps the order of its words, but for a swapped pair: the same words shuffled ("word salad") are not a
  // copy of the text they were taken from, nor is that text a copy of them when it comes after
  if (order.length - longestIncreasingRun(order) > MAX_MOVED_WORDS) return false;
  const onlyA = wordsA.filter((_, i) => !taken.has(i));
  // a typo pairs one word of each side, so there are at least as many edits as unpaired words on either side
  if (Math.max(onlyA.length, onlyB.length) > MAX_COPY_EDITS) return false;
  let typos = 0;
  for (let i = onlyA.length - 1; i >= 0; i--) {
    const j = onlyB.findIndex((w) => editDistance(onlyA[i]!, w, 2) <= 2);
    if (j < 0) continue;
    onlyA.splice(i, 1);
    onlyB.splice(j, 1);
    typos++;
  }
  // a word of `b` alone may be a typo of one of `a`'s function words ("puor", "aaux", "Quee"): an edit, not an addition
  const allA = words(a);
  const added = onlyB.filter((w) => !allA.some((x) => editDistance(x, w, 2) <= 2));
  typos += onlyB.length - added.length;
  // what is left unpaired may only be dropped from `a`: words of `b` alone are additions, or with words of `a`
  // alone replacements
  if (added.length > 0) return false;
  return typos + onlyA.length <= MAX_COPY_EDITS;
}
