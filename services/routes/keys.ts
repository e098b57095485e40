import { z } from '../../models/zod.js';
import { ApiKey } from '../../models/schemas.js';
import { ApiKeyCreated, ApiKeyInput } from '../http/shapes.js';
import type { ApiDeps } from '../deps.js';
import { problems } from '../http/problem.js';
import type { ApiRouter } from '../http/route.js';

export function keyRoutes(api: ApiRouter, { auth }: ApiDeps): void {
  api.add({
    method: 'post', path: '/v1/keys', tag: 'admin', roles: [],
    summary: 'Create an API key with a role and an optional consultation scope (the token is shown once)',
    body: ApiKeyInput,
    responses: { 201: { description: 'Created', schema: ApiKeyCreated } },
    async handler({ body }) {
      return { status: 201, body: await auth.createKey(body) };
    },
  });
  api.add({
    method: 'get', path: '/v1/keys', tag: 'admin', roles: [], summary: 'List API keys (never their tokens)',
    responses: { 200: { description: 'Keys', schema: z.object({ items: z.array(ApiKey) }) } },
    async handler() {
      return { status: 200, body: { items: await auth.listKeys() } };
    },
  });
  api.add({
    method: 'delete', path: '/v1/keys/{keyId}', tag: 'admin', roles: [], summary: 'Revoke an API key',
    params: z.object({ keyId: z.string().max(100) }),
    responses: { 200: { description: 'Revoked', schema: ApiKey }, 404: { description: 'Unknown key' } },
    async handler({ params }) {
      const key = await auth.revokeKey(params.keyId);
      if (!key) throw problems.notFound(`key ${params.keyId}`);
      return { status: 200, body: key };
    },
  });
}
