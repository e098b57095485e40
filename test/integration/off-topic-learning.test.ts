import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { triageStores } from '../../models/store/triage-stores.js';
import { pino } from 'pino';
import { offTopicCheck } from '../../models/checks/off-topic.js';
import { offTopicEnricher } from '../../models/enrichers/off-topic.js';
import type { OffTopicEvidence } from '../../models/checks/types.js';
import { consultationTerms, features, logit, PRIOR_WEIGHTS, proposalWords, sigmoid, wordStats } from '../../models/offtopic/features.js';
import { learningStep, OffTopicModels } from '../../models/store/off-topic-models.js';
import { prepareInput } from '../../models/pipeline.js';
import { ConsultationStore } from '../../models/store/consultations.js';
import { keys } from '../../models/store/keys.js';
import { ProposalStore } from '../../models/store/proposals.js';
import { ConsultationInput } from '../../models/schemas.js';
import { DecisionLearner } from '../../workers/learning/learner.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { startService, waitForTriage } from '../support/service.js';

const log = pino({ level: 'silent' });
const VFF = ConsultationInput.parse({
  question: 'Comment lutter contre les violences faites aux femmes ?',
  description: 'Consultation citoyenne pour proposer des solutions concrètes.',
});
const ON_TOPIC = [
  'Il faut former les policiers à recevoir les plaintes pour violences conjugales',
  'Il faut des hébergements d’urgence pour les femmes victimes de violences',
  'Il faut sensibiliser les élèves au consentement dès le collège',
  'Il faut punir plus sévèrement le harcèlement de rue',
  'Il faut un numéro d’appel gratuit pour les victimes ouvert la nuit',
  'Il faut éduquer les garçons au respect des filles',
  'Il faut protéger les enfants témoins de violences conjugales',
  'Il faut accompagner les victimes dans leurs démarches judiciaires',
  'Il faut éloigner les conjoints violents du domicile',
  'Il faut des campagnes contre le sexisme au travail',
];
const OFF_TOPIC = [
  'Il faut baisser les impôts des entreprises',
  'Il faut supprimer la taxe sur les carburants',
  'Il faut réduire les impôts sur le revenu des ménages',
  'Il faut baisser la fiscalité des entreprises industrielles',
  'Il faut une taxe carbone sur les carburants des avions',
  'Il faut simplifier les impôts locaux',
];
const HELD_OUT = 'Il faut baisser les taxes sur les carburants et les impôts des entreprises';

let redis: TestRedis;
beforeAll(async () => { redis = await startTestRedis(); });
afterAll(async () => { await redis.stop(); });

/** Creates a consultation and its proposals, all waiting (decisions are posted by the test). */
async function consultationWith(cid: string, texts: string[]) {
  const client = redis.client();
  const consultations = new ConsultationStore(client);
  const proposals = new ProposalStore(client);
  const { consultation } = await consultations.put(cid, VFF);
  const { items } = await proposals.intake(cid, texts.map((text, i) => ({ externalId: `e${i}`, text })), 100);
  return { client, consultations, proposals, consultation, ids: items.map((i) => i.id) };
}

