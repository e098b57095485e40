/**
 * Content words for lexical matching, in the consultation's language: lower case, stop words out
 * (models/text/languages/stop-words.ts), Snowball stems with accents folded afterwards (the stemmer's suffix rules
 * need the accents, matching must not depend on them), so "violences", "Violence" and "violent" meet,
 * "éducation" meets "education", "Häuser" meets "Haus" and "housing" meets "houses".
 */
import { compoundParts } from './dictionaries.js';
import type { SupportedLanguage } from './languages/registry.js';
import { stopWords } from './languages/stop-words.js';
import { memoiseText, memoiseWord } from './memo.js';
import { foldText, normalizeText } from './normalize.js';
import { stemmerFor } from './stemmers.js';

const WORD = /[\p{L}\p{N}]+/gu;

export interface ContentWord {
  stem: string;
  /** the first form met in the text, for explanations */
  word: string;
}

/** What matching needs of one lower-cased word: its folded form, whether it is a stop word, and the folded stems
 * of a content word (none for a stop word): one, or in German one per part of a compound, so that "Energiesektor"
 * and "Energieverbrauch" answer a question on "Energie" (models/text/dictionaries.ts, `compoundParts`). Memoised per language: folding and stemming every word of every
 * proposal afresh was about 5 % of a triage worker's CPU profile (content words and their folding,
 * docs/PERFORMANCE.md). */
interface WordInfo { folded: string; stop: boolean; stems: readonly string[] }

const wordInfos = new Map<SupportedLanguage, (raw: string) => WordInfo>();

function wordInfoFor(language: SupportedLanguage): (raw: string) => WordInfo {
  let info = wordInfos.get(language);
  if (!info) {
    const stops = stopWords(language);
    const stem = stemmerFor(language);
    wordInfos.set(language, info = memoiseWord((raw): WordInfo => {
      const folded = foldText(raw);
      const stop = stops.has(folded);
      if (folded.length < 2 || stop || /^\d+$/.test(folded)) return { folded, stop, stems: [] };
      const stems = compoundParts(language, raw).map((part) => foldText(stem(part))).filter((s) => s.length >= 2 && !stops.has(s));
      return { folded, stop, stems };
    }));
  }
  return info;
}

/** asked twice of a proposal's text (proposalWords: its content words, then its function words) */
const lowerCaseWords = memoiseText((text: string): readonly string[] => normalizeText(text).toLowerCase().match(WORD) ?? []);

/** The distinct content words of a text by stem, in order of first appearance. */
export function contentWords(text: string, language: SupportedLanguage = 'fr'): ContentWord[] {
  const info = wordInfoFor(language);
  const byStem = new Map<string, string>();
  for (const raw of lowerCaseWords(text)) {
    for (const stem of info(raw).stems) if (!byStem.has(stem)) byStem.set(stem, raw);
  }
  return [...byStem].map(([stem, word]) => ({ stem, word }));
}

/** The distinct stop words of a text, folded: they carry no subject, but their mix carries the register. */
export function functionWords(text: string, language: SupportedLanguage = 'fr'): string[] {
  const info = wordInfoFor(language);
  const seen = new Set<string>();
  for (const raw of lowerCaseWords(text)) {
    const { folded, stop } = info(raw);
    if (stop) seen.add(folded);
  }
  return [...seen];
}

export function contentStems(text: string, language: SupportedLanguage = 'fr'): string[] {
  return contentWords(text, language).map((w) => w.stem);
}
