import { describe, expect, it } from '@jest/globals';
import { URSSAF_ALL_CHECKS as URSSAF, waitForTriage, serviceForSuite } from '../support/service.js';

const { svc } = serviceForSuite();

describe('intake -> triage -> decision, through HTTP', () => {
  it('creates a consultation, triages proposals and lets a moderator decide', async () => {
    const put = await svc.call('PUT', '/v1/consultations/urssaf', URSSAF);
    expect(put.status).toBe(201);
    expect(put.body.rules).toEqual(URSSAF.rules);
    expect((await svc.call('PUT', '/v1/consultations/urssaf', URSSAF)).status).toBe(200);

    const batch = await svc.call('POST', '/v1/consultations/urssaf/proposals/batch', {
      proposals: [
        { externalId: 'a', text: "Il faut simplifier les déclarations trimestrielles des indépendants" },
        { externalId: 'b', text: 'Trop court' },
        { externalId: 'c', text: "Supprimer les pénalités de retard pour la première année d'activité" },
        { externalId: 'd', text: "il faut SIMPLIFIER les déclarations trimestrielles des indépendants !" },
      ],
    });
    expect(batch.status).toBe(202);
    expect(batch.body.items.map((i: any) => i.externalId)).toEqual(['a', 'b', 'c', 'd']);
    const ids = batch.body.items.map((i: any) => i.id);
    const [a, b, c, d] = await waitForTriage(svc, ids);

    expect(a.status).toBe('accepted');
    expect(a.decision).toMatchObject({ outcome: 'accept', decidedBy: 'system', reason: null });
    expect(b.status).toBe('rejected');
    expect(b.decision.reason).toBe('too_short');
    expect(c.status).toBe('rejected');
    expect(c.decision.reason).toBe('missing_prefix');
    expect(d.status).toBe('rejected');
    expect(d.decision.reason).toBe('duplicate');
    expect(d.similar[0]).toMatchObject({ id: a.id, externalId: 'a', similarity: 1 });
    expect(d.suggestion.reasons[0].detail).toContain('copie de la proposition a');
  });

  it('sends everything to review when the consultation demands it, and takes the moderator decision once', async () => {
    await svc.call('PUT', '/v1/consultations/makeorg', { ...URSSAF, policy: { mode: 'review_all' } });
    const one = await svc.call('POST', '/v1/consultations/makeorg/proposals', { externalId: 'x1', text: 'Il faut ouvrir les guichets le samedi matin' });
    expect(one.status).toBe(202);
    expect(one.headers.get('location')).toBe(`/v1/proposals/${one.body.id}`);
    const [p] = await waitForTriage(svc, [one.body.id]);
    expect(p.status).toBe('pending_review');
    expect(p.suggestion).toMatchObject({ outcome: 'accept' });

    const stale = await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'accept', expectedVersion: p.version - 1 });
    expect(stale.status).toBe(409);
    const decided = await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'reject', reason: 'off_topic', note: 'hors sujet', expectedVersion: p.version });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'rejected', decision: { outcome: 'reject', reason: 'off_topic', decidedBy: 'admin', note: 'hors sujet' } });
    const again = await svc.call('POST', `/v1/proposals/${p.id}/decision`, { outcome: 'accept' });
    expect(again.status).toBe(409);
    expect(again.body.type).toContain('conflict');

    const stats = await svc.call('GET', '/v1/consultations/makeorg/stats');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ total: 1, decided: 1, rejectionRate: 1, decisions: { automatic: 0, human: 1 }, byReason: { off_topic: 1 } });
    expect(stats.body.decisionLatencyMs.human.count).toBe(1);
  });

  it('pages through a listing with cursors, filtered by status', async () => {
    await svc.call('PUT', '/v1/consultations/paging', URSSAF);
    const proposals = Array.from({ length: 25 }, (_, i) => ({ externalId: `p${i}`, text: i % 5 === 0 ? 'non' : `Il faut une proposition numéro ${i} bien distincte` }));
    const { body } = await svc.call('POST', '/v1/consultations/paging/proposals/batch', { proposals });
    await waitForTriage(svc, body.items.map((i: any) => i.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await svc.call('GET', `/v1/consultations/paging/proposals?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p: any) => p.externalId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(proposals.map((p) => p.externalId));
    const rejected = await svc.call('GET', '/v1/consultations/paging/proposals?status=rejected&limit=100');
    expect(rejected.body.items.map((p: any) => p.externalId)).toEqual(['p0', 'p5', 'p10', 'p15', 'p20']);
    expect(rejected.body.nextCursor).toBeNull();
  });

  it('serves an OpenAPI document generated from the schemas', async () => {
    const doc = await svc.call('GET', '/v1/openapi.json', undefined, null);
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining([
      '/v1/consultations/{id}', '/v1/consultations/{id}/proposals/batch', '/v1/proposals/{id}/decision', '/v1/consultations/{id}/stats',
    ]));
    expect(doc.body.components.schemas.ReasonCode.enum).toContain('personal_data');
  });
});
