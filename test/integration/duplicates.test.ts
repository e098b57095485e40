import { describe, expect, it } from '@jest/globals';
import { triageStores } from '../../models/store/triage-stores.js';
import { pino } from 'pino';
import { similarTextsEnricher } from '../../models/enrichers/similar-texts.js';
import type { Redis } from 'ioredis';
import type { CheckInput } from '../../models/checks/types.js';
import { enrich, prepareInput } from '../../models/pipeline.js';
import { ConsultationInput } from '../../models/schemas.js';
import { ConsultationStore } from '../../models/store/consultations.js';
import { ProposalStore } from '../../models/store/proposals.js';
import { URSSAF_ALL_CHECKS as URSSAF, URSSAF as URSSAF_RULES, waitForTriage, serviceForSuite } from '../support/service.js';
import { processTriage } from '../../workers/triage/process.js';

const { svc, redis } = serviceForSuite();

const ORIGINAL = "Il faut créer un fichier national des hommes violents condamnés, consultable par les services sociaux";
const NEAR_COPIES: Record<string, string> = {
  case: "IL FAUT créer un fichier national des hommes violents condamnés, consultable par les SERVICES SOCIAUX",
  punctuation: "Il faut créer un fichier national des hommes violents condamnés consultable par les services sociaux !!",
  accents: "Il faut creer un fichier national des hommes violents condamnes, consultable par les services sociaux",
  typo: "Il faut créer un fichier national des hommes violetns condamnés, consultable par les services sociaux",
  wordDropped: "Il faut créer un fichier national des hommes violents condamnés, consultable par les services",
  wordsSwapped: "Il faut créer un fichier national des hommes condamnés violents, consultable par les services sociaux",
  faudrait: "Il faudrait créer un fichier national des hommes violents condamnés, consultable par les services sociaux",
};

async function submit(cid: string, texts: string[], prefix: string): Promise<any[]> {
  const proposals = texts.map((text, i) => ({ externalId: `${prefix}${i}`, text }));
  const { body } = await svc.call('POST', `/v1/consultations/${cid}/proposals/batch`, { proposals });
  return waitForTriage(svc, body.items.map((i: any) => i.id));
}

