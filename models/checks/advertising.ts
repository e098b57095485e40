import { foldText } from '../text/normalize.js';
import { quoteList } from './detail.js';
import type { Check } from './types.js';

const URL = /\b(?:https?:\/\/|www\.)[^\s]+|\b(?:[\p{L}\p{N}-]+\.)+(?:com|fr|net|org|io|shop|store|biz|info|eu|co|me|app|online|site)\b(?:\/[^\s]*)?/giu;
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
    const links = [...proposal.normalized.matchAll(URL)].map((m) => m[0].replace(/[.,;:!?)]+$/, ''));
    const hosts = links.map(hostOf).filter((h) => !PUBLIC_DOMAIN.test(h));
    const promo = [...new Set(foldText(proposal.normalized).match(PROMO) ?? [])];
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

function hostOf(link: string): string {
  return link.replace(/^https?:\/\//i, '').replace(/^www\./i, '').split(/[/?#]/)[0]!.toLowerCase();
}
