// The page's languages: French (the reference), English, German. The moderator's choice is remembered per
// moderator (localStorage `ui-lang:<id>`) and, before sign-in, per browser. Reason labels come from the service
// (GET /v1/ui: models/reason-catalogue.ts, the words statements of reasons use too), never from a copy here;
// language names from the browser (Intl.DisplayNames).
import fr from './i18n/fr.js';
import en from './i18n/en.js';
import de from './i18n/de.js';

const DICTIONARIES = { fr, en, de };
export const UI_LANGUAGES = Object.keys(DICTIONARIES);
const LOCALES = { fr: 'fr-FR', en: 'en-GB', de: 'de-DE' };

let lang = 'fr';
let vocabulary = { reasons: {}, reasonCodes: [] };
const listeners = new Set();

/** Every page language's wording of `key`: what an address written in any of them may say. */
export const inEveryLanguage = (key) => UI_LANGUAGES.map((code) => DICTIONARIES[code][key] ?? fr[key]);

/** t('queue.total', { n: 3 }) — the wording in the page's language, `{name}` replaced by params. */
export function t(key, params = {}) {
  const text = DICTIONARIES[lang][key] ?? fr[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** tn('appeals.reportedBy', 2) — the key's `.one` or `.other` form for n, by the language's plural rules; n is
 * passed as {n}. */
export function tn(key, n, params = {}) {
  const form = new Intl.PluralRules(LOCALES[lang]).select(n) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}`, { ...params, n });
}

export const currentLang = () => lang;
export const locale = () => LOCALES[lang];

/** The label of a reason code (or 'none': nothing found) in the page's language. */
export const reasonLabel = (code) => (code === 'none' ? t('reason.none')
  : vocabulary.reasons[lang]?.[code] ?? vocabulary.reasons.fr?.[code] ?? code);
/** The reason codes in the service's order (the keys 1…9, 0, o of the reject menu follow it). */
export const reasonCodes = () => vocabulary.reasonCodes;

/** The name of a language in the page's language ("anglais"), or in itself (`own`: "English") for the chooser. */
export function languageName(code, own = false) {
  try {
    return new Intl.DisplayNames([own ? code : LOCALES[lang]], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function setVocabulary(v) { vocabulary = v; }

/** Before sign-in: the browser's remembered choice, else its preferred language when the page has it. */
export function initialLang() {
  const remembered = localStorage.getItem('ui-lang');
  if (UI_LANGUAGES.includes(remembered)) return remembered;
  const preferred = (navigator.languages ?? [navigator.language]).map((l) => String(l).slice(0, 2));
  return preferred.find((l) => UI_LANGUAGES.includes(l)) ?? 'fr';
}

/** The moderator's own remembered choice, if any. */
export const langOf = (principalId) => {
  const v = localStorage.getItem(`ui-lang:${principalId}`);
  return UI_LANGUAGES.includes(v) ? v : null;
};

export function setLang(next, principalId = null) {
  if (!UI_LANGUAGES.includes(next)) return;
  lang = next;
  localStorage.setItem('ui-lang', next);
  if (principalId) localStorage.setItem(`ui-lang:${principalId}`, next);
  document.documentElement.lang = next;
  translateStatic();
  for (const fn of listeners) fn(next);
}

export const onLangChange = (fn) => listeners.add(fn);

/** Static wording of index.html: elements marked data-i18n (text), data-i18n-aria-label or data-i18n-href. */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n-href]')) el.setAttribute('href', t(el.dataset.i18nHref));
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}
