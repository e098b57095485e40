/**
 * The per-consultation off-topic model in Redis, shared by every worker:
 *   ot:model     hash: logistic weights (absent = prior), `version`, Platt `cal:a`/`cal:b`, auto-reject `thr`,
 *                review `rev`
 *   ot:seen      hash: stem -> proposals triaged with it (the consultation's own vocabulary), `#n` -> all; a
 *                proposal refused as off topic is taken out of both when its decision is learnt
 *   ot:accepted  hash: stem -> accepted proposals with it, `#n` -> all
 *   ot:offtopic  list: the last proposals rejected as off topic (text + stems), for explanations
 *   ot:scored    list: "z y" of each decision, z being the raw score the proposal got at triage (else the
 *                score just before learning from it): the calibration data. Every decision counts once
 *                there, automatic ones too, since they are most of the population
 *   p:<seq> `oz` the raw score a proposal got at triage (read back when its decision is learnt), a field of the
 *                proposal hash (~10 bytes; the hash `ot:z` of sequence -> score that held it before cost ~56, and is
 *                still read for proposals triaged then)
 *   ot:population list: the raw scores at triage of the last proposals, decided or not (the review threshold)
 *   ot:learnt    zset: decision-stream entries already learnt (score: the entry's ms), so that a redelivered entry
 *                is learnt once; entries the learning group can no longer deliver are removed after each round
 *                (`forgetLearntBefore`). The set `ot:applied` that kept every entry for ever (~50 bytes per
 *                proposal) is still read where it exists
 *   ot:semsum    hash: per dimension, the sum of the accepted proposals' int8 sentence vectors, `#n` -> their
 *                number (only with an embedding model: models/offtopic/semantic.ts)
 *   ot:sem       hash: proposal sequence -> its semantic scores at triage (with an embedding model)
 *   ot:model `a:<feature>`: the sum of a hashed feature's squared gradients (its adaptive rate, LEARNING.adaptive)
 * A decision is learnt in one Lua script (read weights, SGD step, write, bump version), so concurrent
 * workers never lose an update; the version counts the changes and is stored with each suggestion.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import type { Policy } from '../schemas.js';
import { fitPlatt, IDENTITY, pointsFor, type Platt, type ScoredDecision } from '../offtopic/calibration.js';
import { DOCUMENTS, HASHED, PRIOR_WEIGHTS, type Feature } from '../offtopic/features.js';
import { defineScripts } from './scripts.js';
import { forgetEntriesBefore } from './decision-stream.js';
import { ACCEPTED_COUNT, centroidOf, formatScores, parseScores, type SemanticScores } from '../offtopic/semantic.js';

const EXEMPLARS = 50;
/** the proposal hash's field holding its raw off-topic score at triage */
const TRIAGE_SCORE_FIELD = 'oz';
const SCORED_KEPT = 5000;
const POPULATION_KEPT = 5000;
/** The recent scores a stand-in review point reads besides the batch's own (see `standInReviewPoint`). */
const STAND_IN_RECENT = 1000;

/** SGD step size and pull towards the prior weights (L2). The dense features (a handful, met by every decision)
 * take the plain rate. A hashed feature (a stem, a trigram, a stop word) is met by few decisions, so at that rate
 * it moved a few hundredths per decision and moderators' refusals taught the model little (docs/QUALITY.md,
 * "English"); it takes AdaGrad's rate instead, `adaptive.rate / sqrt(initial + its squared gradients so far)`: 0.5
 * while a feature has been met in few decisions, smaller as evidence about it accumulates. `initial` bounds the
 * first steps, so that a proposal the model already scored right (gradient near 0) still moves its features little;
 * 1 and 2 (first steps ≈ 1 and 0.7) sent 3 more good vff-stream proposals to review (French must not get worse),
 * 0.01 (every step ≈ its full rate) taught toxic tweets' words as on topic (de-open --moderate leak 1.2 → 2.4 %). */
export const LEARNING = { rate: 0.3, l2: 0.001, adaptive: { rate: 1, initial: 4 } };

