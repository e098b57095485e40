/**
 * The consultation languages the service triages, in one place: the consultation schema's enum (so PUT refuses
 * any other with 422 naming `language`, and the OpenAPI document lists them), the reason catalogue's languages
 * and the per-language resources of the checks are keyed by it. French is the default.
 */
export const SUPPORTED_LANGUAGES = ['fr', 'en', 'de', 'es', 'it'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: SupportedLanguage = 'fr';

export function isSupportedLanguage(code: string): code is SupportedLanguage {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(code);
}

/** "anglais" for ("en", "fr"), "English" for ("en", "en"); the code itself when ICU does not know it. */
export function languageName(code: string, inLanguage: string): string {
  try {
    let names = displayNames.get(inLanguage);
    if (!names) displayNames.set(inLanguage, names = new Intl.DisplayNames([inLanguage], { type: 'language' }));
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

const displayNames = new Map<string, Intl.DisplayNames>();
