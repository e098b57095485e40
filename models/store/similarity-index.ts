/**
 * The similarity index of a consultation, shared by every worker through Redis:
 *   register (Lua, atomic) ──▶ candidates: MinHash-LSH buckets (near copies) + term postings (same idea)
 *                          ──▶ exact verification of the few candidates (bigram Dice, weighted term overlap)
 * Work per look-up is bounded (bucket and posting tails, at most MAX_CANDIDATES texts verified), whatever
 * the size of the consultation. Only sequence numbers are indexed (4 bytes per bucket and per term); the
 * candidates' fingerprints are recomputed from their stored text, so nothing else is kept per proposal.
 */
import type { Redis } from 'ioredis';
import type { ProposalStatus } from '../schemas.js';
import { keys } from './keys.js';
import { readTexts, type StoredText } from './proposals.js';
import { foldText, normalizeText } from '../text/normalize.js';
import { bandKeys, bigramProfile, contentTerms, fnv1a, type BigramProfile } from '../similarity/features.js';
import { withSimilarityScripts, type SimilarityRedis } from './similarity-scripts.js';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../text/languages/registry.js';

/** most recent entries read per LSH bucket and per term */
export const LSH_TAIL = 64;
export const TERM_TAIL = 256;
/** texts verified per proposal: the LSH candidates sharing most bands first, then the best topical ones */
export const MAX_CANDIDATES = 40;
const MAX_LSH_CANDIDATES = 20;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/**
 * The buckets of a band are filed in pages (hashes: rest of the bucket id -> packed sequences), fewer pages for
 * a consultation's first proposals: a page key costs ~200 bytes whatever it holds, and 4096 pages per band
 * for a few thousand proposals held one or two buckets each (550 bytes of LSH per proposal at 8,000). By intake
 * sequence: the first 4,096 proposals in 64 pages per band, the next up to 32,768 in 512, the others in 4096
 * (where every proposal was filed before these levels), so that a page keeps about 64 buckets (listpack) at
 * the end of its level. A look-up reads its bucket at every level (8 bands × 3 small hash reads).
 */
const LSH_LEVELS: { lastSeq: number; page(bucket: string): string; field(bucket: string): string }[] = [
  { lastSeq: 4096, page: (b) => `:${b[0]}`, field: (b) => b.slice(1) },
  { lastSeq: 32768, page: (b) => `.${b[0]}${BASE64URL.indexOf(b[1]!) >> 3}`, field: (b) => b.slice(1) },
  { lastSeq: Infinity, page: (b) => b.slice(0, 2), field: (b) => b.slice(2) },
];
const lshLevelOf = (seq: number) => LSH_LEVELS.findIndex((level) => seq <= level.lastSeq);
/** weight of the character measure against the term measure in `similarity` */
const DICE_WEIGHT = 0.5;

export interface IndexQuery {
  seq: number;
  /** folded text (models/text/normalize.ts) */
  folded: string;
  /** the text as stored, when known: the proposal's features are then kept for the later proposals that will
   * be verified against it (a candidate's features are otherwise derived again from its stored text) */
  text?: string;
}

export interface Match {
  seq: number;
  externalId: string;
  text: string;
  folded: string;
  status?: ProposalStatus;
  /** character-bigram Dice of the folded texts: what tells a near copy */
  dice: number;
  /** blend of Dice and weighted term overlap: the ranking of `similar` */
  similarity: number;
  /** found through a shared LSH bucket */
  viaLsh: boolean;
}

/** LSH candidates with the number of bands they share, and the shortlist of texts to verify (LSH and topical
 * candidates). The topical scores behind the shortlist are thousands per proposal: they are reduced to it as
 * soon as they are read, so they never outlive one proposal (kept for a whole batch, they were a quarter of a
 * worker's CPU in garbage collection). */
interface Candidates { lsh: Map<number, number>; shortlist: number[]; idf: Map<string, number>; terms: string[]; idfNorm2?: number }

export class SimilarityIndex {
  private readonly redis: SimilarityRedis;
  constructor(redis: Redis) {
    this.redis = withSimilarityScripts(redis);
  }

