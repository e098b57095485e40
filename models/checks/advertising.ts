import { matchKey } from '../text/confusables.js';
import { DOMAIN_ENDINGS, withSpelledAddresses } from '../text/spelled-addresses.js';
import { words } from '../text/normalize.js';
import { quoter, wordAt, wordOffsets, type Reading } from '../text/written.js';
import type { SupportedLanguage } from '../text/languages/registry.js';
import { quoteList } from './detail.js';
import { joinParts, message } from './messages.js';
import type { Check } from './types.js';

/** A link written out: it runs to the next space. */
const EXPLICIT_LINK = /\b(?:https?:\/\/|www\.)\S+/giu;
/** A domain's ending; the host is read backwards from it (`hostBefore`), so no pattern has to guess where a host
 * starts: a pattern that did (`\b(?:[\p{L}\p{N}-]+\.)+com`) tried every start of a long word and was quadratic
 * in its length — 230 ms for 5,000 characters of alternating Latin and Cyrillic, whose `\b` is everywhere. */
const TLD = new RegExp(`\\.(?:${DOMAIN_ENDINGS})(?![\\p{L}\\p{N}])(?:\\/\\S*)?`, 'giu');
/** country endings that are also words starting a sentence after a missing space ("…así.Es importante"): only in
 * lower case, as addresses are written */
const WORD_LIKE_TLD = /^\.(?:De|DE|Uk|UK|Es|ES|It|IT|At|AT|Ch|CH|Be|BE)(?![\p{L}\p{N}])/u;
/** French inclusive writing ("enseignant.es", "caissier.es") is not a Spanish domain: in a French consultation, a
 * bare ".es" needs "www." or "https://" to be a link */
const INCLUSIVE_PLURAL = /^\.es(?![\p{L}\p{N}])/u;
const HOST_CHAR = /[\p{L}\p{N}.-]/u;
/** DNS names are at most 253 characters: reading further back cannot find a longer host */
const MAX_HOST = 253;
/** public-service and non-profit domains of the consultation countries: a link there is a source, not an advert */
const PUBLIC_DOMAIN = /(?:^|\.)(?:gouv\.fr|service-public\.fr|europa\.eu|assemblee-nationale\.fr|senat\.fr|wikipedia\.org|legifrance\.gouv\.fr|ameli\.fr|urssaf\.fr|caf\.fr|gov\.uk|nhs\.uk|parliament\.uk|legislation\.gov\.uk|bund\.de|bundestag\.de|bundesregierung\.de|gv\.at|admin\.ch|gob\.es|boe\.es|congreso\.es|gov\.it|governo\.it|camera\.it|senato\.it|gazzettaufficiale\.it)$/i;
const SHOP_DOMAIN = /\.(?:shop|store|biz|online|site)$|(?:shop|store|boutique|promo|deal|cheap|discount|casino|bet|crypto|tienda|negozio|rabatt|angebot|oferta|offerta|sconto)/i;
/** Commercial calls to action and offers, per language (folded: lower case, no accents, no punctuation), rare in a
 * civic proposal. A bare "discount" word (Rabatt, descuento, sconto) is not one: a discount for students or
 * pensioners is a civic proposal; its shop forms are ("20 % Rabatt", "codice sconto"). */
const PROMO: Readonly<Record<SupportedLanguage, RegExp>> = {
  fr: /\b(?:code promo|promo|reduction de \d+|\d+ ?% de reduction|livraison (?:gratuite|offerte)|achetez|commandez|profitez de|offre (?:speciale|exceptionnelle|limitee)|meilleurs? prix|prix (?:imbattables?|casses?)|cliquez|inscrivez vous|abonnez vous|rendez vous sur|en vente sur|notre boutique|notre site|contactez nous|devis gratuit|satisfait ou rembourse)\b/g,
  en: /\b(?:promo code|discount code|coupon code|use code|buy now|order now|shop now|click here|sign up now|subscribe now|free (?:shipping|delivery)|limited (?:time )?offer|special offer|best prices|lowest prices|\d+ (?:percent )?(?:off|discount)|visit our (?:site|website|shop|store)|our (?:online )?(?:shop|store)|check out (?:my|our)|dm me|money back guarantee|free quote|earn money|work from home)\b/g,
  de: /\b(?:jetzt (?:kaufen|bestellen|zugreifen|anmelden|registrieren)|gutscheincode|rabattcode|rabattaktion|\d+ rabatt|versandkostenfrei|(?:kostenloser|gratis) versand|sonderangebot|nur (?:heute|fur kurze zeit)|bestpreis|besuchen sie (?:unseren shop|unsere website|uns auf)|unser (?:online )?shop|hier klicken|klicken sie hier|geld zuruck garantie|(?:kostenloses|unverbindliches) angebot)\b/g,
  es: /\b(?:compra(?:lo)? ya|compr[ae] ahora|codigo (?:de )?descuento|codigo promocional|cupon de descuento|descuento del \d+|\d+ de descuento|envio (?:gratis|gratuito)|oferta (?:especial|limitada|exclusiva)|mejor precio|precios? increibles?|visita (?:nuestra (?:tienda|web)|nuestro sitio)|nuestra tienda|haz clic|haga clic|pincha aqui|suscribete|registrate ya|llama ya|presupuesto (?:gratis|sin compromiso)|satisfaccion garantizada)\b/g,
  it: /\b(?:compra ora|acquista (?:ora|subito)|ordina ora|codice (?:sconto|promo(?:zionale)?)|sconto del \d+|\d+ di sconto|spedizione (?:gratuita|gratis)|offerta (?:speciale|limitata|imperdibile)|miglior prezzo|prezzi (?:imbattibili|stracciati)|visita il nostro (?:sito|negozio)|il nostro negozio|clicca qui|iscriviti (?:ora|subito)|contattaci|preventivo gratuito|soddisfatti o rimborsati)\b/g,
};
/** English shop phrases read in every language: adverts borrow them ("promo code", "buy now") */
const PROMO_EVERYWHERE = /\b(?:promo code|discount code|buy now|shop now|free shipping|click here|limited offer)\b/g;

