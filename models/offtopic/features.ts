/**
 * Features of the off-topic model, pure. A proposal is described by
 * - dense relevance features: does it use a word of the question (or of the consultation's keywords) or of
 *   its description; how common its words are among the consultation's proposals seen so far (most are on
 *   topic) and among its accepted proposals (BM25-like saturation: log(1 + document frequency));
 * - sparse hashed features: its stems, the character trigrams of its stems (robust to spelling and to
 *   morphology the stemmer misses) and its stop words (the register: narration vs proposal), each group
 *   L2-normalised.
 * The logistic model (models/store/off-topic-models.ts) learns one weight per feature; PRIOR_WEIGHTS is the cold start.
 */
import type { Consultation } from '../schemas.js';
import { contentWords, functionWords, type ContentWord } from '../text/content-words.js';
import type { SupportedLanguage } from '../text/languages/registry.js';
import { corpusLines } from '../data/files.js';
import { frenchProposals } from '../text/french-model.js';
import { SEMANTIC, SEMANTIC_PRIOR_WEIGHTS, type SemanticScores } from './semantic.js';

export interface Feature { name: string; value: number }

export const BIAS = 'b';
export const DENSE = {
  question: 'd:question',
  description: 'd:description',
  seen: 'd:seen',
  accepted: 'd:accepted',
  specific: 'd:specific',
} as const;

/** Cold-start weights, before any moderator decision: a proposal sharing no word with the question and
 * whose words are rare in the consultation is probably off topic; each sign of relevance lowers the odds.
 * Set by hand on the scale of the features (0..1), from the spread of `d:seen` on the dev stream (accepted
 * proposals mostly above 0.3, off-topic ones mostly below 0.2), not fitted row by row. */
export const PRIOR_WEIGHTS: Readonly<Record<string, number>> = {
  [BIAS]: 1.5,
  [DENSE.question]: -1.5,
  [DENSE.description]: -0.3,
  [DENSE.seen]: -10,
  [DENSE.accepted]: -2,
  [DENSE.specific]: -3,
  ...SEMANTIC_PRIOR_WEIGHTS,
};

/** A stem is "common" in a consultation when it is in this share of its proposals (counted over at least
 * MIN_CORPUS proposals, so a young consultation is not judged on a handful). */
const COMMON_SHARE = 0.02;
const MIN_CORPUS = 50;
/** What `d:seen` is taken to be while the consultation has no vocabulary yet: a value where the prior
 * leaves a proposal with no word of the question just under review (p ≈ 0.08), so that a consultation's first
 * proposals are not all flagged for lack of company. Blended out as the consultation reaches MIN_CORPUS. */
const SEEN_UNKNOWN = 0.4;
/** Field of the document-frequency hashes holding the number of documents (stems are [a-z0-9]). */
export const DOCUMENTS = '#n';

/** Hashed feature space: 2^18 buckets bounds the model at 262 144 weights per consultation. */
const HASH_BUCKETS = 1 << 18;
/** Prefix of the hashed (sparse) features' names: the learner gives them a rate of their own (LEARNING.adaptive). */
export const HASHED = 'h:';

export interface ConsultationTerms {
  question: Set<string>;
  description: Set<string>;
}

export function consultationTerms(c: Pick<Consultation, 'question' | 'description' | 'keywords' | 'language'>): ConsultationTerms {
  const question = new Set([c.question, ...(c.keywords ?? [])].flatMap((t) => contentWords(t, c.language).map((w) => w.stem)));
  const description = new Set(contentWords(c.description ?? '', c.language).map((w) => w.stem).filter((s) => !question.has(s)));
  return { question, description };
}

/** What the enricher knows of a proposal's words in its consultation. */
export interface WordStats {
  /** per stem of `words`: how common it is among the consultation's other proposals, 0..1 */
  seen: number[];
  /** per stem: how common it is among the consultation's accepted proposals, 0..1 */
  accepted: number[];
  /** per stem: log-ratio of its rate among the consultation's accepted proposals to its rate among proposals
   * on every subject (see `specificity`); 0 = no evidence either way */
  specific: number[];
  /** the consultation's other proposals counted in `seen` */
  seenDocuments: number;
}

/** Statistics of a consultation that knows nothing yet (feature names do not depend on the statistics). */
export const NO_STATS: WordStats = { seen: [], accepted: [], specific: [], seenDocuments: 0 };