  /** Adds the batch to the index (in order) and returns, for each proposal, its verified matches of smaller
   * sequence, best first; `registered` is called between the registration and the verification. `language`: the
   * consultation's, whose stop words and stemmer make the index's terms and shingles. */
  async registerAndMatch(cid: string, language: SupportedLanguage, batch: IndexQuery[], registered?: () => Promise<void>): Promise<Match[][]> {
    if (batch.length === 0) return [];
    const candidates = await this.register(cid, language, batch);
    await registered?.();
    const wanted = new Set<number>();
    for (const c of candidates) for (const seq of c.shortlist) wanted.add(seq);
    const texts = await readTexts(this.redis, cid, [...wanted]);
    return batch.map((q, i) => {
      const c = candidates[i]!;
      const profile = bigramProfile(q.folded);
      if (q.text !== undefined) featureCache.remember(cid, q.seq, { text: q.text, language, folded: q.folded, profile, terms: c.terms });
      QUERY.load(profile);
      const matches: Match[] = [];
      for (const seq of c.shortlist) {
        const row = texts.get(seq);
        if (!row || seq === q.seq) continue;
        matches.push(verify(cid, language, row, QUERY, c, seq));
      }
      return matches.sort((a, b) => b.similarity - a.similarity);
    });
  }

  /** Adds the batch to the index without looking anything up (bulk loads). */
  async add(cid: string, language: SupportedLanguage, batch: IndexQuery[]): Promise<void> {
    await this.register(cid, language, batch, false);
  }

  /** Adds the batch to the index (in order) and returns each proposal's unverified candidates. */
  private async register(cid: string, language: SupportedLanguage, batch: IndexQuery[], read = true): Promise<Candidates[]> {
    const args: (string | number | Buffer)[] = [...(read ? [LSH_TAIL, TERM_TAIL] : [0, 0]), 'ix', LSH_LEVELS.length];
    const termsOf = batch.map((q) => contentTerms(q.folded, language));
    batch.forEach((q, i) => {
      const { buckets, postings } = indexEntriesOf(cid, q.folded, language, termsOf[i]);
      args.push(keys.proposal(cid, q.seq), q.seq, lshLevelOf(q.seq), buckets.length);
      for (const [page, field] of buckets) args.push(page, field);
      args.push(postings.length, ...postings.flat());
    });
    const rows = await this.redis.registerSimilarBuffer(keys.similarityCount(cid), ...args);
    if (!read) return [];
    return rows.map((row, i) => {
      const [near, indexed] = [row[1] as Buffer, Number(row[2])];
      // Earlier means a smaller intake sequence, never "registered before": concurrent jobs register out of
      // order, and an original must not be called a copy of the later copy a faster worker registered first.
      const earlier = (seq: number) => seq < batch[i]!.seq;
      const lsh = new Map<number, number>();
      forEachSeq(near, (seq) => { if (earlier(seq)) lsh.set(seq, (lsh.get(seq) ?? 0) + 1); });
      const idf = new Map<string, number>();
      try {
        termsOf[i]!.forEach((term, t) => {
          const df = Number(row[3 + 2 * t]);
          const weight = Math.log((indexed + 1) / (df + 1)) + 1;
          idf.set(term, weight);
          TOPICAL.addAll(row[4 + 2 * t] as Buffer, batch[i]!.seq, weight * weight);
        });
        return { lsh, shortlist: shortlist(lsh, TOPICAL), idf, terms: termsOf[i]! };
      } finally {
        TOPICAL.clear();
      }
    });
  }
}

interface IndexEntries { buckets: [string, string][]; postings: [string, string, string][] }

/** Where a text is filed in the index: its LSH bucket (page key, field) per band at every level (band-major),
 * and per term its postings key, page and field. */
export function indexEntriesOf(cid: string, folded: string, language: SupportedLanguage, terms = contentTerms(folded, language)): IndexEntries {
  return {
    buckets: bandKeys(folded, language).flatMap((bucket, band) => LSH_LEVELS.map((level): [string, string] => [keys.lshPage(cid, band, level.page(bucket)), level.field(bucket)])),
    postings: terms.map((t): [string, string, string] => [keys.termPostings(cid, t), keys.termPage(cid, termPageOf(t)), t]),
  };
}

/** Every place a text may have been filed, whatever language its consultation had then (a PUT may change it, and
 * before each language had its own stop words every consultation was indexed with French's): erasure
 * (models/store/erasure.ts) derives them again from the text and takes the proposal out of all of them. */
