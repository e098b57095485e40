/**
 * Everything the content checks (and the off-topic scorer's background corpus) read, loaded once per process
 * before the triage worker starts (≈1.5 s), so the checks stay pure synchronous functions and no batch pays for
 * a first load.
 */
import { background } from '../offtopic/features.js';
import { loadFrenchDictionary } from '../text/french-dictionary.js';
import { frenchModel } from '../text/french-model.js';
import { initLanguageId } from '../text/language-id.js';
import { toxicLexicon } from '../text/toxic-lexicon.js';

export async function loadContentModels(): Promise<void> {
  await initLanguageId();
  loadFrenchDictionary();
  frenchModel();
  toxicLexicon();
  background();
}
