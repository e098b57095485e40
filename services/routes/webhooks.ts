import { z } from '../../models/zod.js';
import { DeadWebhook, Webhook, WebhookDelivery, WebhookInput, WebhookWithSecret } from '../../models/decision-feed.js';
import type { WebhookEndpoint } from '../../models/store/webhooks.js';
import type { ApiDeps } from '../deps.js';
import { problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';
import { ConsultationParams } from './consultations.js';
import { requireConsultation } from './lookup.js';

/** What the API shows of an endpoint: never the secrets themselves. */
const publicView = ({ signingKeys: _keys, ...view }: WebhookEndpoint): Webhook => view;

export function webhookRoutes(api: ApiRouter, { consultations, webhooks, webhookDeadLetters, webhookAddresses }: ApiDeps): void {
  /** The URL as the parser normalises it (`http://2130706433/` is `http://127.0.0.1/`), if the policy lets it through. */
  const normalisedTarget = (text: string): string => {
    const url = new URL(text);
    const problem = webhookAddresses.urlProblem(url);
    if (problem) throw problems.invalidField('url', problem);
    return url.href;
  };
  const requireEndpoint = async (id: string) => {
    const endpoint = await webhooks.get(id);
    if (!endpoint) throw problems.notFound(`the webhook of consultation ${id}`);
    return endpoint;
  };
  const base = '/v1/consultations/{id}/webhook';
  const scope = { params: ConsultationParams, consultationOf: (p: { id: string }) => p.id, tag: 'webhooks' };

  api.add({
    ...scope, method: 'put', path: base, roles: ['platform'],
    summary: 'Create or replace the webhook endpoint of a consultation (enabled: true re-enables it)',
    body: WebhookInput,
    responses: {
      200: { description: 'Replaced', schema: WebhookWithSecret },
      201: { description: 'Created (with the generated secret, shown once)', schema: WebhookWithSecret },
      404: { description: 'Unknown consultation' },
    },
    async handler({ params, body }) {
      await requireConsultation(consultations, params.id);
      const { created, generated } = await webhooks.put(params.id, { ...body, url: normalisedTarget(body.url) });
      const view = publicView(await requireEndpoint(params.id));
      return { status: created ? 201 : 200, body: generated ? { ...view, secret: generated } : view };
    },
  });

  api.add({
    ...scope, method: 'get', path: base, roles: ['platform', 'ops'], summary: 'Read the webhook endpoint (secrets masked)',
    responses: { 200: { description: 'The endpoint', schema: Webhook }, 404: { description: 'No endpoint' } },
    async handler({ params }) {
      return { status: 200, body: publicView(await requireEndpoint(params.id)) };
    },
  });

  api.add({
    ...scope, method: 'delete', path: base, roles: ['platform'], summary: 'Remove the webhook endpoint',
    responses: { 204: { description: 'Removed' }, 404: { description: 'No endpoint' } },
    async handler({ params }) {
      if (!(await webhooks.remove(params.id))) throw problems.notFound(`the webhook of consultation ${params.id}`);
      return { status: 204 };
    },
  });

  api.add({
    ...scope, method: 'post', path: `${base}/secrets`, roles: ['platform'],
    summary: 'Rotate: a new secret signs alongside the previous one until that one is removed',
    responses: { 201: { description: 'The endpoint, with the new secret (shown once)', schema: WebhookWithSecret }, 404: { description: 'No endpoint' } },
    async handler({ params }) {
      const secret = await webhooks.rotate(params.id);
      if (!secret) throw problems.notFound(`the webhook of consultation ${params.id}`);
      return { status: 201, body: { ...publicView(await requireEndpoint(params.id)), secret } };
    },
  });

  api.add({
    ...scope, method: 'delete', path: `${base}/secrets/{secretId}`, roles: ['platform'],
    params: ConsultationParams.extend({ secretId: z.string().max(40) }),
    summary: 'Retire a secret (after the receiver switched to the new one)',
    responses: { 200: { description: 'The endpoint', schema: Webhook }, 404: { description: 'No such secret' }, 409: { description: 'The last secret cannot be removed' } },
    async handler({ params }) {
      const result = await webhooks.removeSecret(params.id, params.secretId);
      if (result === 'missing') throw problems.notFound(`secret ${params.secretId}`);
      if (result === 'last') throw problems.conflict('the last secret of an endpoint cannot be removed; rotate first');
      return { status: 200, body: publicView(await requireEndpoint(params.id)) };
    },
  });

  api.add({
    ...scope, method: 'get', path: `${base}/deliveries`, roles: ['platform', 'ops'],
    summary: 'The last delivery attempts, newest first',
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
    responses: { 200: { description: 'Attempts', schema: z.object({ items: z.array(WebhookDelivery) }) } },
    async handler({ params, query }) {
      return { status: 200, body: { items: await webhooks.deliveries(params.id, query.limit) } };
    },
  });

  api.add({
    ...scope, method: 'get', path: `${base}/dead-letters`, roles: ['platform', 'ops'],
    summary: 'Events that used all their attempts (or met a disabled endpoint)',
    responses: { 200: { description: 'Dead events', schema: z.object({ items: z.array(DeadWebhook) }) } },
    async handler({ params }) {
      return { status: 200, body: { items: await webhookDeadLetters.list(params.id) } };
    },
  });

  api.add({
    ...scope, method: 'post', path: `${base}/replay`, roles: ['platform', 'ops'],
    summary: 'Send the dead events of this consultation again (same event ids)',
    responses: { 200: { description: 'How many were queued again', schema: z.object({ replayed: z.number().int() }) }, 404: { description: 'No endpoint' }, 409: { description: 'The endpoint is disabled' } },
    async handler({ params }) {
      const endpoint = await requireEndpoint(params.id);
      if (!endpoint.enabled) throw problems.conflict('the endpoint is disabled: enable it (PUT with enabled: true) before replaying');
      return { status: 200, body: { replayed: await webhookDeadLetters.replay(params.id) } };
    },
  });
}
