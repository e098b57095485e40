/**
 * Everything the content checks (and the off-topic scorer's background corpus) read, loaded before the triage
 * worker starts (≈1.5 s), so the checks stay pure synchronous functions and no batch pays for a first load. The
 * big read-only tables are held once per process and shared by its triage threads (models/text/shared-tables.ts).
 */
import { background } from '../offtopic/features.js';
import { useDictionaries } from '../text/dictionaries.js';
import { frenchModel } from '../text/french-model.js';
import { initLanguageId } from '../text/language-id.js';
import { sharedTables, useSharedTables, type SharedTables } from '../text/shared-tables.js';
import { SUPPORTED_LANGUAGES } from '../text/languages/registry.js';
import { toxicLexicon } from '../text/toxic-lexicon.js';

/** `tables`: a triage thread's share of its process's tables; the main thread loads them. */
export async function loadContentModels(tables?: SharedTables): Promise<void> {
  if (tables) useSharedTables(tables);
  else useDictionaries((await sharedTables()).dictionaries);
  await initLanguageId();
  frenchModel();
  for (const language of SUPPORTED_LANGUAGES) {
    toxicLexicon(language);
    background(language);
  }
}