describe('the off-topic model learns from moderator decisions', () => {
  it('raises the score of a held-out off-topic text after the decisions, and changes version', async () => {
    const cid = 'learns';
    const texts = [...ON_TOPIC, ...OFF_TOPIC];
    const { client, consultations, proposals, consultation, ids } = await consultationWith(cid, texts);
    const score = async (text: string, seq: number) => {
      const input = prepareInput({ id: `${cid}~${seq}`, externalId: `h${seq}`, text }, consultation);
      await offTopicEnricher.enrich([input], { stores: triageStores(client), log });
      return { p: input.evidence.offTopic!.probability, version: input.evidence.modelVersions.off_topic, detail: offTopicCheck.run(input)?.detail };
    };
    // The consultation's vocabulary is what it receives: triage every proposal once.
    await offTopicEnricher.enrich(texts.map((text, i) => prepareInput({ id: ids[i]!, externalId: `e${i}`, text }, consultation)), { stores: triageStores(client), log });
    const before = await score(HELD_OUT, 1000);

    for (const [i, id] of ids.entries()) {
      const offTopic = i >= ON_TOPIC.length;
      await proposals.decide(id, { outcome: offTopic ? 'reject' : 'accept', reason: offTopic ? 'off_topic' : null, decidedBy: 'mod-1' });
    }
    const learner = new DecisionLearner(client, triageStores(client), { pollMs: 50, consumer: 'test' }, log);
    expect(await learner.pollOnce()).toBe(texts.length);
    expect(await learner.pollOnce()).toBe(0);

    // Scored again (which counts it twice in the vocabulary, making it look more on topic, not less).
    const after = await score(HELD_OUT, 1001);
    expect(after.p).toBeGreaterThan(before.p + 0.1);
    expect(after.version).not.toBe(before.version);
    expect(after.detail).toMatch(/^(semble|peut) ne pas répondre à la question ; aucun mot en lien avec la question ; ressemble à des propositions refusées comme hors sujet : « Il faut /);
  });

  /** A fresh consultation whose proposals go through the off-topic enricher as a triage job would send them. */
  async function triageIn(cid: string, input: ConsultationInput = VFF) {
    const client = redis.client();
    const { consultation } = await new ConsultationStore(client).put(cid, input);
    let seq = 0;
    const triage = async (texts: string[]) => {
      const inputs = texts.map((text) => prepareInput({ id: `${cid}~${++seq}`, externalId: `s${seq}`, text }, consultation));
      await offTopicEnricher.enrich(inputs, { stores: triageStores(client), log });
      return inputs.map((input) => ({ evidence: input.evidence.offTopic!, flagged: offTopicCheck.run(input)?.needsReview === true }));
    };
    return { client, consultation, triage };
  }
  // A first job of 150: on-topic proposals of two ideas each (so that they do not all tie), one off topic in 25.
  const onTopic = (i: number) => `${ON_TOPIC[i % 10]} et ${ON_TOPIC[Math.floor(i / 10) % 10]!.slice('Il faut '.length)}`;
  const FIRST_JOB = Array.from({ length: 150 }, (_, i) => (i % 25 === 7 ? OFF_TOPIC[(i - 7) / 25]! : onTopic(i)));
  const isOffTopic = (i: number) => i % 25 === 7;

  it('holds a new consultation to its review rule from the first batch, over the scores at hand, until the learner fits one', async () => {
    const { client, triage } = await triageIn('stand-in');
    // Ten scores are too few for the rule: the policy's own review point only.
    expect((await triage(ON_TOPIC)).map((r) => r.evidence.reviewAt)).toEqual(ON_TOPIC.map(() => null));

    // The learner has fitted nothing yet: one review point for the whole batch, from its own scores and the ten
    // recorded, that sends the off-topic proposals to a moderator and most of the others not.
    const results = await triage(FIRST_JOB);
    const reviewAt = results[0]!.evidence.reviewAt;
    expect(reviewAt).not.toBeNull();
    expect(reviewAt!).toBeLessThanOrEqual(0.1);
    expect(results.every((r) => r.evidence.reviewAt === reviewAt)).toBe(true);
    expect(results.filter((_, i) => isOffTopic(i)).every((r) => r.flagged)).toBe(true);
    expect(results.filter((r, i) => !isOffTopic(i) && r.flagged).length).toBeLessThan(0.5 * 144);

    // Once the learner has fitted a review point, it is the one used.
    await client.hset(`${keys.offTopicPrefix('stand-in')}model`, 'rev', '0.05');
    expect((await triage([HELD_OUT]))[0]!.evidence.reviewAt).toBe(0.05);
  });

  it("follows the targets the consultation states, before and after the learner's refit", async () => {
    const usual = await triageIn('targets-usual');
    // No review budget for the learnt rule, and a stricter policy point of its own (1 − 0.95): the learnt review
    // point is the policy's 0.05, nothing more is sent to review.
    const stated = await triageIn('targets-stated', ConsultationInput.parse({ ...VFF, policy: { autoAcceptConfidence: 0.95, offTopic: { reviewBudget: 0 } } }));
    expect(stated.consultation.policy.offTopic).toEqual({ autoRejectPrecision: 0.99, reviewRecall: 0.995, reviewBudget: 0 });
    const [a, b] = [await usual.triage(FIRST_JOB), await stated.triage(FIRST_JOB)];
    expect(b[0]!.evidence.reviewAt).toBeCloseTo(0.05, 10);
    expect(a[0]!.evidence.reviewAt!).toBeLessThan(0.05);
    const flagged = (rs: { flagged: boolean; evidence: OffTopicEvidence }[]) => rs.filter((r) => r.flagged);
    expect(flagged(b).every((r) => r.evidence.probability >= 0.05 - 1e-9)).toBe(true);
    expect(flagged(b).length).toBeLessThan(flagged(a).length);
    const models = new OffTopicModels(usual.client);
    const refit = async ({ consultation }: typeof usual) => (await models.recalibrate(consultation.id, consultation.policy)).reviewAt;
    expect(await refit(stated)).toBeCloseTo(0.05, 10);
    expect(await refit(usual)).toBeLessThan(0.05);
  });

  it('loses no update when two workers learn at once', async () => {
    const cid = 'concurrent';
    const texts = Array.from({ length: 60 }, (_, i) => `${ON_TOPIC[i % ON_TOPIC.length]} (${i})`);
    const { client, consultations, proposals, ids } = await consultationWith(cid, texts);
    for (const id of ids) await proposals.decide(id, { outcome: 'accept', reason: null, decidedBy: 'mod-1' });
    const learners = [0, 1].map(() => redis.client()).map((c, n) => new DecisionLearner(c, triageStores(c), { pollMs: 50, consumer: `w${n}` }, log));
    const learnt = await Promise.all(learners.map((l) => l.pollOnce()));
    expect(learnt[0]! + learnt[1]!).toBe(60);
    const prefix = keys.offTopicPrefix(cid);
    expect(await client.hget(`${prefix}accepted`, '#n')).toBe('60');
    expect(await client.llen(`${prefix}scored`)).toBe(60);
    // every entry was acknowledged: the records that make a redelivered one learnt once are dropped
    expect(await client.zcard(`${prefix}learnt`)).toBe(0);
  });

  it('wakes on a new decision instead of sleeping its poll interval', async () => {
    const cid = 'wakes';
    const { client, consultations, proposals, ids } = await consultationWith(cid, ON_TOPIC.slice(0, 2));
    // a poll interval far longer than the test may take: only the stream itself can wake the learner in time
    const learner = new DecisionLearner(client, triageStores(client), { pollMs: 60_000, consumer: 'waker' }, log);
    learner.start();
    try {
      await new Promise((r) => setTimeout(r, 300)); // the first round found nothing: the learner now waits
      const decided = Date.now();
      await proposals.decide(ids[0]!, { outcome: 'accept', reason: null, decidedBy: 'mod-1' });
      const scored = `${keys.offTopicPrefix(cid)}scored`;
      while ((await client.llen(scored)) === 0) {
        expect(Date.now() - decided).toBeLessThan(4_000);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await learner.stop(); // and a stop ends the wait under way at once
    }
  });

  it('takes a proposal refused as off topic out of the consultation\'s vocabulary', async () => {
    const cid = 'seen-minus-off-topic';
    const models = new OffTopicModels(redis.client());
    const texts = ['I played football in high school', 'Football is ingrained in American culture', 'Lower the income tax for families']
      .map((t) => proposalWords(t, 'en'));
    await models.readForBatch(cid, texts.map((t) => t.words.map((w) => w.stem)), [], false);
    const football = proposalWords('football', 'en').words[0]!.stem;
    const counts = async () => { const { seen } = await models.wordCounts(cid, [football]); return [seen.get(football), seen.get('#n')]; };
    expect(await counts()).toEqual([2, 3]);
    await models.learn(cid, { entryId: '1-0', features: [], stems: texts[0]!.words.map((w) => w.stem), y: 1, weight: 1, accepted: false });
    // an accepted proposal stays in it
    await models.learn(cid, { entryId: '2-0', features: [], stems: texts[2]!.words.map((w) => w.stem), y: 0, weight: 1, accepted: true });
    expect(await counts()).toEqual([1, 2]);
  });

  it('applies concurrent updates of the same weights exactly as if they came one by one', async () => {
    const cid = 'same-weights';
    const text = proposalWords(OFF_TOPIC[0]!, 'fr');
    const words = text.words;
    const xs = features(text, consultationTerms({ ...VFF, language: 'fr' }), wordStats(words, new Map(), new Map(), 'fr'));
    const models = [new OffTopicModels(redis.client()), new OffTopicModels(redis.client())];
    const steps = 100;
    await Promise.all(Array.from({ length: steps }, (_, i) =>
      models[i % 2]!.learn(cid, { entryId: `${i}-0`, features: xs, stems: words.map((w) => w.stem), y: 1, weight: 1, accepted: false })));
    // Every step is the same function of the current weights and accumulated gradients, so order does not matter:
    // only a lost step would.
    let expected = new Map(xs.map((f) => [f.name, PRIOR_WEIGHTS[f.name] ?? 0]));
    const accumulators = new Map<string, number>();
    for (let i = 0; i < steps; i++) expected = learningStep(expected, xs, sigmoid(logit(expected, xs)) - 1, 1, accumulators);
    const stored = await redis.client().hmget(`${keys.offTopicPrefix(cid)}model`, 'version', ...xs.map((f) => f.name));
    expect(Number(stored[0])).toBe(steps);
    xs.forEach((f, i) => expect(Number(stored[i + 1])).toBeCloseTo(expected.get(f.name)!, 6));
    // a redelivered decision is learnt once
    expect(await models[0]!.learn(cid, { entryId: '0-0', features: xs, stems: [], y: 1, weight: 1, accepted: false })).toBeNull();
  });
});

describe('through the service', () => {
  it('shows the model version in suggestions, and a new one after a moderator decision', async () => {
    const svc = await startService(redis.url);
    try {
      await svc.call('PUT', '/v1/consultations/versions', { ...VFF, policy: { mode: 'review_all' } });
      const first = await svc.call('POST', '/v1/consultations/versions/proposals', { externalId: 'v1', text: ON_TOPIC[0] });
      const [p1] = await waitForTriage(svc, [first.body.id]);
      expect(p1.suggestion.modelVersions.off_topic).toBe('lr@0');
      expect((await svc.call('POST', `/v1/proposals/${p1.id}/decision`, { outcome: 'accept' })).status).toBe(200);
      const model = `${keys.offTopicPrefix('versions')}model`;
      const deadline = Date.now() + 10_000;
      while (Number(await svc.runtime.deps.redis.hget(model, 'version') ?? 0) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const second = await svc.call('POST', '/v1/consultations/versions/proposals', { externalId: 'v2', text: OFF_TOPIC[0] });
      const [p2] = await waitForTriage(svc, [second.body.id]);
      expect(p2.suggestion.modelVersions.off_topic).not.toBe('lr@0');
    } finally {
      await svc.close();
    }
  });
});
