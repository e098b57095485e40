/**
 * @jest-environment ./test/support/shared-typed-arrays-environment.cjs
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { triageStores } from '../../models/store/triage-stores.js';
import { pino } from 'pino';
import { offTopicEnricher } from '../../models/enrichers/off-topic.js';
import type { OffTopicEvidence } from '../../models/checks/types.js';
import { similarMeaningsEnricher } from '../../models/enrichers/similar-meanings.js';
import { offTopicCheck } from '../../models/checks/off-topic.js';
import { SEMANTIC } from '../../models/offtopic/semantic.js';
import { keys } from '../../models/store/keys.js';
import { DecisionLearner } from '../../workers/learning/learner.js';
import { prepareInput } from '../../models/pipeline.js';
import { ConsultationInput } from '../../models/schemas.js';
import { cosine, loadEmbedder, type Embedder } from '../../models/similarity/embedder.js';
import { ConsultationStore } from '../../models/store/consultations.js';
import { ProposalStore } from '../../models/store/proposals.js';
import { startTestRedis } from '../support/redis.js';
import { URSSAF } from '../support/service.js';
import { writeTinyBert } from '../support/tiny-bert.js';

let dir: string;
let embedder: Embedder;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tiny-bert-'));
  writeTinyBert(join(dir, 'tiny-bert'), 'il faut former les policiers à accueillir victimes de violences ouvrir des crèches'.split(' '));
  embedder = await loadEmbedder(join(dir, 'tiny-bert'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sentence embeddings from a local ONNX model', () => {
  it('embeds a batch into unit vectors, one per text, named after the model folder', async () => {
    const vectors = await embedder.embed(['Il faut former les policiers', 'Il faut ouvrir des crèches', 'texte inconnu']);
    expect(embedder.version).toBe('tiny-bert');
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toHaveLength(16);
      expect(cosine(v, v)).toBeCloseTo(1, 5);
    }
  });

  it('gives the same vector to the same words whatever the case and accents, and a different one to other words', async () => {
    const [a, b, c] = await embedder.embed([
      'Il faut former les policiers à accueillir les victimes',
      'IL FAUT FORMER LES POLICIERS A ACCUEILLIR LES VICTIMES',
      'Il faut ouvrir des crèches',
    ]);
    expect(cosine(a!, b!)).toBeCloseTo(1, 5);
    expect(cosine(a!, c!)).toBeLessThan(0.99);
  });

  it('refuses a folder that is not a model, naming the missing file', async () => {
    await expect(loadEmbedder(dir)).rejects.toThrow(/lacks config\.json/);
  });
});

describe('the semantic stage, on a real Redis', () => {
  it('lists the earlier proposal with the same meaning (here: the same words) and records the model version', async () => {
    const redis = await startTestRedis();
    try {
      const client = redis.client();
      const { consultation } = await new ConsultationStore(client).put('sem', ConsultationInput.parse(URSSAF));
      const texts = ['Il faut former les policiers à accueillir les victimes', 'Il faut ouvrir des crèches', 'les policiers il faut former à accueillir les victimes'];
      const { items } = await new ProposalStore(client).intake('sem', texts.map((text, i) => ({ externalId: `s${i}`, text })), 100);
      const inputs = items.map((item, i) => prepareInput({ id: item.id, externalId: item.externalId, text: texts[i]! }, consultation));
      const log = pino({ level: 'silent' });
      await similarMeaningsEnricher.enrich(inputs.slice(0, 2), { stores: triageStores(client), log, embedder });
      await similarMeaningsEnricher.enrich(inputs.slice(2), { stores: triageStores(client), log, embedder });
      const [first, , reordered] = inputs;
      expect(first!.evidence.similar).toEqual([]);
      expect(reordered!.evidence.similar[0]).toMatchObject({ id: items[0]!.id, externalId: 's0', text: texts[0] });
      expect(reordered!.evidence.similar[0]!.similarity).toBeGreaterThan(0.99);
      const similarities = reordered!.evidence.similar.map((s) => s.similarity);
      expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
      expect(reordered!.evidence.modelVersions).toEqual({ embedding: 'tiny-bert' });

      const lexicalOnly = prepareInput({ id: 'sem~99', externalId: 'x', text: texts[0]! }, consultation);
      await similarMeaningsEnricher.enrich([lexicalOnly], { stores: triageStores(client), log });
      expect(lexicalOnly.evidence).toMatchObject({ similar: [], modelVersions: {} });
    } finally {
      await redis.stop();
    }
  });
});

describe('semantic off-topic features, with the embedding model', () => {
  it('scores closeness to the question, learns the accepted centroid from decisions, and stays lexical without a model', async () => {
    const redis = await startTestRedis();
    try {
      const client = redis.client();
      const log = pino({ level: 'silent' });
      const consultations = new ConsultationStore(client);
      const question = 'Comment former les policiers à accueillir les victimes de violences ?';
      const { consultation } = await consultations.put('semot', ConsultationInput.parse({ question }));
      const texts = [
        'Il faut former les policiers à accueillir les victimes de violences',
        'Il faut ouvrir des crèches',
        ...Array.from({ length: 6 }, (_, i) => `Il faut former les policiers à accueillir les victimes ${i}`),
      ];
      const proposals = new ProposalStore(client);
      const { items } = await proposals.intake('semot', texts.map((text, i) => ({ externalId: `o${i}`, text })), 100);
      const triage = async (from: number, to: number, withModel = true) => {
        const inputs = items.slice(from, to).map((item, i) => prepareInput({ id: item.id, externalId: item.externalId, text: texts[from + i]! }, consultation));
        const deps = { stores: triageStores(client), log, ...(withModel ? { embedder } : {}) };
        await similarMeaningsEnricher.enrich(inputs, deps);
        await offTopicEnricher.enrich(inputs, deps);
        return inputs.map((input) => ({ evidence: input.evidence.offTopic!, detail: offTopicCheck.run(input)?.detail }));
      };

      const [close, far] = await triage(0, 2);
      expect(close!.evidence.semantic!.question).toBeGreaterThan(far!.evidence.semantic!.question);
      expect(close!.evidence.semantic!.accepted).toBeNull(); // nothing accepted yet: no centroid
      expect(close!.detail).toMatch(/proximité de sens avec la question : -?\d\.\d\d/);

      // moderators accept six proposals: the learner adds their vectors to the centroid and learns the weights
      await triage(2, 8);
      for (const item of items.slice(2, 8)) await proposals.decide(item.id, { outcome: 'accept', reason: null, decidedBy: 'mod-1' });
      expect(await new DecisionLearner(client, triageStores(client), { pollMs: 50, consumer: 'sem' }, log).pollOnce()).toBe(6);
      const prefix = keys.offTopicPrefix('semot');
      expect(await client.hget(`${prefix}semsum`, '#n')).toBe('6');
      expect(Number(await client.hget(`${prefix}model`, SEMANTIC.question))).not.toBe(0);

      const { items: later } = await proposals.intake('semot', [{ externalId: 'late', text: texts[0]! }], 100);
      const again = prepareInput({ id: later[0]!.id, externalId: 'late', text: texts[0]! }, consultation);
      await similarMeaningsEnricher.enrich([again], { stores: triageStores(client), log, embedder });
      await offTopicEnricher.enrich([again], { stores: triageStores(client), log, embedder });
      const seen = again.evidence.offTopic!;
      expect(seen.semantic!.accepted).toBeGreaterThan(0.5); // the same words as the accepted ones

      // without a model: no semantic evidence, and nothing semantic recorded for the proposal
      const lexical = prepareInput({ id: 'semot~99', externalId: 'lex', text: texts[0]! }, consultation);
      await offTopicEnricher.enrich([lexical], { stores: triageStores(client), log });
      expect(lexical.evidence.offTopic!.semantic).toBeUndefined();
      expect(await client.hget(`${prefix}sem`, '99')).toBeNull();
    } finally {
      await redis.stop();
    }
  });
});
