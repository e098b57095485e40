/** What the moderator page needs beyond the review API: the deployment's brand and wording (public: the sign-in
 * page shows them) and the moderators' names, so that people are shown by name rather than by key id. */
import { z } from '../../models/zod.js';
import { REASON_CODES, ReasonCode, Role } from '../../models/schemas.js';
import { reasonLabels } from '../../models/reason-catalogue.js';
import type { ApiDeps } from '../deps.js';
import type { ApiRouter } from '../http/route.js';

const UiSettings = z.object({
  brand: z.string().openapi({ description: 'the deployment\'s name shown in the page header (BRAND_NAME); empty for none' }),
  reasonCodes: z.array(ReasonCode).openapi({ description: 'the reason codes in their order (the page\'s keys 1…9, 0, o follow it)' }),
  reasons: z.record(z.string(), z.record(ReasonCode, z.string())).openapi({ description: 'reason labels by language, then by reason code (models/reason-catalogue.ts, the words statements of reasons use too)' }),
  undoWindowMs: z.number().int().openapi({ description: 'how long a moderator may undo a decision (REVIEW_UNDO_WINDOW_MS)' }),
}).openapi('UiSettings');

const Person = z.object({ id: z.string(), name: z.string(), role: Role }).openapi('Person');

export function workspaceRoutes(api: ApiRouter, { env, auth }: ApiDeps): void {
  api.add({
    method: 'get', path: '/v1/ui', tag: 'session', roles: 'public',
    summary: 'The web page\'s settings: the deployment\'s brand and the reason labels in each language of the page',
    responses: { 200: { description: 'Settings', schema: UiSettings } },
    async handler() {
      return { status: 200, body: { brand: env.BRAND_NAME, reasonCodes: [...REASON_CODES], reasons: reasonLabels(), undoWindowMs: env.REVIEW_UNDO_WINDOW_MS } };
    },
  });

  api.add({
    method: 'get', path: '/v1/people', tag: 'moderation', roles: ['moderator', 'ops'],
    summary: 'The names of the moderators whose decisions the caller can see (keys sharing a consultation with the caller\'s, revoked ones included: the history keeps them)',
    responses: { 200: { description: 'People', schema: z.object({ items: z.array(Person) }) } },
    async handler({ principal }) {
      const mine = principal.consultations;
      const visible = (scope: readonly string[] | null) => !mine || !scope || scope.some((c) => mine.has(c));
      const items = (await auth.listKeys())
        .filter((k) => (k.role === 'moderator' || k.role === 'ops') && visible(k.consultations))
        .map((k) => ({ id: k.id, name: k.name, role: k.role }));
      return { status: 200, body: { items } };
    },
  });
}