/** Semantic cosines are read relative to this, so that a typical on-topic proposal (cosine ≈ 0.3–0.6 to its question
 * with a paraphrase model) lowers the odds and an unrelated one (≈ 0–0.2) raises them. */
const SEMANTIC_CENTRE = 0.3;

export function semanticFeatures(scores: SemanticScores | undefined): Feature[] {
  if (!scores) return [];
  const out: Feature[] = [{ name: SEMANTIC.question, value: scores.question - SEMANTIC_CENTRE }];
  if (scores.accepted !== null) out.push({ name: SEMANTIC.accepted, value: scores.accepted - SEMANTIC_CENTRE });
  return out;
}

export function denseFeatures(words: ContentWord[], terms: ConsultationTerms, stats: WordStats): Feature[] {
  const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / Math.max(1, words.length);
  return [
    { name: BIAS, value: 1 },
    { name: DENSE.question, value: words.some((w) => terms.question.has(w.stem)) ? 1 : 0 },
    { name: DENSE.description, value: words.some((w) => terms.description.has(w.stem)) ? 1 : 0 },
    { name: DENSE.seen, value: shrunk(mean(stats.seen), stats.seenDocuments) },
    { name: DENSE.accepted, value: mean(stats.accepted) },
    { name: DENSE.specific, value: mean(stats.specific) },
  ];
}

function shrunk(seen: number, documents: number): number {
  const known = Math.min(1, documents / MIN_CORPUS);
  return known * seen + (1 - known) * SEEN_UNKNOWN;
}

export function sparseFeatures(words: ContentWord[], stopWords: string[]): Feature[] {
  const stems = words.map((w) => `w:${w.stem}`);
  const grams = new Set<string>();
  for (const { stem } of words) {
    const padded = `^${stem}$`;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(`c:${padded.slice(i, i + 3)}`);
  }
  return [...normalised(stems), ...normalised([...grams]), ...normalised(stopWords.map((w) => `f:${w}`))];
}

export interface ProposalWords { words: ContentWord[]; stopWords: string[] }

export function proposalWords(text: string, language: SupportedLanguage): ProposalWords {
  return { words: contentWords(text, language), stopWords: functionWords(text, language) };
}

/** The names of `features(text, …, { sparse, semantic })`, in the same order, without computing their values (the
 * statistics they need are read for these names). */
export function featureNames(sparse: Feature[], semantic = false): string[] {
  const names = new Set<string>([BIAS, ...Object.values(DENSE)]);
  if (semantic) for (const name of Object.values(SEMANTIC)) names.add(name);
  for (const f of sparse) names.add(f.name);
  return [...names];
}

/** All features of a proposal, merged by name (two names may share a hash bucket): the semantic ones only when
 * an embedding model scored it (models/offtopic/semantic.ts). The sparse ones do not depend on the statistics: a
 * caller scoring the same text twice passes them once computed. */
export function features(text: ProposalWords, terms: ConsultationTerms, stats: WordStats, options: FeatureOptions = {}): Feature[] {
  return [...mergedFeatures(text, terms, stats, options)].map(([name, value]) => ({ name, value }));
}

interface FeatureOptions { sparse?: Feature[]; semantic?: SemanticScores }

/** The values of a proposal's features by name, summed where names meet: dense, semantic, then sparse, in order. */
function mergedFeatures(text: ProposalWords, terms: ConsultationTerms, stats: WordStats,
  { sparse = sparseFeatures(text.words, text.stopWords), semantic }: FeatureOptions): Map<string, number> {
  const merged = new Map<string, number>();
  const add = (f: Feature) => { merged.set(f.name, (merged.get(f.name) ?? 0) + f.value); };
  denseFeatures(text.words, terms, stats).forEach(add);
  semanticFeatures(semantic).forEach(add);
  sparse.forEach(add);
  return merged;
}

