import { z } from '../../models/zod.js';
import { Consultation, ConsultationId, ConsultationInput } from '../../models/schemas.js';
import type { ApiDeps } from '../deps.js';
import { CHECKS } from '../../models/pipeline.js';
import { DEFAULT_LANGUAGE, languageName } from '../../models/text/languages/registry.js';
import { clearLanguageOf } from '../../models/text/languages/stop-words.js';
import { invalidField, problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';

const CHECK_IDS = new Set(CHECKS.map((c) => c.id));

export const ConsultationParams = z.object({ id: ConsultationId });

export function consultationRoutes(api: ApiRouter, { consultations }: ApiDeps): void {
  api.add({
    method: 'put', path: '/v1/consultations/{id}', tag: 'consultations', roles: ['platform'],
    summary: 'Create or replace a consultation (question, rules, policy)',
    params: ConsultationParams, body: ConsultationInput, consultationOf: (p) => p.id,
    responses: { 200: { description: 'Replaced', schema: Consultation }, 201: { description: 'Created', schema: Consultation } },
    async handler({ params, body }) {
      // settings of a check that does not exist would be stored and never read ("constructor" was)
      const unknown = Object.keys(body.policy.checks).find((id) => !CHECK_IDS.has(id));
      if (unknown !== undefined) throw invalidField(`policy.checks.${unknown}`, `no such check; the checks are ${[...CHECK_IDS].join(', ')}`);
      // without `language` the checks are French: a question plainly in another language would see every proposal
      // refused as wrong_language
      const written = body.language === undefined ? clearLanguageOf(`${body.question}\n${body.description ?? ''}`) : null;
      if (written !== null && written !== DEFAULT_LANGUAGE) {
        const assumed = `${languageName(DEFAULT_LANGUAGE, 'en')} (${DEFAULT_LANGUAGE})`;
        const read = body.description === undefined ? 'the question reads' : 'the question and description read';
        throw invalidField('language', `absent, so the proposals would be checked as ${assumed}, but ${read} as `
          + `${languageName(written, 'en')} (${written}): give language explicitly ("${written}", or "${DEFAULT_LANGUAGE}" to keep ${assumed})`);
      }
      const { consultation, created } = await consultations.put(params.id, body);
      return { status: created ? 201 : 200, body: consultation };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations/{id}', tag: 'consultations', roles: ['platform', 'moderator', 'ops'],
    summary: 'Read a consultation', params: ConsultationParams, consultationOf: (p) => p.id,
    responses: { 200: { description: 'The consultation', schema: Consultation }, 404: { description: 'Unknown consultation' } },
    async handler({ params }) {
      const consultation = await consultations.get(params.id, { fresh: true });
      if (!consultation) throw problems.notFound(`consultation ${params.id}`);
      return { status: 200, body: consultation };
    },
  });

  api.add({
    method: 'get', path: '/v1/consultations', tag: 'consultations', roles: ['platform', 'moderator', 'ops'],
    summary: 'List the consultations this key may see',
    responses: { 200: { description: 'Consultation ids', schema: z.object({ items: z.array(ConsultationId) }) } },
    async handler({ principal }) {
      const ids = (await consultations.ids()).filter((id) => !principal.consultations || principal.consultations.has(id));
      return { status: 200, body: { items: ids } };
    },
  });
}