/** Advertising: links (commercial ones weigh most) and promotional language in the consultation's language. */
export const advertisingCheck: Check = {
  id: 'advertising',
  kind: 'scored',
  autoRejectAt: 0.95,
  run({ proposal, consultation }) {
    const language = consultation.language;
    const links = linksIn(withSpelledAddresses(proposal.normalized), language).map((l) => l.replace(/[.,;:!?)]+$/, ''));
    const hosts = links.map(hostOf).filter((h) => !PUBLIC_DOMAIN.test(h));
    const promo = promotionalWords(proposal.normalized, language);
    if (hosts.length === 0 && promo.length === 0) return null;
    const shop = hosts.some((h) => SHOP_DOMAIN.test(h));
    const linkScore = hosts.length === 0 ? 0 : shop ? 0.9 : 0.5;
    const promoScore = promo.length === 0 ? 0 : promo.length === 1 ? 0.3 : 0.7;
    const score = 1 - (1 - linkScore) * (1 - promoScore);
    const parts = [
      ...(hosts.length > 0 ? [message(language, shop || promo.length > 0 ? 'advertising.commercialLink' : 'advertising.link', { hosts: quoteList(hosts) })] : []),
      ...(promo.length > 0 ? [message(language, 'advertising.promo', { words: quoteList(promo) })] : []),
    ];
    return { code: 'advertising', score, detail: joinParts(language, parts) };
  },
};

const readKey: Reading = (text) => words(matchKey(text));

/** The promotional phrases of a text, matched on its folded words, quoted as the author wrote them ("Envío gratis",
 * not "envio gratis"), each once. */
function promotionalWords(normalized: string, language: SupportedLanguage): string[] {
  const keyWords = readKey(normalized);
  const key = keyWords.join(' ');
  const matches = [...key.matchAll(PROMO[language]), ...(language === 'en' ? [] : key.matchAll(PROMO_EVERYWHERE))];
  if (matches.length === 0) return [];
  const offsets = wordOffsets(keyWords);
  const quote = quoter(normalized, readKey, keyWords);
  const seen = new Set<string>();
  return matches.filter((m) => !seen.has(m[0]) && seen.add(m[0]))
    .map((m) => quote(wordAt(offsets, m.index), wordAt(offsets, m.index + m[0].length - 1)));
}

/** Links written out, and bare domains ("superpromo-shop.com/soldes") outside them; linear in the text's length. */
function linksIn(text: string, language: SupportedLanguage): string[] {
  const links: string[] = [];
  let coveredUntil = 0;
  const explicit = [...text.matchAll(EXPLICIT_LINK)];
  for (const m of explicit) links.push(m[0]);
  let next = 0;
  for (const m of text.matchAll(TLD)) {
    if (WORD_LIKE_TLD.test(m[0]) || (language === 'fr' && INCLUSIVE_PLURAL.test(m[0]))) continue;
    // inside a link already found
    while (next < explicit.length && explicit[next]!.index + explicit[next]![0].length <= m.index) next++;
    const inside = next < explicit.length && explicit[next]!.index <= m.index;
    const start = hostBefore(text, m.index, coveredUntil);
    coveredUntil = m.index + m[0].length;
    if (!inside && start < m.index && text[m.index - 1] !== '.') links.push(text.slice(start, coveredUntil));
  }
  return links;
}

/** Where the host that ends at `end` starts: host characters read backwards, at most MAX_HOST, never before `floor`
 * (the end of the previous match), starting with a letter or digit. */
function hostBefore(text: string, end: number, floor: number): number {
  let start = end;
  const limit = Math.max(floor, end - MAX_HOST);
  while (start > limit && HOST_CHAR.test(text[start - 1]!)) start--;
  while (start < end && !/[\p{L}\p{N}]/u.test(text[start]!)) start++;
  return start;
}

function hostOf(link: string): string {
  return link.replace(/^https?:\/\//i, '').replace(/^www\./i, '').split(/[/?#]/)[0]!.toLowerCase();
}
