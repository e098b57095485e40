/**
 * Reads the decisions stream of a consultation (written by the Lua scripts of scripts.ts). The stream id is
 * the cursor: Redis keeps it with the entry (AOF), so a reader resumes exactly after the last id it saw,
 * across restarts of the service.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { defineScripts } from './scripts.js';
import { FEED_OUTCOMES, type DecisionFeedItem, type FeedOutcome } from '../decision-feed.js';
import { REASON_CODES, type ReasonCode } from '../schemas.js';

export type StreamEntry = [id: string, fields: string[]];

/** A decision as the stream holds it, with decidedAt in ms for the stats. */
export interface DecisionRecord extends Omit<DecisionFeedItem, 'decidedAt'> { decidedAtMs: number }

const isOutcome = (s: string): s is FeedOutcome => (FEED_OUTCOMES as readonly string[]).includes(s);
const isReason = (s: string): s is ReasonCode => (REASON_CODES as readonly string[]).includes(s);

export function toRecord([id, flat]: StreamEntry): DecisionRecord {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]!] = flat[i + 1]!;
  const outcome = f.outcome ?? '';
  const reason = f.reason ?? '';
  return {
    id,
    proposalId: f.proposalId ?? '',
    externalId: f.externalId ?? '',
    // An outcome this version does not know is reported as an undo: the platform then re-reads the proposal.
    outcome: isOutcome(outcome) ? outcome : 'undone',
    reason: isReason(reason) ? reason : null,
    decidedBy: f.decidedBy ?? '',
    decidedAtMs: Number(f.decidedAt) || Number(id.split('-')[0]),
    ...(f.appeal === 'upheld' || f.appeal === 'overturned' ? { appeal: f.appeal } : {}),
  };
}

export function toFeedItem(r: DecisionRecord): DecisionFeedItem {
  const { decidedAtMs, ...rest } = r;
  return { ...rest, decidedAt: new Date(decidedAtMs).toISOString() };
}

export class DecisionLog {
  constructor(private readonly redis: Redis) {}

  /** The entries after `after` (exclusive), oldest first. */
  async page(cid: string, after: string | undefined, limit: number): Promise<{ items: DecisionRecord[]; hasMore: boolean }> {
    const entries = (await this.redis.xrange(keys.decisions(cid), after ? `(${after}` : '-', '+', 'COUNT', limit + 1)) as StreamEntry[];
    return { items: entries.slice(0, limit).map(toRecord), hasMore: entries.length > limit };
  }

  /** The entries with ids from `fromMs` on, oldest first, read in pages; beyond `max`, the newest `max`. */
  async since(cid: string, fromMs: number, max: number): Promise<{ records: DecisionRecord[]; truncated: boolean }> {
    const records: DecisionRecord[] = [];
    let start = `${Math.floor(fromMs)}-0`;
    for (;;) {
      const want = Math.min(5000, max - records.length + 1);
      const entries = (await this.redis.xrange(keys.decisions(cid), start, '+', 'COUNT', want)) as StreamEntry[];
      for (const e of entries) records.push(toRecord(e));
      if (records.length > max) {
        const newest = (await this.redis.xrevrange(keys.decisions(cid), '+', `${Math.floor(fromMs)}-0`, 'COUNT', max)) as StreamEntry[];
        return { records: newest.reverse().map(toRecord), truncated: true };
      }
      if (entries.length < want) return { records, truncated: false };
      start = `(${entries.at(-1)![0]}`;
    }
  }
}

/** Creates a consumer group on the decisions stream at its current end (no-op when it exists). */
export async function ensureConsumerGroup(redis: Redis, cid: string, group: string, from: '$' | '0' = '$'): Promise<void> {
  await redis.xgroup('CREATE', keys.decisions(cid), group, from, 'MKSTREAM').catch((err: Error) => {
    if (!err.message.includes('BUSYGROUP')) throw err;
  });
}

export interface ConsumerOptions {
  group: string;
  /** this process's name in the group */
  consumer: string;
  /** where a group created by this consumer starts: '$' the entries appended from now on, '0' the whole stream */
  from: '$' | '0';
  /** an entry left unacknowledged this long (handler failed, process died) is taken over by the next reader */
  claimIdleMs: number;
  /** entries per read */
  batch: number;
}

/**
 * One consumer of a consumer group over the decisions streams, the one loop the webhook dispatcher, the metrics
 * follower and the learner share: an entry is acknowledged only after its handler succeeded, and an entry left
 * pending is taken over after `claimIdleMs` (XAUTOCLAIM) by whichever process reads next. At least once.
 */
export class DecisionStreamConsumer {
  /** the streams whose group exists, so that each group is created once per process */
  private readonly grouped = new Set<string>();

  constructor(private readonly redis: Redis, readonly opts: ConsumerOptions) {}

  /** The entries idle longer than claimIdleMs in other consumers' hands, now this one's. */
  async claimStale(cid: string): Promise<DecisionRecord[]> {
    await this.ensureGroup(cid);
    const { group, consumer, claimIdleMs, batch } = this.opts;
    const [, claimed] = await this.redis.xautoclaim(keys.decisions(cid), group, consumer, claimIdleMs, '0-0', 'COUNT', batch) as [string, (StreamEntry | null)[]];
    // an entry deleted from the stream while pending comes back as null
    return claimed.filter((e): e is StreamEntry => e !== null).map(toRecord);
  }

