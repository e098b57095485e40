/** How the proposal stores lay out their Redis keys (issue 15: bytes per proposal), on a real Redis: the compact
 * suggestion, external ids and exact texts in pages, the final status sets in pages of 128 sequences, the off-topic
 * triage score in the proposal hash, the idempotency records of the learner pruned — and the layout of before
 * still read where a consultation stored data with it. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { keys } from '../../models/store/keys.js';
import { ProposalStore } from '../../models/store/proposals.js';
import { ReviewStore } from '../../models/store/review.js';
import { OffTopicModels } from '../../models/store/off-topic-models.js';
import { SuggestionCalibrations } from '../../models/store/review-calibration.js';
import { ErasureStore } from '../../models/store/erasure.js';
import { SemanticIndex } from '../../models/store/semantic-index.js';
import { decodeSuggestion, encodeSuggestion } from '../../models/store/suggestion-format.js';
import { STATUS_PAGE, STATUS_PAGES_PER_LISTING } from '../../models/store/pages.js';
import type { ProposalStatus, Suggestion } from '../../models/schemas.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

let testRedis: TestRedis;
let redis: Redis;
let proposals: ProposalStore;
beforeAll(async () => {
  testRedis = await startTestRedis();
  redis = testRedis.client();
  proposals = new ProposalStore(redis);
});
afterAll(() => testRedis.stop());

const SUGGESTIONS: Suggestion[] = [
  { outcome: 'accept', confidence: 0.9942, reasons: [], modelVersions: { off_topic: 'lr@238' } },
  {
    outcome: 'reject', confidence: 0.6598, mainReason: 'off_topic',
    reasons: [
      { code: 'off_topic', score: 0.6598, detail: 'semble ne pas répondre à la question', check: 'off_topic' },
      { code: 'off_topic', score: 0.4, detail: 'un message de conversation', check: 'conversational' },
      { code: 'other', score: 1, detail: 'tri interrompu' },
      { code: 'toxic', score: 0.2, detail: 'insulte ?', check: 'toxic', shadow: true },
    ],
    modelVersions: { off_topic: 'lr@0', calibration: 'pav@0' },
    calibration: { rawAcceptProbability: 0.3402, group: 'off_topic', version: 'pav@0' },
  },
];

async function intake(cid: string, n: number, from = 0) {
  const { items } = await proposals.intake(cid, Array.from({ length: n }, (_, i) => ({ externalId: `e${from + i}`, text: `Il faut la proposition ${from + i}` })), 500);
  return items;
}

async function listAll(cid: string, status: ProposalStatus, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: number | undefined;
  for (let calls = 0; calls < 1000; calls++) {
    const page = await proposals.list(cid, { status, limit, ...(cursor !== undefined ? { cursor } : {}) });
    ids.push(...page.items.map((p) => p.id));
    if (page.nextCursor === null) return ids;
    cursor = Number(page.nextCursor);
  }
  throw new Error('the listing does not end');
}

describe('proposal storage', () => {
  it('stores suggestions in the short form and reads both forms back unchanged', async () => {
    for (const s of SUGGESTIONS) {
      const short = encodeSuggestion(s);
      expect(short.length).toBeLessThan(JSON.stringify(s).length * 0.8);
      expect(decodeSuggestion(short)).toEqual(s);
      expect(decodeSuggestion(JSON.stringify(s))).toEqual(s);
    }
  });

  it('lists a final status across its pages, merged with the unpaged set of before, with counts', async () => {
    const cid = 'paged-status';
    const items = await intake(cid, 3 * STATUS_PAGE + 10);
    // every third proposal accepted, the first ten as if accepted before the pages existed
    const accepted: string[] = [];
    for (const [i, item] of items.entries()) {
      if (i % 3 !== 0) continue;
      accepted.push(item.id);
      if (i < 30) {
        const seq = Number(item.id.split('~')[1]);
        await redis.multi().zrem(keys.byStatus(cid, 'queued'), seq).zadd(keys.byStatus(cid, 'accepted'), seq, seq)
          .hset(keys.proposal(cid, seq), 'st', 'accepted', 'dec', JSON.stringify({ outcome: 'accept', decidedBy: 'mod', decidedAt: Date.now() })).exec();
      } else {
        expect((await proposals.decide(item.id, { outcome: 'accept', reason: null, decidedBy: 'mod' })).kind).toBe('ok');
      }
    }
    for (const limit of [1, 7, 50, 1000]) expect(await listAll(cid, 'accepted', limit)).toEqual(accepted);
    const counts = await proposals.countsByStatus(cid);
    expect(counts.accepted).toBe(accepted.length);
    expect(counts.queued).toBe(items.length - accepted.length);
    // a paged set stays a listpack whatever the consultation's size
    expect(await redis.object('ENCODING', `${keys.byStatus(cid, 'accepted')}:1`)).toBe('listpack');
    // reopened out of a final status, from a page and from the set of before: counted out of it
    const review = new ReviewStore(redis, proposals);
    for (const id of [accepted[1]!, accepted.at(-1)!]) expect((await review.reopen(id, 'mod', '', 60_000)).kind).toBe('ok');
    expect(await listAll(cid, 'accepted', 7)).toEqual(accepted.slice(0, -1).filter((id) => id !== accepted[1]));
    expect((await proposals.countsByStatus(cid)).accepted).toBe(accepted.length - 2);
    expect(await listAll(cid, 'pending_review', 10)).toEqual([accepted[1], accepted.at(-1)]);
  });

  it('answers a short page with a cursor when a status is absent from a long run of sequences', async () => {
    const cid = 'sparse-status';
    await redis.set(keys.sequence(cid), STATUS_PAGE * (STATUS_PAGES_PER_LISTING + 5));
    const [item] = await intake(cid, 1);
    expect((await proposals.decide(item!.id, { outcome: 'reject', reason: 'other', decidedBy: 'mod' })).kind).toBe('ok');
    const first = await proposals.list(cid, { status: 'rejected', limit: 10 });
    expect(first.items).toEqual([]);
    expect(first.nextCursor).toBe(String(STATUS_PAGE * STATUS_PAGES_PER_LISTING - 1));
    expect(await listAll(cid, 'rejected', 10)).toEqual([item!.id]);
  });

  it('finds an external id and an exact text filed in pages or in the unpaged hashes of before', async () => {
    const cid = 'paged-maps';
    await redis.hset(keys.externalIds(cid), 'old-ext', 77);
    await redis.hset(keys.exactTexts(cid), 'oldtexthash00000', 5);
    const [known, fresh, again] = (await proposals.intake(cid, [
      { externalId: 'old-ext', text: 'Il faut un texte' }, { externalId: 'new-ext', text: 'Il faut un autre texte' }, { externalId: 'new-ext', text: 'Il faut un autre texte' },
    ], 500)).items;
    expect(known!.id).toBe(`${cid}~77`);
    expect(fresh!.id).toBe(`${cid}~1`);
    expect(again!.id).toBe(fresh!.id);
    expect(await redis.hlen(keys.externalIds(cid))).toBe(1); // nothing new goes to the old hash
    expect(await proposals.claimTexts(cid, [{ hash: 'oldtexthash00000', seq: 9 }, { hash: 'newtexthash00000', seq: 9 }, { hash: 'newtexthash00000', seq: 12 }]))
      .toEqual([5, 9, 9]);
    // an earlier copy registered late still wins over the one registered first
    expect(await proposals.claimTexts(cid, [{ hash: 'newtexthash00000', seq: 3 }, { hash: 'oldtexthash00000', seq: 2 }])).toEqual([3, 2]);
  });

  it('erases a proposal out of the pages: its external id is free again, its status counted out', async () => {
    const cid = 'paged-erasure';
    const [a, b] = await intake(cid, 2);
    await proposals.decide(a!.id, { outcome: 'accept', reason: null, decidedBy: 'mod' });
    const eraser = new ErasureStore(redis, new SemanticIndex(redis));
    expect(await eraser.erase(cid, [1], 'mod')).toEqual([1]);
    expect(await proposals.countsByStatus(cid)).toMatchObject({ accepted: 0, queued: 1 });
    const [again] = await intake(cid, 1);
    expect(again!.id).not.toBe(a!.id);
    expect(b!.id).toBe(`${cid}~2`);
  });

  it('keeps the off-topic triage score in the proposal hash, and reads the hash of before', async () => {
    const cid = 'triage-scores';
    await intake(cid, 2);
    const models = new OffTopicModels(redis);
    await models.recordTriageScores(cid, [{ seq: 1, z: -1.5 }, { seq: 40, z: 2 }]);
    await redis.hset(`${keys.offTopicPrefix(cid)}z`, 2, '0.25');
    expect(await models.triageScores(cid, [1, 2, 3])).toEqual([-1.5, 0.25, undefined]);
    // no hash made for a proposal that is not there (erased meanwhile)
    expect(await redis.exists(keys.proposal(cid, 40))).toBe(0);
  });

  it('learns and counts an entry once when the set of before already holds it', async () => {
    const cid = 'applied-before';
    const models = new OffTopicModels(redis);
    await redis.sadd(`${keys.offTopicPrefix(cid)}applied`, '5-0');
    expect(await models.learn(cid, { entryId: '5-0', features: [], stems: [], y: 1, weight: 1, accepted: false })).toBeNull();
    expect(await models.learn(cid, { entryId: '6-0', features: [], stems: [], y: 1, weight: 1, accepted: false })).not.toBeNull();
    expect(await models.learn(cid, { entryId: '6-0', features: [], stems: [], y: 1, weight: 1, accepted: false })).toBeNull();
    const calibrations = new SuggestionCalibrations(redis);
    await redis.sadd(`${keys.suggestionCalibrationPrefix(cid)}applied`, '5-0');
    expect(await calibrations.count(cid, [{ entryId: '5-0', seq: 1, kind: 'undone' }, { entryId: '7-0', seq: 1, kind: 'undone' }])).toBe(1);
    // forgotten below a floor: entries of the same ms before the floor's sequence too
    await models.learn(cid, { entryId: '9-3', features: [], stems: [], y: 1, weight: 1, accepted: false });
    await models.forgetLearntBefore(cid, '9-4');
    expect(await redis.zrange(`${keys.offTopicPrefix(cid)}learnt`, 0, -1)).toEqual([]);
  });
});
