import { matchKey } from '../text/confusables.js';
import { quoteList } from './detail.js';
import type { Check } from './types.js';

/** A link written out: it runs to the next space. */
const EXPLICIT_LINK = /\b(?:https?:\/\/|www\.)\S+/giu;
/** A domain's ending; the host is read backwards from it (`hostBefore`), so no pattern has to guess where a host
 * starts: a pattern that did (`\b(?:[\p{L}\p{N}-]+\.)+com`) tried every start of a long word and was quadratic
 * in its length — 230 ms for 5,000 characters of alternating Latin and Cyrillic, whose `\b` is everywhere. */
const TLD = /\.(?:com|fr|net|org|io|shop|store|biz|info|eu|co|me|app|online|site)(?![\p{L}\p{N}])(?:\/\S*)?/giu;
const HOST_CHAR = /[\p{L}\p{N}.-]/u;
/** DNS names are at most 253 characters: reading further back cannot find a longer host */
const MAX_HOST = 253;
/** public-service and non-profit domains: a link there is a source, not an advert */
const PUBLIC_DOMAIN = /(?:^|\.)(?:gouv\.fr|service-public\.fr|europa\.eu|assemblee-nationale\.fr|senat\.fr|wikipedia\.org|legifrance\.gouv\.fr|ameli\.fr|urssaf\.fr|caf\.fr)$/i;
const SHOP_DOMAIN = /\.(?:shop|store|biz|online|site)$|(?:shop|store|boutique|promo|deal|casino|bet|crypto)/i;
/** commercial calls to action and offers (folded), rare in a civic proposal */
const PROMO = /\b(?:code promo|promo|reduction de \d+|\d+ ?% de reduction|livraison (?:gratuite|offerte)|achetez|commandez|profitez de|offre (?:speciale|exceptionnelle|limitee)|meilleurs? prix|prix (?:imbattables?|casses?)|cliquez|inscrivez vous|abonnez vous|rendez vous sur|en vente sur|notre boutique|notre site|contactez nous|devis gratuit|satisfait ou rembourse)\b/g;

/** Advertising: links (commercial ones weigh most) and promotional language. */
export const advertisingCheck: Check = {
  id: 'advertising',
  kind: 'scored',
  autoRejectAt: 0.95,
  run({ proposal }) {
    const links = linksIn(proposal.normalized).map((l) => l.replace(/[.,;:!?)]+$/, ''));
    const hosts = links.map(hostOf).filter((h) => !PUBLIC_DOMAIN.test(h));
    const promo = [...new Set(matchKey(proposal.normalized).match(PROMO) ?? [])];
    if (hosts.length === 0 && promo.length === 0) return null;
    const shop = hosts.some((h) => SHOP_DOMAIN.test(h));
    const linkScore = hosts.length === 0 ? 0 : shop ? 0.9 : 0.5;
    const promoScore = promo.length === 0 ? 0 : promo.length === 1 ? 0.3 : 0.7;
    const score = 1 - (1 - linkScore) * (1 - promoScore);
    const parts = [
      ...(hosts.length > 0 ? [`${shop || promo.length > 0 ? 'lien vers un site commercial' : 'lien'} : ${quoteList(hosts)}`] : []),
      ...(promo.length > 0 ? [`langage promotionnel : ${quoteList(promo)}`] : []),
    ];
    return { code: 'advertising', score, detail: parts.join(' ; ') };
  },
};

/** Links written out, and bare domains ("superpromo-shop.com/soldes") outside them; linear in the text's length. */
function linksIn(text: string): string[] {
  const links: string[] = [];
  let coveredUntil = 0;
  const explicit = [...text.matchAll(EXPLICIT_LINK)];
  for (const m of explicit) links.push(m[0]);
  let next = 0;
  for (const m of text.matchAll(TLD)) {
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
