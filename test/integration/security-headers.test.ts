/** Headers every response carries, whatever answers it — the API, its errors, the moderators' page and its files, the
 * queue board (bull-board's own Express app) — (issue 17): Strict-Transport-Security, and never X-Powered-By. */
import { describe, expect, it } from '@jest/globals';
import { serviceForSuite, URSSAF } from '../support/service.js';

const { svc } = serviceForSuite();

describe('security headers', () => {
  it('send HSTS and no X-Powered-By on answers of every kind', async () => {
    expect((await svc.call('PUT', '/v1/consultations/h', URSSAF)).status).toBe(201);
    const board = await svc.call('GET', '/ops/queues');
    const boardScript = /src="(static\/js\/[^"]+)"/.exec(String(board.body))![1]!;
    const answers = {
      health: await svc.call('GET', '/healthz', undefined, null),
      openapi: await svc.call('GET', '/v1/openapi.json', undefined, null),
      created: await svc.call('POST', '/v1/consultations/h/proposals', { externalId: 'e1', text: 'Il faut des bancs au parc' }),
      invalid: await svc.call('POST', '/v1/consultations/h/proposals', { externalId: 'e2' }),
      badJson: await svc.call('POST', '/v1/consultations/h/proposals', '{"externalId":'),
      notJson: await svc.call('POST', '/v1/consultations/h/proposals', undefined, undefined, { 'content-type': 'text/plain' }),
      unauthenticated: await svc.call('GET', '/v1/consultations', undefined, null),
      notFound: await svc.call('GET', '/nowhere', undefined, null),
      page: await svc.call('GET', '/', undefined, null),
      pageScript: await svc.call('GET', '/assets/app.js', undefined, null),
      board,
      boardScript: await svc.call('GET', `/ops/queues/${boardScript}`),
      boardRefused: await svc.call('PUT', '/ops/queues/api/queues/pause'),
    };
    const seen = Object.entries(answers).map(([name, res]) => [name, res.status, res.headers.get('strict-transport-security'), res.headers.get('x-powered-by')]);
    expect(seen).toEqual(Object.entries(answers).map(([name, res]) => [name, res.status, 'max-age=31536000', null]));
    expect(seen.map(([, status]) => status)).toEqual([200, 200, 202, 422, 400, 415, 401, 404, 200, 200, 200, 200, 405]);
  });
});