  /** The next entries never delivered to the group, at most `batch`. */
  async readNew(cid: string): Promise<DecisionRecord[]> {
    await this.ensureGroup(cid);
    const { group, consumer, batch } = this.opts;
    const read = await this.redis.xreadgroup('GROUP', group, consumer, 'COUNT', batch, 'STREAMS', keys.decisions(cid), '>') as [string, StreamEntry[]][] | null;
    return (read?.[0]?.[1] ?? []).map(toRecord);
  }

  async ack(cid: string, records: readonly DecisionRecord[]): Promise<void> {
    if (records.length > 0) await this.redis.xack(keys.decisions(cid), this.opts.group, ...records.map((r) => r.id));
  }

  /** The oldest entry this group may still deliver (to any of its consumers): entries older than that were
   * acknowledged and never come again. Null when the group does not exist. */
  async floor(cid: string): Promise<string | null> {
    const [floor] = await groupFloors(this.redis, cid, this.opts.group);
    return floor ?? null;
  }

  /** After NOGROUP (the group was destroyed, the stream deleted): the group is created again at the next read. */
  forget(cid: string): void {
    this.grouped.delete(cid);
  }

  private async ensureGroup(cid: string): Promise<void> {
    if (this.grouped.has(cid)) return;
    await ensureConsumerGroup(this.redis, cid, this.opts.group, this.opts.from);
    this.grouped.add(cid);
  }
}

/** Waits (on `blocking`, a connection of its own: a blocked connection serves nothing else) until an entry is
 * appended to the decisions stream of one of the consultations, at most `ms`; answers false when there is
 * nothing to wait on or Redis failed. */
export async function waitForDecisions(blocking: Redis, cids: readonly string[], ms: number): Promise<boolean> {
  if (cids.length === 0) return false;
  const streams = cids.map((cid) => keys.decisions(cid));
  return blocking.xread('BLOCK', ms, 'STREAMS', ...streams, ...streams.map(() => '$')).then(() => true, () => false);
}

/** KEYS: a sorted set of stream entry ids scored by their ms. ARGV: ms, sequence of the floor. Removes the ids
 * older than the floor. */
const FORGET_ENTRIES = `
local ms, seq = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ms)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ms, ms)) do
  if tonumber(string.match(id, '-(%d+)$') or '0') < seq then redis.call('ZREM', KEYS[1], id) end
end
`;

/** Removes from `key` (entry ids scored by their ms: what a consumer already handled, kept so that a redelivered
 * entry is handled once) the entries older than `floor`, which its group will not deliver again. */
export async function forgetEntriesBefore(redis: Redis, key: string, floor: string): Promise<void> {
  const [ms, seq] = entryId(floor);
  await defineScripts<{ forgetEntries(...args: (string | number)[]): Promise<null> }>(redis, { forgetEntries: { keys: 1, lua: FORGET_ENTRIES } })
    .forgetEntries(key, ms, seq);
}

/** A stream entry id as [ms, sequence], for comparisons. */
function entryId(id: string): [number, number] {
  const [ms, seq] = id.split('-');
  return [Number(ms), Number(seq ?? 0)];
}

export function compareEntryIds(a: string, b: string): number {
  const [am, as] = entryId(a);
  const [bm, bs] = entryId(b);
  return am - bm || as - bs;
}

/**
 * Trims a consultation's decisions stream: removes the entries older than `before` (ms) and older than every
 * id of `keep` — the oldest entry each consumer group still needs (groupFloors) and the entries whose webhook
 * is not yet delivered or dead-lettered. The moderators' notes of removed entries go with them (the proposal
 * keeps its last decision and its note). Answers how many entries were removed.
 */
export async function trimDecisions(redis: Redis, cid: string, before: number, keep: readonly string[]): Promise<number> {
  let minId = `${Math.max(0, Math.floor(before))}-0`;
  for (const id of keep) if (compareEntryIds(id, minId) < 0) minId = id;
  const removed = Number(await redis.xtrim(keys.decisions(cid), 'MINID', minId));
  // the audit log's other part (assignments, tags) reaches back as far
  await redis.xtrim(keys.workspaceLog(cid), 'MINID', minId);
  if (removed > 0) {
    const gone = (await redis.hkeys(keys.decisionNotes(cid))).filter((id) => compareEntryIds(id, minId) < 0);
    if (gone.length > 0) await redis.hdel(keys.decisionNotes(cid), ...gone);
  }
  return removed;
}

/** Per consumer group of the stream (or only `only`), the oldest entry it still needs: its oldest pending (read,
 * not yet acknowledged) entry, else the one after the last it read. None when the stream does not exist. */
export async function groupFloors(redis: Redis, cid: string, only?: string): Promise<string[]> {
  const key = keys.decisions(cid);
  const groups = await (redis.xinfo('GROUPS', key) as Promise<unknown[][]>).catch((err: Error) => {
    if (err.message.includes('no such key')) return [];
    throw err;
  });
  const floors: string[] = [];
  for (const group of groups) {
    const field = (name: string) => String(group[group.indexOf(name) + 1]);
    if (only !== undefined && field('name') !== only) continue;
    if (Number(field('pending')) > 0) {
      const [, oldest] = await redis.xpending(key, field('name')) as [number, string | null];
      if (oldest) { floors.push(oldest); continue; }
    }
    const [ms, seq] = entryId(field('last-delivered-id'));
    floors.push(`${ms}-${seq + 1}`);
  }
  return floors;
}
