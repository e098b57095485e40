/**
 * Two small statistical models of French proposals, trained at first use (≈50 ms) from models/data/fr-proposals.txt
 * (accepted "Le monde d'après" proposals, CC0; built by bench/build-corpus.ts from the training part of the dev split):
 * - a character trigram model of words: how French a string of letters looks (keyboard mashes, scrambled letters);
 * - a word bigram model over word classes: how much the word ORDER helps predict the text compared with the same
 *   words in any order (a word salad of real words has French words but no French order).
 * Both read folded text (lower case, no accents), so dropped accents cost nothing.
 */
import { requiredCorpusLines } from '../data/files.js';

/** words seen fewer times than this are replaced by a class made of their last letters */
const RARE = 3;
const DISCOUNT = 0.75;
/** random orders the actual order is compared with */
const SHUFFLES = 24;
const MIN_SHUFFLED = 4;
const START = '<s>';
const END = '</s>';

export interface FrenchModel {
  /** mean log2-probability per character of the word's trigrams, boundaries included (≈ -3 French, < -6 gibberish) */
  charLogProb(word: string): number;
  /** how much likelier the written words (from `orderTokens`) are in their order than shuffled, the first
   * `fixed` ones (an opening formula) staying in place, in standard deviations of random orders (French ≫ 2,
   * a word salad ≈ 0); Infinity when fewer than 4 words can move (too few orders to compare) */
  orderZ(tokens: string[][], fixed?: number): number;
}

export function trainFrenchModel(lines: string[]): FrenchModel {
  const sentences = lines.map((l) => orderTokens(l).flat()).filter((w) => w.length > 0);
  const wordCounts = new Map<string, number>();
  for (const s of sentences) for (const w of s) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const letterWords = [...wordCounts].filter(([w]) => LETTER.test(w));
  const classOf = (w: string) => (wordCounts.get(w) ?? 0) >= RARE ? w : '~' + w.slice(-2);

  const tri = new Map<string, number>();
  const bi = new Map<string, number>();
  const alphabet = new Set<string>();
  for (const [w, n] of letterWords) {
    const padded = `^^${w}$`;
    for (const ch of w) alphabet.add(ch);
    for (let i = 2; i < padded.length; i++) {
      const g = padded.slice(i - 2, i + 1);
      tri.set(g, (tri.get(g) ?? 0) + n);
      bi.set(g.slice(0, 2), (bi.get(g.slice(0, 2)) ?? 0) + n);
    }
  }
  const symbols = alphabet.size + 1;

  // Word classes as integers (0 start, 1 end, then every class of the corpus; unseen classes share one id):
  // the order test scores 25 orders per proposal, so look-ups must be cheap.
  const ids = new Map<string, number>([[START, 0], [END, 1]]);
  const seqs = sentences.map((s) => [0, ...s.map((w) => {
    const c = classOf(w);
    let id = ids.get(c);
    if (id === undefined) { id = ids.size; ids.set(c, id); }
    return id;
  }), 1]);
  const unseen = ids.size;
  const size = unseen + 1;
  const unigram = new Float64Array(size);
  const context = new Float64Array(size);
  const followers = new Float64Array(size);
  const pair = new Map<number, number>();
  let tokens = 0;
  for (const seq of seqs) {
    for (let i = 1; i < seq.length; i++) {
      const prev = seq[i - 1]!;
      const key = prev * size + seq[i]!;
      const seen = pair.get(key) ?? 0;
      if (seen === 0) followers[prev]!++;
      pair.set(key, seen + 1);
      context[prev]!++;
      unigram[seq[i]!]!++;
      tokens++;
    }
  }
  const vocabulary = unigram.filter((n) => n > 0).length + 1;
  const pUnigram = Float64Array.from(unigram, (n) => (n + 1) / (tokens + vocabulary));
  const classId = (w: string) => ids.get(classOf(w)) ?? unseen;

  /** log2 P(c | prev) under the bigram model (interpolated absolute discounting); log2 P(sequence), end of sentence
   * included, is their sum along it (orderZ); the unigram part does not depend on order */
  const pairCount = pairTable(pair);
  const transitionLogProb = (prev: number, c: number) => {
    const base = pUnigram[c]!;
    const n = context[prev]!;
    const p = n === 0 ? base
      : Math.max(pairCount(prev * size + c) - DISCOUNT, 0) / n + (DISCOUNT * followers[prev]! / n) * base;
    return Math.log2(p);
  };

  return {
    charLogProb(word) {
      const padded = `^^${word}$`;
      let sum = 0;
      for (let i = 2; i < padded.length; i++) {
        const g = padded.slice(i - 2, i + 1);
        sum += Math.log2(((tri.get(g) ?? 0) + 0.1) / ((bi.get(g.slice(0, 2)) ?? 0) + 0.1 * symbols));
      }
      return sum / (padded.length - 2);
    },
    orderZ(tokens, fixed = 0) {
      if (tokens.length - fixed < MIN_SHUFFLED) return Infinity;
      // The 25 orders are scored over the text's own classes, numbered 0..d-1 here (the start and the end first):
      // each transition's log-probability is computed once per text, in a d × d table, instead of a Map look-up
      // and a logarithm per word per order. The same values are summed in the same order.
      const global: number[] = [0, 1];
      const local = new Map<number, number>([[0, 0], [1, 1]]);
      const groups = tokens.map((t) => t.map((w) => {
        const id = classId(w);
        let at = local.get(id);
        if (at === undefined) { at = global.length; local.set(id, at); global.push(id); }
        return at;
      }));
      const d = global.length;
      if (transitions.length < d * d) transitions = new Float64Array(Math.max(d * d, 2 * transitions.length));
      transitions.fill(NaN, 0, d * d);
      const table = transitions;
      const orderLogProb = (seq: readonly number[]) => {
        let sum = 0;
        let prev = 0;
        for (let i = 0; i <= seq.length; i++) {
          const c = i < seq.length ? seq[i]! : 1;
          let lp = table[prev * d + c]!;
          if (lp !== lp) table[prev * d + c] = lp = transitionLogProb(global[prev]!, global[c]!);
          sum += lp;
          prev = c;
        }
        return sum;
      };
      const seq = groups.flat();
      const actual = orderLogProb(seq);
      const random = seededRandom(tokens.flat().join(' '));
      // each random order starts again from the written one; no allocation per order (this runs 24 times)
      const order = groups.map((_, i) => i);
      const shuffled = new Float64Array(SHUFFLES);
      for (let k = 0; k < SHUFFLES; k++) {
        for (let i = fixed; i < order.length; i++) order[i] = i;
        for (let i = order.length - 1; i > fixed; i--) {
          const j = fixed + Math.floor(random() * (i - fixed + 1));
          const t = order[i]!;
          order[i] = order[j]!;
          order[j] = t;
        }
        let n = 0;
        for (const g of order) for (const c of groups[g]!) seq[n++] = c;
        shuffled[k] = orderLogProb(seq);
      }
      const mean = shuffled.reduce((a, b) => a + b, 0) / SHUFFLES;
      const sd = Math.sqrt(shuffled.reduce((a, b) => a + (b - mean) ** 2, 0) / SHUFFLES);
      return (actual - mean) / Math.max(sd, 0.5);
    },
  };
}