/** Prefix of the model hash's fields holding a hashed feature's sum of squared gradients. */
const ACCUMULATOR = 'a:';

/** One learning step, as the Lua script takes it: `gradient` is (p − y)·weight; `accumulators` holds the hashed
 * features' sums of squared gradients (absent = none yet), updated in place. Returns the new weights. Decisions of
 * weight 0 (automatic ones, most of them) only pull towards the prior, at a hashed feature's first rate: they
 * neither read nor write the accumulators (no Redis work beyond the plain step's). */
export function learningStep(weights: ReadonlyMap<string, number>, xs: Feature[], gradient: number, weight: number,
  accumulators: Map<string, number>): Map<string, number> {
  const next = new Map<string, number>();
  for (const f of xs) {
    const prior = PRIOR_WEIGHTS[f.name] ?? 0;
    const w = weights.get(f.name) ?? prior;
    const g = gradient * f.value + LEARNING.l2 * (w - prior);
    let rate = LEARNING.rate;
    if (f.name.startsWith(HASHED)) {
      const sum = weight > 0 ? (accumulators.get(f.name) ?? 0) + g * g : 0;
      if (weight > 0) accumulators.set(f.name, sum);
      rate = LEARNING.adaptive.rate / Math.sqrt(LEARNING.adaptive.initial + sum);
    }
    next.set(f.name, w - rate * g);
  }
  return next;
}

const LEARN = `
local prefix, entry = ARGV[1], ARGV[2]
local y, weight, lr, l2 = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local accepted, exemplar, kept, nstems = ARGV[7], ARGV[8], tonumber(ARGV[9]), tonumber(ARGV[10])
local triage_z, vector = tonumber(ARGV[11]), ARGV[12]
local adaptive_rate, adaptive_initial = ${LEARNING.adaptive.rate}, ${LEARNING.adaptive.initial}
if redis.call('SISMEMBER', prefix .. 'applied', entry) == 1 then return { 'duplicate' } end
if redis.call('ZADD', prefix .. 'learnt', 'NX', string.match(entry, '^%d+'), entry) == 0 then return { 'duplicate' } end
if accepted == '1' then
  redis.call('HINCRBY', prefix .. 'accepted', '${DOCUMENTS}', 1)
  for i = 13, 12 + nstems do redis.call('HINCRBY', prefix .. 'accepted', ARGV[i], 1) end
  if vector ~= '' then
    local d = 0
    for v in string.gmatch(vector, '[^,]+') do
      redis.call('HINCRBY', prefix .. 'semsum', d, tonumber(v))
      d = d + 1
    end
    redis.call('HINCRBY', prefix .. 'semsum', '${ACCEPTED_COUNT}', 1)
  end
end
-- a proposal refused as off topic is not the consultation's vocabulary: its words leave ot:seen, so that the next
-- proposals on the same other subject ("football" in a consultation on taxes) no longer look common
if y == 1 then
  redis.call('HINCRBY', prefix .. 'seen', '${DOCUMENTS}', -1)
  for i = 13, 12 + nstems do redis.call('HINCRBY', prefix .. 'seen', ARGV[i], -1) end
end
local names, xs, ws, priors = {}, {}, {}, {}
local z = 0
for i = 13 + nstems, #ARGV, 3 do
  local n = #names + 1
  names[n], xs[n], priors[n] = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  ws[n] = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or ARGV[i + 2])
  z = z + ws[n] * xs[n]
end
local g = (1 / (1 + math.exp(-z)) - y) * weight
for k = 1, #names do
  local gk = g * xs[k] + l2 * (ws[k] - priors[k])
  local rate = lr
  if string.sub(names[k], 1, ${HASHED.length}) == '${HASHED}' then
    local sum = 0
    if weight > 0 then
      local field = '${ACCUMULATOR}' .. names[k]
      sum = tonumber(redis.call('HGET', KEYS[1], field) or '0') + gk * gk
      redis.call('HSET', KEYS[1], field, string.format('%.9g', sum))
    end
    rate = adaptive_rate / math.sqrt(adaptive_initial + sum)
  end
  redis.call('HSET', KEYS[1], names[k], string.format('%.9g', ws[k] - rate * gk))
end
redis.call('RPUSH', prefix .. 'scored', string.format('%.6g %d', triage_z or z, y))
redis.call('LTRIM', prefix .. 'scored', -kept, -1)
if exemplar ~= '' then
  redis.call('LPUSH', prefix .. 'offtopic', exemplar)
  redis.call('LTRIM', prefix .. 'offtopic', 0, ${EXEMPLARS - 1})
end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
return { 'ok', version, string.format('%.6g', z) }
`;

