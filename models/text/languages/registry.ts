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

/** The locale dates are written in for a consultation language: English as in the EU and the UK ("5 January
 * 2027"), not ICU's default US order ("January 5, 2027"); the moderator page uses the same (web/assets/i18n.js). */
const DATE_LOCALES: Record<SupportedLanguage, string> = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE', es: 'es-ES', it: 'it-IT' };
export const dateLocale = (language: string): string => (isSupportedLanguage(language) ? DATE_LOCALES[language] : language);