/** The bigram counts (key -> count, keys ≥ 0) as an open-addressing table of typed arrays: the same counts, read
 * with one or two memory accesses where the Map of tens of thousands of entries took several cache misses (the
 * look-up was a third of orderZ's time). */
function pairTable(pairs: ReadonlyMap<number, number>): (key: number) => number {
  let capacity = 1024;
  while (capacity < 2 * pairs.size) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Float64Array(capacity).fill(-1);
  const counts = new Float64Array(capacity);
  const slotOf = (key: number) => {
    let slot = Math.imul(key | 0, 0x9e3779b1) >>> 7 & mask;
    while (keys[slot] !== -1 && keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  };
  for (const [key, count] of pairs) {
    const slot = slotOf(key);
    keys[slot] = key;
    counts[slot] = count;
  }
  return (key) => {
    const slot = slotOf(key);
    return keys[slot] === key ? counts[slot]! : 0;
  };
}

/** orderZ's table of a text's transitions, reused from one text to the next (one model per process) */
let transitions = new Float64Array(1024);

const LETTER = /\p{L}/u;
const TOKEN = /[\p{L}\p{N}]+|[.,;:!?]/gu;
const MARKS = /\p{M}+/gu;

/** The written words of a text (split at spaces), each as its folded parts and punctuation:
 * "l'égalité," → ["l", "egalite", ","]. A word salad shuffles written words, so they move as units. A number
 * written in groups of digits ("06 12 34 56 78", "+33 6 …", "10 000.") is one word: its groups never move apart,
 * and read as words of their own they are a run of rare "words" that no order makes likelier than another. The
 * parts stay the same, in the same order, so the model reads the same text. */
export function orderTokens(text: string): string[][] {
  const words: string[][] = [];
  for (const chunk of text.normalize('NFKD').replace(MARKS, '').toLowerCase().split(/\s+/)) {
    const parts = chunk.match(TOKEN);
    if (!parts) continue;
    const previous = words[words.length - 1];
    if (previous?.every(isDigits) && isDigits(parts[0]!) && parts.every((part) => isDigits(part) || PUNCTUATION.test(part))) previous.push(...parts);
    else words.push(parts);
  }
  return words;
}

const DIGITS = /^\p{N}+$/u;
const PUNCTUATION = /^[.,;:!?]$/;
const isDigits = (part: string) => DIGITS.test(part);

let model: FrenchModel | null = null;
let corpus: string[] | null = null;

/** The shipped corpus of accepted French proposals, one per line, read on first use. */
export function frenchProposals(): readonly string[] {
  return corpus ??= requiredCorpusLines('fr-proposals.txt');
}

/** The model trained on the shipped corpus, built on first use. */
export function frenchModel(): FrenchModel {
  return model ??= trainFrenchModel([...frenchProposals()]);
}

/** Deterministic per text, so a check stays a pure function of its input. */
function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h ^= h << 13; h ^= h >>> 17; h ^= h << 5;
    return (h >>> 0) / 2 ** 32;
  };
}