function normalised(tokens: string[]): Feature[] {
  const value = tokens.length === 0 ? 0 : 1 / Math.sqrt(tokens.length);
  return tokens.map((t) => ({ name: `${HASHED}${fnv1a(t) % HASH_BUCKETS}`, value }));
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `logit(weights, features(text, terms, stats, { sparse, semantic }))` without an object per feature: the same
 * merged sums, then the same products added in the same order (the enricher scores every proposal this way; the
 * learner needs the features themselves). */
export function scoreOf(weights: ReadonlyMap<string, number>, text: ProposalWords, terms: ConsultationTerms, stats: WordStats, options: FeatureOptions = {}): number {
  let z = 0;
  mergedFeatures(text, terms, stats, options).forEach((value, name) => { z = z + (weights.get(name) ?? PRIOR_WEIGHTS[name] ?? 0) * value; });
  return z;
}

export function logit(weights: ReadonlyMap<string, number>, xs: Feature[]): number {
  return xs.reduce((z, f) => z + (weights.get(f.name) ?? PRIOR_WEIGHTS[f.name] ?? 0) * f.value, 0);
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** How common a proposal's stems are in the consultation, the proposal itself not counted (it is registered
 * in `seen` when triaged, before being scored). Scale-free, so that the model holds as the consultation grows. */
export function wordStats(words: ContentWord[], seen: ReadonlyMap<string, number>, accepted: ReadonlyMap<string, number>,
  language: SupportedLanguage): WordStats {
  const bg = background(language);
  const share = (df: number, documents: number) => Math.min(1, Math.max(0, df) / (COMMON_SHARE * Math.max(documents, MIN_CORPUS)));
  const seenDocs = (seen.get(DOCUMENTS) ?? 1) - 1;
  const acceptedDocs = accepted.get(DOCUMENTS) ?? 0;
  return {
    seen: words.map((w) => share((seen.get(w.stem) ?? 1) - 1, seenDocs)),
    accepted: words.map((w) => share(accepted.get(w.stem) ?? 0, acceptedDocs)),
    specific: bg ? words.map((w) => specificity(w.stem, accepted.get(w.stem) ?? 0, acceptedDocs, bg)) : words.map(() => 0),
    seenDocuments: seenDocs,
  };
}

/** Document frequencies of stems over a shipped corpus of proposals on every subject of public life: the
 * background against which a consultation's own subject stands out. French: models/data/fr-proposals.txt; the other
 * languages: models/data/<language>-background.txt where one is shipped (models/data/README.md: sources and
 * licences). A language without one has `d:specific` 0 (no evidence either way), and the other features carry the
 * model. */
export interface Background { documents: number; frequency(stem: string): number }

const shipped = new Map<SupportedLanguage, Background | null>();

export function backgroundOf(lines: readonly string[], language: SupportedLanguage = 'fr'): Background {
  const df = new Map<string, number>();
  for (const line of lines) for (const { stem } of contentWords(line, language)) df.set(stem, (df.get(stem) ?? 0) + 1);
  return { documents: lines.length, frequency: (stem) => df.get(stem) ?? 0 };
}

/** The shipped background of a language (null without one), built on first use (≈ 0.25 s each): loadContentModels
 * builds them before a worker starts. */
export function background(language: SupportedLanguage): Background | null {
  if (!shipped.has(language)) {
    const lines = language === 'fr' ? frenchProposals() : corpusLines(`${language}-background.txt`);
    shipped.set(language, lines ? backgroundOf(lines, language) : null);
  }
  return shipped.get(language)!;
}

/** Pseudo-documents of the shrinkage: a stem's rate in the consultation is believed different from the
 * background only once enough accepted proposals say so, so that a word missing from a young consultation is
 * not taken as evidence. */
const SPECIFICITY_PRIOR = 200;
/** A ratio measured on few documents is only believed in proportion: weight = documents / (documents + this),
 * so that a rare word (met once in either corpus) says little. */
const SPECIFICITY_EVIDENCE = 20;

/** How much more often the consultation's accepted proposals use a stem than proposals on any subject do:
 * log of the ratio of the two rates, each shrunk towards their pooled rate, weighted by the documents that
 * back it. > 0: a word of the consultation's subject ("violences" in a consultation on violence against
 * women); < 0: a word of public life in general that this consultation's accepted proposals do not use
 * ("retraite", "impôt"); 0 when neither corpus knows it. */
export function specificity(stem: string, acceptedWith: number, acceptedDocs: number, bg: Background): number {
  const inBackground = bg.frequency(stem);
  const documents = acceptedWith + inBackground;
  if (documents === 0) return 0;
  const pooled = documents / (acceptedDocs + bg.documents);
  const shrunkRate = (count: number, total: number) => (count + SPECIFICITY_PRIOR * pooled) / (total + SPECIFICITY_PRIOR);
  const evidence = documents / (documents + SPECIFICITY_EVIDENCE);
  return evidence * Math.log(shrunkRate(acceptedWith, acceptedDocs) / shrunkRate(inBackground, bg.documents));
}