/** KEYS: proposal key prefix. ARGV: (seq, z)*. Files each score in its proposal's hash, unless the proposal was
 * erased meanwhile (a hash made of that field alone would read as a proposal that exists). */
const TRIAGE_SCORES = `
for i = 1, #ARGV, 2 do
  local key = KEYS[1] .. ARGV[i]
  if redis.call('EXISTS', key) == 1 then redis.call('HSET', key, '${TRIAGE_SCORE_FIELD}', ARGV[i + 1]) end
end
`;

export interface Example {
  /** decision-stream entry id: the idempotency key */
  entryId: string;
  features: Feature[];
  stems: string[];
  /** 1 = rejected as off topic, 0 = on topic (accepted, or a copy of an accepted proposal) */
  y: 0 | 1;
  weight: number;
  accepted: boolean;
  /** the text kept as an explanation exemplar (off-topic rejections only) */
  text?: string;
  /** the raw score the proposal got when it was triaged, if known: the calibration pair */
  triageZ?: number;
  /** an accepted proposal's int8 sentence vector, comma-separated, when it has one: added to the centroid */
  vector?: string;
}

export interface Exemplar { text: string; stems: string[] }

export interface ModelSnapshot {
  version: number;
  weights: Map<string, number>;
  platt: Platt;
  autoRejectAt: number | null;
  /** learnt score from which a proposal goes to review whatever the policy's confidence; null = policy only */
  reviewAt: number | null;
}

export interface BatchView extends ModelSnapshot {
  /** stem -> proposals triaged with it, this batch included */
  seen: Map<string, number>;
  accepted: Map<string, number>;
  exemplars: Exemplar[];
  /** the accepted proposals' unit centroid (read only when asked: with an embedding model) */
  centroid: Float32Array | null;
}

interface LearningScripts {
  otLearn(...args: (string | number)[]): Promise<string[]>;
  otTriageScores(...args: (string | number)[]): Promise<null>;
}
type LearningRedis = Redis & LearningScripts;

export class OffTopicModels {
  private readonly redis: LearningRedis;

  constructor(redis: Redis) {
    this.redis = defineScripts<LearningScripts>(redis, { otLearn: { keys: 1, lua: LEARN }, otTriageScores: { keys: 1, lua: TRIAGE_SCORES } });
  }

  /** Registers the batch's stems in the consultation's vocabulary and reads, in one round trip, what scoring
   * the batch needs: the model (only the weights of `names`), word statistics, exemplars. */
  async readForBatch(cid: string, stemLists: string[][], names: string[], withCentroid = false): Promise<BatchView> {
    const prefix = keys.offTopicPrefix(cid);
    const counts = new Map<string, number>();
    for (const stems of stemLists) for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
    counts.set(DOCUMENTS, stemLists.length);
    const stems = [...counts.keys()];
    const pipeline = this.redis.pipeline();
    for (const [stem, n] of counts) pipeline.hincrby(`${prefix}seen`, stem, n);
    pipeline.hmget(`${prefix}accepted`, ...stems);
    pipeline.hmget(`${prefix}model`, 'version', 'cal:a', 'cal:b', 'thr', 'rev', ...names);
    pipeline.lrange(`${prefix}offtopic`, 0, -1);
    if (withCentroid) pipeline.hgetall(`${prefix}semsum`);
    const replies = ((await pipeline.exec()) ?? []).map(([err, value]) => {
      if (err) throw err;
      return value;
    });
    const seen = new Map(stems.map((s, i) => [s, Number(replies[i])]));
    const acceptedRow = replies[stems.length] as (string | null)[];
    const accepted = new Map(stems.map((s, i) => [s, Number(acceptedRow[i] ?? 0)]));
    const tail = withCentroid ? 1 : 0;
    const [version, a, b, thr, rev, ...weights] = replies.at(-2 - tail) as (string | null)[];
    const exemplars = (replies.at(-1 - tail) as string[]).map((raw) => JSON.parse(raw) as Exemplar);
    const centroid = withCentroid ? centroidOf(replies.at(-1) as Record<string, string>) : null;
    return {
      version: Number(version ?? 0),
      weights: new Map(names.flatMap((n, i) => (weights[i] != null ? [[n, Number(weights[i])] as [string, number]] : []))),
      platt: a != null && b != null ? { a: Number(a), b: Number(b) } : IDENTITY,
      autoRejectAt: thr ? Number(thr) : null,
      reviewAt: rev ? Number(rev) : null,
      seen, accepted, exemplars, centroid,
    };
  }