describe('near duplicates, through the service', () => {
  it('rejects every kind of near copy as a duplicate, listing the original among the similar proposals', async () => {
    await svc.call('PUT', '/v1/consultations/near', URSSAF);
    const [original] = await submit('near', [ORIGINAL], 'o');
    expect(original.status).toBe('accepted');
    const copies = await submit('near', Object.values(NEAR_COPIES), 'c');
    Object.keys(NEAR_COPIES).forEach((kind, i) => {
      const p = copies[i];
      expect({ kind, status: p.status, reason: p.decision?.reason }).toEqual({ kind, status: 'rejected', reason: 'duplicate' });
      // the first copy names the original first; later ones may name an earlier copy of the batch first
      if (i === 0) expect(p.similar[0]).toMatchObject({ id: original.id, externalId: 'o0' });
      const listed = p.similar.find((s: any) => s.id === original.id);
      expect(listed.similarity).toBeGreaterThan(0.8);
    });
  });

  it('does not call a different proposal on the same idea a duplicate, but lists the earlier one as similar', async () => {
    // no required prefix, so that "Il ne faut pas" is judged on its content alone
    await svc.call('PUT', '/v1/consultations/idea', { ...URSSAF, rules: { minLength: 12, maxLength: 140 } });
    const [original] = await submit('idea', [ORIGINAL], 'o');
    const [sameIdea, negated, otherNumber] = await submit('idea', [
      'Il faut un registre des condamnés pour violences conjugales, accessible aux services sociaux et aux mairies',
      "Il ne faut pas créer un fichier national des hommes violents condamnés, consultable par les services sociaux",
      "Il faut créer 2 fichiers nationaux des hommes violents condamnés, consultables par les services sociaux",
    ], 's');
    expect(sameIdea.status).toBe('accepted');
    expect(sameIdea.suggestion.reasons.map((r: any) => r.code)).not.toContain('duplicate');
    expect(sameIdea.similar.map((s: any) => s.id)).toContain(original.id);
    // Almost the same characters but the opposite meaning or another number: a moderator decides.
    for (const p of [negated, otherNumber]) {
      expect(p.status).toBe('pending_review');
      expect(p.suggestion.reasons[0]).toMatchObject({ code: 'duplicate', check: 'near_duplicate' });
      expect(p.similar[0].id).toBe(original.id);
    }
  });

  it('reads copies with the consultation language\'s stop words: another opening verb is a copy, a word salad and its text are none', async () => {
    await svc.call('PUT', '/v1/consultations/near-en', { question: 'How can our city become greener?', language: 'en', rules: { minLength: 12, maxLength: 140 } });
    const comment = 'Presidential candidates should be required to release ten years of their tax returns';
    // a shuffle whose punctuation shows it ("…release. candidates…"), then the text it was made of: no copy
    const [salad] = await submit('near-en', ['years release. candidates presidential their should be required ten of tax returns to'], 's');
    const [real] = await submit('near-en', [comment], 'r');
    expect(salad.suggestion.reasons.map((r: any) => r.code)).toEqual(['incomprehensible']);
    expect(real.status).toBe('accepted');
    // the other way round, a shuffle that nothing else shows stays with a moderator as a likely copy
    await svc.call('PUT', '/v1/consultations/near-en2', { question: 'How can our city become greener?', language: 'en', rules: { minLength: 12, maxLength: 140 } });
    await submit('near-en2', [comment], 'r');
    const [laterSalad] = await submit('near-en2', ['tax candidates of should years be required their to release ten returns presidential'], 'l');
    expect(laterSalad.status).toBe('pending_review');
    expect(laterSalad.suggestion.reasons.map((r: any) => r.code)).toContain('duplicate');
    const [must, fewer] = await submit('near-en', [
      comment.replace('should', 'must'),
      'Presidential candidates should be required to release fewer years of their tax returns',
    ], 'c');
    expect({ status: must.status, reason: must.decision?.reason }).toEqual({ status: 'rejected', reason: 'duplicate' });
    // "fewer" turns the meaning: a moderator looks, nothing is refused without one
    expect(fewer.status).toBe('pending_review');
    expect(fewer.suggestion.reasons.map((r: any) => r.code)).toContain('duplicate');
  });

  it('groups proposals that say the same thing; a moderator merges and splits groups', async () => {
    await svc.call('PUT', '/v1/consultations/groups', URSSAF);
    const [a, b, c, d] = await submit('groups', [
      ORIGINAL, NEAR_COPIES.typo!,
      "Il faut ouvrir les guichets de l'Urssaf le samedi matin pour les indépendants",
      "Il faut ouvrir les guichets de l'Urssaf le samedi matin pour les travailleurs indépendants",
    ], 'g');
    const list = await svc.call('GET', '/v1/consultations/groups/groups');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((g: any) => g.size)).toEqual([2, 2]);
    const groupOf = async (id: string) => {
      for (const g of list.body.items) {
        const read = await svc.call('GET', `/v1/consultations/groups/groups/${g.id}`);
        if (read.body.proposals.includes(id)) return read.body;
      }
      return null;
    };
    const first = await groupOf(a.id);
    const second = await groupOf(c.id);
    expect(first.proposals).toEqual([a.id, b.id]);
    expect(second.proposals).toEqual([c.id, d.id]);

    const merged = await svc.call('POST', `/v1/consultations/groups/groups/${first.id}/merge`, { groups: [second.id] });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({ id: first.id, size: 4 });
    expect((await svc.call('GET', `/v1/consultations/groups/groups/${second.id}`)).status).toBe(404);

    const split = await svc.call('POST', '/v1/consultations/groups/groups/split', { proposals: [c.id, d.id] });
    expect(split.status).toBe(201);
    expect(split.body.size).toBe(2);
    expect((await svc.call('GET', `/v1/consultations/groups/groups/${split.body.id}`)).body.proposals).toEqual([c.id, d.id]);
    expect((await svc.call('GET', `/v1/consultations/groups/groups/${first.id}`)).body.proposals).toEqual([a.id, b.id]);
    const after = await svc.call('GET', '/v1/consultations/groups/groups?limit=1');
    expect(after.body).toMatchObject({ total: 2, items: [{ size: 2 }] });
  });

  it('answers bad group requests with problems naming the field', async () => {
    const wrongProposal = await svc.call('POST', '/v1/consultations/groups/groups/split', { proposals: ['near~1'] });
    expect(wrongProposal.status).toBe(422);
    expect(wrongProposal.body.errors[0].field).toBe('proposals[0]');
    const missing = await svc.call('POST', '/v1/consultations/groups/groups/split', { proposals: ['groups~999'] });
    expect(missing.status).toBe(422);
    const badId = await svc.call('GET', '/v1/consultations/groups/groups/abc');
    expect(badId.status).toBe(422);
    expect(badId.body.errors[0].field).toBe('path.gid');
    const unknown = await svc.call('POST', '/v1/consultations/groups/groups/424242/merge', { groups: ['1'] });
    expect(unknown.status).toBe(404);
    const empty = await svc.call('POST', '/v1/consultations/groups/groups/1/merge', { groups: [] });
    expect(empty.status).toBe(422);
    expect((await svc.call('GET', '/v1/consultations/nope/groups')).status).toBe(404);
  });
});

