/**
 * @jest-environment ./test/support/shared-typed-arrays-environment.cjs
 *
 * The service started with EMBEDDING_MODEL_DIR (a tiny BERT-shaped model the test writes: no download), through
 * HTTP: the worker loads the model, the semantic stage embeds each proposal once and the off-topic model scores
 * it semantically too, and moderators' acceptances build the consultation's accepted centroid.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseScores } from '../../models/offtopic/semantic.js';
import { keys } from '../../models/store/keys.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { startService, waitForTriage } from '../support/service.js';
import { writeTinyBert } from '../support/tiny-bert.js';

let dir: string;
let redis: TestRedis;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tiny-bert-svc-'));
  writeTinyBert(join(dir, 'tiny-bert'), 'il faut former les policiers à accueillir victimes de violences ouvrir des crèches'.split(' '));
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the service with an embedding model', () => {
  it('scores proposals semantically end to end and learns the accepted centroid from moderators', async () => {
    const svc = await startService(redis.url, { EMBEDDING_MODEL_DIR: join(dir, 'tiny-bert') });
    try {
      await svc.call('PUT', '/v1/consultations/sem', {
        question: 'Comment former les policiers à accueillir les victimes de violences ?', policy: { mode: 'review_all' },
      });
      const texts = Array.from({ length: 6 }, (_, i) => `Il faut former les policiers à accueillir les victimes ${i}`);
      const posted = await svc.call('POST', '/v1/consultations/sem/proposals/batch', { proposals: texts.map((text, i) => ({ externalId: `s${i}`, text })) });
      expect(posted.status).toBe(202);
      const triaged = await waitForTriage(svc, posted.body.items.map((i: { id: string }) => i.id));
      for (const p of triaged) expect(p.suggestion.modelVersions).toMatchObject({ embedding: 'tiny-bert', off_topic: expect.any(String) });

      const client = svc.runtime.deps.redis;
      const prefix = keys.offTopicPrefix('sem');
      const scores = (await client.hmget(`${prefix}sem`, '1', '6')).map(parseScores);
      for (const s of scores) expect(s!.question).toBeGreaterThan(0); // shares the question's words

      for (const p of triaged) expect((await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'accept' })).status).toBe(200);
      const deadline = Date.now() + 20_000;
      while (Number(await client.hget(`${prefix}semsum`, '#n') ?? 0) < 6) {
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 50));
      }
      const later = await svc.call('POST', '/v1/consultations/sem/proposals', { externalId: 'late', text: texts[0] });
      await waitForTriage(svc, [later.body.id]);
      const seq = later.body.id.split('~')[1];
      expect(parseScores(await client.hget(`${prefix}sem`, seq))!.accepted).toBeGreaterThan(0.5);
    } finally {
      await svc.close();
    }
  });
});