  /** Keeps the raw scores given at triage, so that calibration compares what moderators saw with their decision
   * (a decision may come after the model has moved). */
  async recordTriageScores(cid: string, scores: { seq: number; z: number; semantic?: SemanticScores }[]): Promise<void> {
    if (scores.length === 0) return;
    const prefix = keys.offTopicPrefix(cid);
    const semantic = scores.flatMap((s) => (s.semantic ? [s.seq, formatScores(s.semantic)] : []));
    const tx = (this.redis.multi() as ReturnType<Redis['multi']> & { otTriageScores(...args: (string | number)[]): ReturnType<Redis['multi']> })
      .otTriageScores(keys.proposalPrefix(cid), ...scores.flatMap((s) => [s.seq, s.z.toPrecision(6)]))
      .rpush(`${prefix}population`, ...scores.map((s) => s.z.toPrecision(6)))
      .ltrim(`${prefix}population`, -POPULATION_KEPT, -1);
    if (semantic.length > 0) tx.hset(`${prefix}sem`, ...semantic);
    await tx.exec();
  }

  /** The review point to use while the learner has fitted none (a new consultation, or a learner behind): the
   * same rule over the scores at hand, this batch's and the last ones recorded. Without it the first job of a
   * consultation (up to TRIAGE_CHUNK proposals) was held to the policy's own review point alone: 3 of vff's 25
   * off-topic proposals auto-accepted when the stream came in one batch, against 1 in chunks of 200
   * (docs/QUALITY.md). Null while fewer than the rule's minimum population are at hand. */
  async standInReviewPoint(cid: string, policy: Policy, batchZs: number[], platt: Platt): Promise<number | null> {
    const recent = await this.redis.lrange(`${keys.offTopicPrefix(cid)}population`, -STAND_IN_RECENT, -1);
    return pointsFor(policy).reviewAt([...recent.map(Number), ...batchZs], platt);
  }

  async triageScores(cid: string, seqs: number[]): Promise<(number | undefined)[]> {
    if (seqs.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const seq of seqs) pipeline.hget(keys.proposal(cid, seq), TRIAGE_SCORE_FIELD);
    const own = ((await pipeline.exec()) ?? []).map(([, z]) => z as string | null);
    const missing = seqs.filter((_, i) => own[i] === null);
    const legacy = new Map<number, string | null>();
    if (missing.length > 0) {
      const zs = await this.redis.hmget(`${keys.offTopicPrefix(cid)}z`, ...missing.map(String));
      missing.forEach((seq, i) => legacy.set(seq, zs[i]!));
    }
    return seqs.map((seq, i) => {
      const z = own[i] ?? legacy.get(seq) ?? null;
      return z === null ? undefined : Number(z);
    });
  }

  /** The semantic scores these proposals got at triage (undefined without an embedding model). */
  async triageSemantic(cid: string, seqs: number[]): Promise<(SemanticScores | undefined)[]> {
    if (seqs.length === 0) return [];
    return (await this.redis.hmget(`${keys.offTopicPrefix(cid)}sem`, ...seqs.map(String))).map(parseScores);
  }

