/** Reads what the ops figures of a consultation need from Redis and assembles them (models/ops-stats.ts). */
import type { Redis } from 'ioredis';
import {
  HOUR_MS, alerts, isAutomatic, percentiles, timeline, windowStats, type AlertBands, type ProposalFacts,
} from '../ops-stats.js';
import { REASON_CODES, type ConsultationStats, type ReasonCode, type Suggestion } from '../schemas.js';
import type { DecisionLog, DecisionRecord } from './decision-stream.js';
import { keys } from './keys.js';
import { parseProposalId } from '../proposal-id.js';
import type { ProposalStore } from './proposals.js';
import { decodeSuggestion } from './suggestion-format.js';

/** Decisions one stats request reads at most (the newest ones); beyond, `window.truncated` says so. */
export const MAX_WINDOW_DECISIONS = 200_000;
const FACTS_CHUNK = 5000;

/** KEYS: a key of the consultation's slot. ARGV: proposal key prefix, then (seq, wantSuggestion)*.
 * Returns (createdAt, suggestion JSON or '')* in order. */
const PROPOSAL_FACTS = `
local out = {}
for i = 2, #ARGV, 2 do
  local key = ARGV[1] .. ARGV[i]
  out[#out + 1] = redis.call('HGET', key, 'ca') or ''
  out[#out + 1] = ARGV[i + 1] == '1' and (redis.call('HGET', key, 'sug') or '') or ''
end
return out
`;

export class StatsStore {
  constructor(private readonly redis: Redis, private readonly proposals: ProposalStore, private readonly log: DecisionLog,
    private readonly bands: AlertBands) {}

  async compute(cid: string, window: { spec: string; ms: number }, now = Date.now()): Promise<ConsultationStats> {
    const fromMs = now - window.ms;
    const [byStatus, counters, autoLatency, humanLatency, outbox, queueAgeMs, { records, truncated }] = await Promise.all([
      this.proposals.countsByStatus(cid),
      this.redis.hgetall(keys.stats(cid)),
      this.redis.lrange(keys.latency(cid, 'auto'), 0, -1),
      this.redis.lrange(keys.latency(cid, 'human'), 0, -1),
      this.redis.zcard(keys.outbox(cid)),
      this.queueAges(cid, now),
      this.log.since(cid, fromMs, MAX_WINDOW_DECISIONS),
    ]);
    const count = (k: string) => Number(counters[k] ?? 0);
    const decided = byStatus.accepted + byStatus.rejected;
    const facts = await this.proposalFacts(cid, records);
    return {
      consultationId: cid,
      byStatus,
      byReason: Object.fromEntries(REASON_CODES.map((r) => [r, count(`reason:${r}`)])) as Record<ReasonCode, number>,
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      decided,
      rejectionRate: decided === 0 ? null : byStatus.rejected / decided,
      decisions: {
        automatic: count('auto:accept') + count('auto:reject'),
        human: count('human:accept') + count('human:reject'),
      },
      queueDepth: { triage: outbox, review: byStatus.pending_review },
      decisionLatencyMs: { automatic: percentiles(autoLatency.map(Number)), human: percentiles(humanLatency.map(Number)) },
      queueAgeMs,
      window: windowStats({ duration: window.spec, fromMs, toMs: now, records, facts, truncated }),
      timeline: timeline(records, fromMs, now),
      alerts: alerts(records, now, queueAgeMs, this.bands),
    };
  }

  /** Only what the alert bands need: the last day of decisions and the queue ages. */
  async alerts(cid: string, now = Date.now()): Promise<ConsultationStats['alerts']> {
    const [queueAgeMs, { records }] = await Promise.all([this.queueAges(cid, now), this.log.since(cid, now - 24 * HOUR_MS, MAX_WINDOW_DECISIONS)]);
    return alerts(records, now, queueAgeMs, this.bands);
  }

  /** Proposals waiting for a moderator. */
  reviewDepth(cid: string): Promise<number> {
    return this.redis.zcard(keys.byStatus(cid, 'pending_review'));
  }

  /** Age of the oldest proposal waiting for triage (outbox, scored by intake time) and for a moderator
   * (lowest sequence in review = earliest intake). */
  async queueAges(cid: string, now: number): Promise<{ triage: number | null; review: number | null }> {
    const [oldestTriage, oldestReview] = await Promise.all([
      this.redis.zrange(keys.outbox(cid), 0, 0, 'WITHSCORES'),
      this.redis.zrange(keys.byStatus(cid, 'pending_review'), 0, 0),
    ]);
    const reviewCreated = oldestReview[0] ? await this.redis.hget(keys.proposal(cid, oldestReview[0]), 'ca') : null;
    return {
      triage: oldestTriage[1] !== undefined ? Math.max(0, now - Number(oldestTriage[1])) : null,
      review: reviewCreated ? Math.max(0, now - Number(reviewCreated)) : null,
    };
  }

  /** Intake time of each proposal decided in the window, and the suggestion of those a moderator decided
   * (the only ones the agreement needs): one script call per chunk instead of one command per proposal. */
  async proposalFacts(cid: string, records: readonly DecisionRecord[]): Promise<Map<string, ProposalFacts>> {
    const wanted = new Map<string, boolean>();
    for (const r of records) if (r.outcome !== 'undone') wanted.set(r.proposalId, (wanted.get(r.proposalId) ?? false) || !isAutomatic(r));
    const ids = [...wanted.keys()];
    const facts = new Map<string, ProposalFacts>();
    for (let i = 0; i < ids.length; i += FACTS_CHUNK) {
      const chunk = ids.slice(i, i + FACTS_CHUNK);
      const args: (string | number)[] = [];
      for (const id of chunk) args.push(parseProposalId(id)?.seq ?? 0, wanted.get(id) ? 1 : 0);
      const flat = (await this.redis.eval(PROPOSAL_FACTS, 1, keys.sequence(cid), keys.proposal(cid, ''), ...args)) as string[];
      chunk.forEach((id, n) => {
        const [ca, sug] = [flat[2 * n], flat[2 * n + 1]];
        facts.set(id, { createdAtMs: ca ? Number(ca) : null, suggestion: sug ? decodeSuggestion(sug) : null });
      });
    }
    return facts;
  }
}