describe('two workers at the same moment', () => {
  it('never calls a proposal a copy of a later one, whichever worker registers first', async () => {
    const consultations = new ConsultationStore(redis.client());
    const store = new ProposalStore(redis.client());
    const log = pino({ level: 'silent' });
    const [workerA, workerB] = [redis.client(), redis.client()];
    const pair = [
      'Il faut ouvrir de nouvelles crèches municipales dans chaque quartier prioritaire de la ville',
      'Il faudrait ouvrir de nouvelles crèches municipales dans chaque quartier prioritaire de la ville !',
    ] as const;
    for (const laterFirst of [false, true]) {
      for (let round = 0; round < 10; round++) {
        const cid = `race-${laterFirst}-${round}`;
        const { consultation } = await consultations.put(cid, ConsultationInput.parse(URSSAF));
        // the second text twice: an exact copy and a near copy of the first, both later by intake
        const texts = [pair[0], pair[1], pair[1]];
        const { items } = await store.intake(cid, texts.map((text, i) => ({ externalId: `r${i}`, text })), 1000);
        const [original, near, exact] = items.map((item, k) => prepareInput({ id: item.id, externalId: item.externalId, text: texts[k]! }, consultation));
        const triage = (batch: CheckInput[], worker: Redis) => enrich(batch, { stores: triageStores(worker), log });
        // a faster worker registers the later copies before the original, or both run at the same moment
        if (laterFirst) {
          await triage([near!, exact!], workerB);
          await triage([original!], workerA);
        } else {
          await Promise.all([triage([original!], workerA), triage([near!, exact!], workerB)]);
        }
        expect(original!.evidence.nearestText).toBeUndefined();
        expect(original!.evidence.exactDuplicateOf).toBeUndefined();
        expect(exact!.evidence.exactDuplicateOf?.id).toBe(near!.proposal.id);
        if (!laterFirst) continue;
        // registered before their original, the copies could not see it: missed, never reversed
        expect(near!.evidence.nearestText).toBeUndefined();
      }
    }
  });

  it('finds the original of a copy whose job another worker started first: a job waits for earlier registrations', async () => {
    const cid = 'order';
    const log = pino({ level: 'silent' });
    const consultations = new ConsultationStore(redis.client());
    const store = new ProposalStore(redis.client());
    await consultations.put(cid, ConsultationInput.parse(URSSAF_RULES));
    const text = 'Il faut ouvrir les guichets de la caisse le samedi matin pour ceux qui travaillent en semaine';
    const { items, jobs } = await store.intake(cid, [{ externalId: 'first', text }, { externalId: 'copy', text }], 1);
    expect(jobs).toHaveLength(2);
    const worker = () => {
      const r = redis.client();
      return { ...triageStores(r), report: () => undefined };
    };
    const copyJob = processTriage({ cid, seqs: jobs[1]!.seqs }, worker(), log);
    await new Promise((r) => setTimeout(r, 100));
    await processTriage({ cid, seqs: jobs[0]!.seqs }, worker(), log);
    await copyJob;
    const [first, copy] = await Promise.all(items.map((i) => store.get(i.id)));
    expect(first).toMatchObject({ status: 'accepted' });
    expect(copy).toMatchObject({ status: 'rejected', decision: { reason: 'duplicate' } });
    expect(copy!.similar[0]).toMatchObject({ id: first!.id });
  });
});