  /** Document frequencies of these stems in the consultation (for learning from a decided proposal). */
  async wordCounts(cid: string, stems: string[]): Promise<{ seen: Map<string, number>; accepted: Map<string, number> }> {
    const prefix = keys.offTopicPrefix(cid);
    const fields = [DOCUMENTS, ...stems];
    const [seen, accepted] = await Promise.all([this.redis.hmget(`${prefix}seen`, ...fields), this.redis.hmget(`${prefix}accepted`, ...fields)]);
    const toMap = (row: (string | null)[]) => new Map(fields.map((s, i) => [s, Number(row[i] ?? 0)]));
    return { seen: toMap(seen), accepted: toMap(accepted) };
  }

  /** Learns one decision (test-then-train): returns the new version, or null if that entry was learnt already. */
  async learn(cid: string, ex: Example): Promise<{ version: number; z: number } | null> {
    return (await this.learnMany(cid, [ex]))[0]!;
  }

  /** Learns decisions in order, in one round trip; each is still its own atomic script. */
  async learnMany(cid: string, examples: Example[]): Promise<({ version: number; z: number } | null)[]> {
    if (examples.length === 0) return [];
    const prefix = keys.offTopicPrefix(cid);
    const pipeline = this.redis.pipeline() as ReturnType<Redis['pipeline']> & { otLearn(...args: (string | number)[]): unknown };
    for (const ex of examples) {
      const exemplar = ex.y === 1 && ex.text ? JSON.stringify({ text: ex.text.slice(0, 140), stems: ex.stems }) : '';
      const args: (string | number)[] = [prefix, ex.entryId, ex.y, ex.weight, LEARNING.rate, LEARNING.l2,
        ex.accepted ? '1' : '0', exemplar, SCORED_KEPT, ex.stems.length, ex.triageZ ?? '', ex.vector ?? '', ...ex.stems];
      for (const f of ex.features) args.push(f.name, f.value, PRIOR_WEIGHTS[f.name] ?? 0);
      pipeline.otLearn(`${prefix}model`, ...args);
    }
    return ((await pipeline.exec()) ?? []).map(([err, reply]) => {
      if (err) throw err;
      const [status, version, z] = reply as string[];
      return status === 'ok' ? { version: Number(version), z: Number(z) } : null;
    });
  }

  /** Forgets the learnt entries older than `floor`, which the learning group will not deliver again. */
  forgetLearntBefore(cid: string, floor: string): Promise<void> {
    return forgetEntriesBefore(this.redis, `${keys.offTopicPrefix(cid)}learnt`, floor);
  }

  /** Refits the calibration and the automatic-rejection threshold on the consultation's scored decisions, and
   * the review threshold on its recent proposals, for the targets of its policy. */
  async recalibrate(cid: string, policy: Policy): Promise<{ platt: Platt; autoRejectAt: number | null; reviewAt: number | null; decisions: number }> {
    const prefix = keys.offTopicPrefix(cid);
    const [scored, population] = await Promise.all([this.redis.lrange(`${prefix}scored`, 0, -1), this.redis.lrange(`${prefix}population`, 0, -1)]);
    const pairs = scored.map(parseScored);
    const platt = fitPlatt(pairs);
    const points = pointsFor(policy);
    const autoRejectAt = points.autoRejectAt(pairs, platt);
    const reviewAt = points.reviewAt(population.map(Number), platt);
    await this.redis.multi()
      .hset(`${prefix}model`, 'cal:a', platt.a.toPrecision(6), 'cal:b', platt.b.toPrecision(6), 'thr', autoRejectAt === null ? '' : autoRejectAt.toPrecision(6),
        'rev', reviewAt === null ? '' : reviewAt.toPrecision(6))
      .hincrby(`${prefix}model`, 'version', 1)
      .exec();
    return { platt, autoRejectAt, reviewAt, decisions: pairs.length };
  }
}

function parseScored(line: string): ScoredDecision {
  const [z, y] = line.split(' ');
  return { z: Number(z), y: y === '1' ? 1 : 0, weight: 1 };
}