export function possibleIndexEntriesOf(cid: string, folded: string): IndexEntries {
  const buckets = new Map<string, [string, string]>();
  const postings = new Map<string, [string, string, string]>();
  for (const language of SUPPORTED_LANGUAGES) {
    const entries = indexEntriesOf(cid, folded, language);
    for (const b of entries.buckets) buckets.set(b.join(' '), b);
    for (const p of entries.postings) postings.set(p[0], p);
  }
  return { buckets: [...buckets.values()], postings: [...postings.values()] };
}

/** Pages of the short term postings per consultation: ~8 terms each at 8,000 proposals, 128 (the listpack limit)
 * at ~150,000 distinct terms. */
const TERM_PAGES = 1024;

const termPageOf = (term: string) => fnv1a(term) % TERM_PAGES;

/** Drops the cached features of erased proposals (this process; the cache never serves a text that is no
 * longer stored, see candidateFeatures, but it should not keep one either). */
export function forgetFeatures(cid: string, seqs: readonly number[]): void {
  featureCache.forget(cid, seqs);
}

export function forgetConsultationFeatures(cid: string): void {
  featureCache.forgetConsultation(cid);
}

/** LSH candidates first, most shared bands first (near copies share several), then the best topical ones,
 * MAX_CANDIDATES in all. */
function shortlist(lsh: Map<number, number>, topical: TopicalScores): number[] {
  const list = topByScore(lsh, MAX_LSH_CANDIDATES);
  const taken = new Set(list);
  for (const seq of topical.top(MAX_CANDIDATES)) {
    if (list.length >= MAX_CANDIDATES) break;
    if (!taken.has(seq)) list.push(seq);
  }
  return list;
}

/** The `k` sequences of highest score, ties to the most recent. A topical map holds thousands of entries:
 * keeping the best k in a small sorted array avoids sorting (and allocating) all of them. */
function topByScore(scores: Map<number, number>, k: number): number[] {
  const top = new TopK(k);
  for (const [seq, score] of scores) top.offer(seq, score);
  return top.seqs;
}

/** The best `k` (score, sequence) pairs offered, best first, ties to the most recent. */
class TopK {
  readonly seqs: number[] = [];
  private readonly best: number[] = [];
  constructor(private readonly k: number) {}
  private before(s1: number, seq1: number, i: number): boolean {
    return s1 > this.best[i]! || (s1 === this.best[i]! && seq1 > this.seqs[i]!);
  }
  offer(seq: number, score: number): void {
    const { best, seqs, k } = this;
    if (best.length === k && !this.before(score, seq, k - 1)) return;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && this.before(score, seq, at - 1)) {
      best[at] = best[at - 1]!;
      seqs[at] = seqs[at - 1]!;
      at--;
    }
    best[at] = score;
    seqs[at] = seq;
  }
}

/**
 * The topical scores of one proposal (sum of the squared idf weights of the terms it shares with each earlier
 * proposal), accumulated in an open-addressing table of typed arrays that is reused from one proposal to the next:
 * thousands of (sequence, score) entries per proposal in a fresh Map each time were a large share of the
 * similarity index's CPU and of the worker's garbage. Each sequence's weights are added in term order, as before,
 * so the sums (floating point) are the same.
 */
class TopicalScores {
  private keys: Uint32Array;
  private scores: Float64Array;
  /** slots in use, in first-use order */
  private used: Uint32Array;
  private size = 0;
  constructor(capacity = 1 << 14) {
    this.keys = new Uint32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.used = new Uint32Array(capacity);
  }

  /** Adds `weight2` to every sequence of the packed postings smaller than `before`. */
  addAll(blob: Buffer, before: number, weight2: number): void {
    for (let i = 0; i + 4 <= blob.length; i += 4) {
      const seq = blob.readUInt32BE(i);
      if (seq < before) this.add(seq, weight2);
    }
  }

