import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { triageStores } from '../../models/store/triage-stores.js';
import { pino } from 'pino';
import { ConsultationStore } from '../../models/store/consultations.js';
import { keys } from '../../models/store/keys.js';
import { ProposalStore } from '../../models/store/proposals.js';
import { parseCounts, SuggestionCalibrations } from '../../models/store/review-calibration.js';
import { ConsultationInput } from '../../models/schemas.js';
import { DecisionLearner } from '../../workers/learning/learner.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { startService, URSSAF, waitForTriage } from '../support/service.js';

const log = pino({ level: 'silent' });
let redis: TestRedis;
beforeAll(async () => { redis = await startTestRedis(); });
afterAll(async () => { await redis.stop(); });

const prefix = (cid: string) => keys.suggestionCalibrationPrefix(cid);

describe('the suggestion calibration store', () => {
  it('counts a redelivered decision once, and takes back an undone or replaced one', async () => {
    const cid = 'counts';
    const store = new SuggestionCalibrations(redis.client());
    const decision = (entryId: string, accepted: boolean) => ({ entryId, seq: 7, kind: 'decision' as const, rawAcceptProbability: 0.35, group: 'duplicate', accepted });
    expect(await store.count(cid, [decision('1-0', false)])).toBe(1);
    expect(await store.count(cid, [decision('1-0', false)])).toBe(0);
    const stats = async () => parseCounts(await redis.client().hgetall(`${prefix(cid)}counts`)).get('duplicate')!;
    expect((await stats()).n[6]).toBe(1);
    expect((await stats()).accepted[6]).toBe(0);
    // undone, then decided again the other way: the proposal counts once, with its last decision
    expect(await store.count(cid, [{ entryId: '2-0', seq: 7, kind: 'undone' }, decision('3-0', true)])).toBe(2);
    expect((await stats()).n[6]).toBe(1);
    expect((await stats()).accepted[6]).toBe(1);
    expect((await stats()).raw[6]).toBeCloseTo(0.35, 6);
    expect(await redis.client().hget(`${prefix(cid)}pairs`, '7')).toBe('duplicate 6 0.350000 1');
    expect((await store.refit(cid)).version).toBe('pav@1');
    expect((await store.read(cid)).version).toBe('pav@1');
  });
});

describe('through the service', () => {
  it('recalibrates review suggestions from moderator decisions, with a new calibration version', async () => {
    const svc = await startService(redis.url);
    const cid = 'calibrated';
    try {
      // Rules only, every proposal to review: a clean proposal's raw P(accept) is 1.
      expect((await svc.call('PUT', `/v1/consultations/${cid}`, { ...URSSAF, policy: { ...URSSAF.policy, mode: 'review_all' } })).status).toBe(201);
      const batch = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, {
        proposals: Array.from({ length: 12 }, (_, i) => ({ externalId: `c${i}`, text: `Il faut ouvrir un guichet numéro ${i} le samedi` })),
      });
      const triaged = await waitForTriage(svc, batch.body.items.map((i: { id: string }) => i.id));
      for (const p of triaged) {
        expect(p.status).toBe('pending_review');
        expect(p.suggestion.calibration).toEqual({ rawAcceptProbability: 1, group: 'none', version: 'pav@0' });
        expect(p.suggestion.modelVersions.calibration).toBe('pav@0');
        expect(p.suggestion).toMatchObject({ outcome: 'accept', confidence: 1 });
      }
      // Moderators refuse what the checks found nothing wrong with (a consultation with rules the checks miss).
      for (const p of triaged) expect((await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'reject', reason: 'other' })).status).toBe(200);
      const map = `${prefix(cid)}map`;
      const deadline = Date.now() + 10_000;
      while (Number(await svc.runtime.deps.redis.hget(map, 'n') ?? 0) < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await svc.runtime.deps.redis.hget(map, 'n')).toBe('12');

      const next = await svc.call('POST', `/v1/consultations/${cid}/proposals`, { externalId: 'probe', text: 'Il faut ouvrir un guichet le dimanche matin' });
      const [probe] = await waitForTriage(svc, [next.body.id]);
      expect(probe.suggestion.calibration.rawAcceptProbability).toBe(1);
      expect(probe.suggestion.calibration.version).not.toBe('pav@0');
      expect(probe.suggestion.modelVersions.calibration).toBe(probe.suggestion.calibration.version);
      const pAccept = probe.suggestion.outcome === 'accept' ? probe.suggestion.confidence : 1 - probe.suggestion.confidence;
      expect(pAccept).toBeLessThan(0.8);
      // the OpenAPI document shows the new field
      const doc = await svc.call('GET', '/v1/openapi.json');
      expect(JSON.stringify(doc.body.components.schemas.Suggestion)).toContain('rawAcceptProbability');
    } finally {
      await svc.close();
    }
  });

  it('ignores automatic decisions and decisions on proposals that never had a suggestion', async () => {
    const client = redis.client();
    const consultations = new ConsultationStore(client);
    const proposals = new ProposalStore(client);
    const cid = 'untriaged';
    await consultations.put(cid, ConsultationInput.parse(URSSAF));
    const { items } = await proposals.intake(cid, [{ externalId: 'u1', text: 'Il faut des horaires plus larges' }], 100);
    await proposals.decide(items[0]!.id, { outcome: 'accept', reason: null, decidedBy: 'mod-1' });
    await new DecisionLearner(client, triageStores(client), { pollMs: 50, consumer: 'test' }, log).pollOnce();
    expect(await client.exists(`${prefix(cid)}map`)).toBe(0);
    expect(await client.hlen(`${prefix(cid)}counts`)).toBe(0);
  });
});