  private add(seq: number, weight2: number): void {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    const key = seq + 1; // 0 marks a free slot (sequences start at 1, but 0 must not break the table)
    const mask = this.keys.length - 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    for (;;) {
      const k = this.keys[slot]!;
      if (k === key) {
        this.scores[slot] = this.scores[slot]! + weight2;
        return;
      }
      if (k === 0) {
        this.keys[slot] = key;
        this.scores[slot] = 0 + weight2;
        this.used[this.size++] = slot;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { keys, scores, used, size } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.scores = new Float64Array(keys.length * 2);
    this.used = new Uint32Array(keys.length * 2);
    this.size = 0;
    for (let i = 0; i < size; i++) this.add(keys[used[i]!]! - 1, scores[used[i]!]!);
  }

  /** The `k` sequences of highest score, ties to the most recent. */
  top(k: number): number[] {
    const top = new TopK(k);
    for (let i = 0; i < this.size; i++) {
      const slot = this.used[i]!;
      top.offer(this.keys[slot]! - 1, this.scores[slot]!);
    }
    return top.seqs;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.keys[this.used[i]!] = 0;
    this.size = 0;
  }
}

/** One per thread: a proposal's candidates are read and reduced to its shortlist before the next one's. */
const TOPICAL = new TopicalScores();

function verify(cid: string, language: SupportedLanguage, row: StoredText, query: QueryBigrams, c: Candidates, seq: number): Match {
  const { folded, profile, terms } = candidateFeatures(cid, language, seq, row.text);
  const d = query.dice(profile);
  const similarity = DICE_WEIGHT * d + (1 - DICE_WEIGHT) * termOverlap(c, terms);
  // the fields one by one: a spread of rows of two shapes (with and without a status) took V8's slow path
  const match: Match = { seq, externalId: row.externalId, text: row.text, folded, dice: d, similarity: Math.min(1, Math.max(0, similarity)), viaLsh: c.lsh.has(seq) };
  if (row.status !== undefined) match.status = row.status;
  return match;
}

/** What verification needs of a candidate, derived from its stored text. */
interface CandidateFeatures { text: string; language: SupportedLanguage; folded: string; profile: BigramProfile; terms: string[] }

/** Candidates recur — a proposal is verified against the next ones of its topic hundreds of times — and
 * deriving their features was half of a triage worker's CPU (docs/PERFORMANCE.md), so each process keeps the
 * most recently used ones. Keyed by consultation and sequence and checked against the text, so a sequence
 * reused after a consultation is deleted never serves stale features. */
const FEATURE_CACHE_MAX = 20_000;
/** Texts longer than a proposal may be (too_long refuses them) are not kept: 20,000 hostile 5,000-character
 * texts would otherwise hold about a gigabyte. */
const CACHEABLE_CHARS = 1_000;
/**
 * The cache: per consultation, features by sequence, in two generations — a hit in the older one moves the entry to
 * the younger, and when the younger holds half of FEATURE_CACHE_MAX it becomes the older (the older dropped). That is
 * least-recently-used eviction up to a generation, without moving every hit to the end of one 20,000-entry Map
 * under a string key made for each look-up (a fifth of the verification's CPU). Which entries are kept never changes
 * a result: an entry is only used when its text and language are the candidate's.
 */
class FeatureCache {
  private young = new Map<string, Map<number, CandidateFeatures>>();
  private old = new Map<string, Map<number, CandidateFeatures>>();
  private youngSize = 0;
  constructor(private readonly max: number) {}

  get(cid: string, seq: number): CandidateFeatures | undefined {
    const found = this.young.get(cid)?.get(seq);
    if (found) return found;
    const older = this.old.get(cid);
    const features = older?.get(seq);
    if (features) {
      older!.delete(seq);
      this.put(cid, seq, features);
    }
    return features;
  }

  /** Keeps the features as the most recently used ones of the sequence. */
  remember(cid: string, seq: number, features: CandidateFeatures): CandidateFeatures {
    if (features.text.length > CACHEABLE_CHARS) return features;
    this.old.get(cid)?.delete(seq);
    this.put(cid, seq, features);
    return features;
  }

  private put(cid: string, seq: number, features: CandidateFeatures): void {
    let mine = this.young.get(cid);
    if (!mine) this.young.set(cid, mine = new Map());
    const size = mine.size;
    mine.set(seq, features);
    if (mine.size === size) return;
    if (++this.youngSize >= this.max / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngSize = 0;
    }
  }

  forget(cid: string, seqs: readonly number[]): void {
    const young = this.young.get(cid);
    for (const seq of seqs) {
      if (young?.delete(seq)) this.youngSize--;
      this.old.get(cid)?.delete(seq);
    }
  }

  forgetConsultation(cid: string): void {
    this.youngSize -= this.young.get(cid)?.size ?? 0;
    this.young.delete(cid);
    this.old.delete(cid);
  }
}

const featureCache = new FeatureCache(FEATURE_CACHE_MAX);

function candidateFeatures(cid: string, language: SupportedLanguage, seq: number, text: string): CandidateFeatures {
  const features = featureCache.get(cid, seq);
  if (features?.text === text && features.language === language) return features;
  const folded = foldText(normalizeText(text));
  return featureCache.remember(cid, seq, { text, language, folded, profile: bigramProfile(folded), terms: contentTerms(folded, language) });
}

/**
 * The query's bigram profile as an open-addressing table (code -> count), reused from one proposal to the next: a
 * candidate's Dice is then one probe per distinct bigram of the candidate instead of a merge of the two sorted lists
 * with a branch the processor cannot predict at every step. Same integer count of common bigrams, same Dice.
 */
class QueryBigrams {
  private codes = new Uint32Array(256);
  private counts = new Uint16Array(256);
  private filled = new Uint8Array(256);
  /** the slots filled, to empty them for the next profile */
  private used = new Uint32Array(64);
  private size = 0;
  private total = 0;

  load(profile: BigramProfile): void {
    for (let i = 0; i < this.size; i++) this.filled[this.used[i]!] = 0;
    this.size = 0;
    if (4 * profile.codes.length > this.codes.length) {
      let size = this.codes.length;
      while (4 * profile.codes.length > size) size *= 2;
      this.codes = new Uint32Array(size);
      this.counts = new Uint16Array(size);
      this.filled = new Uint8Array(size);
      this.used = new Uint32Array(size / 4);
    }
    this.total = profile.total;
    for (let i = 0; i < profile.codes.length; i++) {
      const slot = this.slotOf(profile.codes[i]!);
      this.filled[slot] = 1;
      this.codes[slot] = profile.codes[i]!;
      this.counts[slot] = profile.counts[i]!;
      this.used[this.size++] = slot;
    }
  }

  /** The slot holding `code`, or the free slot where it would go. */
  private slotOf(code: number): number {
    const mask = this.codes.length - 1;
    let slot = Math.imul(code, 0x9e3779b1) >>> 16 & mask;
    while (this.filled[slot] === 1 && this.codes[slot] !== code) slot = (slot + 1) & mask;
    return slot;
  }

  /** Sørensen–Dice of the loaded profile and `other` (models/similarity/features.ts `dice`). */
  dice(other: BigramProfile): number {
    if (this.total + other.total === 0) return 0;
    const { codes, counts, filled } = this;
    const mask = codes.length - 1;
    const theirs = other.codes;
    let common = 0;
    for (let i = 0; i < theirs.length; i++) {
      const code = theirs[i]!;
      let slot = Math.imul(code, 0x9e3779b1) >>> 16 & mask;
      while (filled[slot] === 1) {
        if (codes[slot] === code) {
          common += Math.min(counts[slot]!, other.counts[i]!);
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    return (2 * common) / (this.total + other.total);
  }
}

const QUERY = new QueryBigrams();

/** Cosine of the idf-weighted term sets; the candidate's own terms absent from the query weigh the query's mean. */
function termOverlap(c: Candidates, theirs: string[]): number {
  if (c.terms.length === 0 || theirs.length === 0) return 0;
  const mine = c.idfNorm2 ??= idfNorm2(c.idf);
  const mean2 = mine / c.terms.length;
  let shared = 0;
  let other = 0;
  for (const t of theirs) {
    const w = c.idf.get(t);
    if (w === undefined) other += mean2;
    else shared += w * w;
  }
  return shared / Math.sqrt(mine * (shared + other));
}

/** The squared norm of the query's idf weights (the same sum, in the same order, for each of its candidates). */
function idfNorm2(idf: Map<string, number>): number {
  let sum = 0;
  for (const w of idf.values()) sum += w * w;
  return sum;
}

export function packSeq(seq: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(seq);
  return b;
}

export function unpackSeqs(blob: Buffer): number[] {
  const out: number[] = [];
  forEachSeq(blob, (seq) => out.push(seq));
  return out;
}

function forEachSeq(blob: Buffer, visit: (seq: number) => void): void {
  for (let i = 0; i + 4 <= blob.length; i += 4) visit(blob.readUInt32BE(i));
}
