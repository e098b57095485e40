/**
 * Authors' appeals against refusals (DSA Art. 20): one appeal per refusal, kept in a hash (seq -> appeal JSON)
 * with a queue of the pending ones for moderators, and counters per refusal reason and per check for /stats.
 * Each step is one Lua script that re-reads the proposal, so an appeal never meets a decision other than the
 * one it contests: it is refused if the refusal changed since it was read, and decided only by a moderator
 * other than the one who refused (never automatically: only the moderator route calls `decide`).
 * An overturn accepts the proposal: the refusal leaves the counters, a human acceptance enters them, and an
 * `accept` entry carrying `appeal=overturned` goes to the decisions stream (feed, webhook, learner, stats:
 * an overturned automatic refusal is a false positive of its check). An upheld refusal stays as it was; an
 * entry `reject` with `appeal=upheld` tells the platform.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { parseProposalId, proposalId } from '../proposal-id.js';
import { defineScripts, RECORD_DECISION } from './scripts.js';
import type { Appeal, AppealCounts, AppealStats, AppealStatus } from '../reports.js';
import type { ReasonCode } from '../schemas.js';

/** KEYS: proposal. ARGV: base, seq, now, authorId|'', appeal JSON, decidedAt of the refusal read, reason, check.
 * Returns {'ok'} | {'missing'} | {'not_refused', status} | {'changed'} | {'not_author'} | {'duplicate'}. */
const FILE_APPEAL = `
local base, seq, now, author, appeal, decided_at = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6]
local reason, check = ARGV[7], ARGV[8]
local cur = redis.call('HMGET', KEYS[1], 'st', 'dec', 'au')
if not cur[1] then return { 'missing' } end
if cur[1] ~= 'rejected' then return { 'not_refused', cur[1] } end
local dec = cjson.decode(cur[2])
if tostring(dec.decidedAt) ~= decided_at then return { 'changed' } end
if cur[3] and cur[3] ~= author then return { 'not_author' } end
local previous = redis.call('HGET', base .. 'ap', seq)
if previous and tostring(cjson.decode(previous).refusalAt) == decided_at then return { 'duplicate' } end
redis.call('HSET', base .. 'ap', seq, appeal)
redis.call('ZADD', base .. 'apq', now, seq)
redis.call('HINCRBY', base .. 'aps', 'reason:' .. reason .. ':appealed', 1)
if check ~= '' then redis.call('HINCRBY', base .. 'aps', 'check:' .. check .. ':appealed', 1) end
return { 'ok' }
`;

/** KEYS: proposal. ARGV: base, cid, seq, now, moderator, outcome uphold|overturn, note.
 * Returns {'ok', version} | {'missing'} | {'not_pending'} | {'same_moderator'} | {'changed', status}. */
const DECIDE_APPEAL = `
${RECORD_DECISION}
local base, cid, seq, now, by, outcome, note = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7]
local key = KEYS[1]
local raw = redis.call('HGET', base .. 'ap', seq)
if not raw then return { 'missing' } end
local appeal = cjson.decode(raw)
if appeal.status ~= 'pending' then return { 'not_pending' } end
local cur = redis.call('HMGET', key, 'st', 'dec', 'ext')
if not cur[1] then return { 'missing' } end
local dec = cur[2] and cjson.decode(cur[2])
if cur[1] ~= 'rejected' or tostring(dec.decidedAt) ~= tostring(appeal.refusalAt) then return { 'changed', cur[1] } end
if dec.decidedBy == by then return { 'same_moderator' } end
local reason = dec.reason or ''
local refused_for, check = appeal.refusal.reason, appeal.refusal.check
if refused_for == cjson.null or not refused_for then refused_for = 'other' end
local counters = { 'reason:' .. refused_for }
if check ~= cjson.null and check then counters[2] = 'check:' .. check end
for _, c in ipairs(counters) do redis.call('HINCRBY', base .. 'aps', c .. ':decided', 1) end
local v
if outcome == 'overturn' then
  for _, c in ipairs(counters) do redis.call('HINCRBY', base .. 'aps', c .. ':overturned', 1) end
  local was = 'human'
  if dec.decidedBy == 'system' then was = 'auto' end
  redis.call('HINCRBY', base .. 'stats', was .. ':reject', -1)
  if reason ~= '' then redis.call('HINCRBY', base .. 'stats', 'reason:' .. reason, -1) end
  redis.call('HINCRBY', base .. 'stats', 'human:accept', 1)
  move(base, seq, 'rejected', 'accepted')
  redis.call('HSET', key, 'st', 'accepted', 'dec', cjson.encode({ outcome = 'accept', decidedBy = by, decidedAt = now, appeal = 'overturned' }))
  v = redis.call('HINCRBY', key, 'v', 1)
  stream_entry(base, cid, seq, cur[3],
    'outcome', 'accept', 'reason', '', 'decidedBy', by, 'decidedAt', now, 'appeal', 'overturned')
  appeal.status = 'overturned'
else
  v = redis.call('HGET', key, 'v')
  stream_entry(base, cid, seq, cur[3],
    'outcome', 'reject', 'reason', reason, 'decidedBy', dec.decidedBy, 'decidedAt', dec.decidedAt, 'appeal', 'upheld', 'appealBy', by)
  appeal.status = 'upheld'
end
appeal.decidedBy = by
appeal.decidedAt = now
if note ~= '' then appeal.note = note end
redis.call('HSET', base .. 'ap', seq, cjson.encode(appeal))
redis.call('ZREM', base .. 'apq', seq)
return { 'ok', tostring(v) }
`;

interface AppealScripts {
  fileAppeal(...args: (string | number)[]): Promise<string[]>;
  decideAppeal(...args: (string | number)[]): Promise<string[]>;
}

/** The refusal an appeal contests, as read by the caller. */
export interface Refusal { decidedAtMs: number; reason: ReasonCode | null; decidedBy: string; check: string | null }

export type FileResult = { kind: 'ok' | 'missing' | 'changed' | 'not_author' | 'duplicate' } | { kind: 'not_refused'; status: string };
export type AppealDecisionResult =
  | { kind: 'ok'; version: number }
  | { kind: 'missing' | 'not_pending' | 'same_moderator' }
  | { kind: 'changed'; status: string };

interface StoredAppeal {
  status: AppealStatus; statement: string; at: number; refusalAt: number;
  refusal: { reason: ReasonCode | null; decidedBy: string; check: string | null };
  decidedBy?: string; decidedAt?: number; note?: string;
}

export class AppealStore {
  private readonly redis: Redis & AppealScripts;
  constructor(redis: Redis) {
    this.redis = defineScripts<AppealScripts>(redis, {
      fileAppeal: { keys: 1, lua: FILE_APPEAL },
      decideAppeal: { keys: 1, lua: DECIDE_APPEAL },
    });
  }

  async file(id: string, input: { statement: string; authorId?: string }, refusal: Refusal, now = Date.now()): Promise<FileResult> {
    const parsed = parseProposalId(id);
    if (!parsed) return { kind: 'missing' };
    const { cid, seq } = parsed;
    const stored: StoredAppeal = {
      status: 'pending', statement: input.statement, at: now, refusalAt: refusal.decidedAtMs,
      refusal: { reason: refusal.reason, decidedBy: refusal.decidedBy, check: refusal.check },
    };
    const r = await this.redis.fileAppeal(keys.proposal(cid, seq), keys.base(cid), seq, now, input.authorId ?? '',
      JSON.stringify(stored), String(refusal.decidedAtMs), refusal.reason ?? 'other', refusal.check ?? '');
    if (r[0] === 'not_refused') return { kind: 'not_refused', status: r[1]! };
    return { kind: r[0] as 'ok' | 'missing' | 'changed' | 'not_author' | 'duplicate' };
  }

  async decide(id: string, by: string, outcome: 'uphold' | 'overturn', note: string | undefined, now = Date.now()): Promise<AppealDecisionResult> {
    const parsed = parseProposalId(id);
    if (!parsed) return { kind: 'missing' };
    const { cid, seq } = parsed;
    const r = await this.redis.decideAppeal(keys.proposal(cid, seq), keys.base(cid), cid, seq, now, by, outcome, note ?? '');
    if (r[0] === 'ok') return { kind: 'ok', version: Number(r[1]) };
    if (r[0] === 'changed') return { kind: 'changed', status: r[1]! };
    return { kind: r[0] as 'missing' | 'not_pending' | 'same_moderator' };
  }

  async get(id: string): Promise<Appeal | null> {
    const parsed = parseProposalId(id);
    if (!parsed) return null;
    const raw = await this.redis.hget(keys.appeals(parsed.cid), String(parsed.seq));
    return raw ? toAppeal(id, JSON.parse(raw) as StoredAppeal) : null;
  }

  /** Pending appeals oldest first (cursor = the last seq seen), or every appeal in sequence order. */
  async list(cid: string, opts: { status?: AppealStatus; cursor?: number; limit: number }): Promise<{ items: Appeal[]; nextCursor: string | null }> {
    let seqs: string[];
    if (opts.status === 'pending') {
      const min = opts.cursor === undefined ? '-inf' : `(${await this.redis.zscore(keys.appealQueue(cid), String(opts.cursor)) ?? '-inf'}`;
      seqs = await this.redis.zrangebyscore(keys.appealQueue(cid), min, '+inf', 'LIMIT', 0, opts.limit + 1);
    } else {
      const all = (await this.redis.hkeys(keys.appeals(cid))).map(Number).sort((a, b) => a - b);
      seqs = all.filter((s) => opts.cursor === undefined || s > opts.cursor).slice(0, opts.limit + 1).map(String);
    }
    const more = seqs.length > opts.limit;
    seqs = seqs.slice(0, opts.limit);
    const raws = seqs.length ? await this.redis.hmget(keys.appeals(cid), ...seqs) : [];
    const items = raws.flatMap((raw, i) => (raw ? [toAppeal(proposalId(cid, seqs[i]!), JSON.parse(raw) as StoredAppeal)] : []))
      .filter((a) => !opts.status || a.status === opts.status);
    return { items, nextCursor: more ? seqs.at(-1)! : null };
  }

  /** Appeal and overturn rates per refusal reason (refusals = the reason's current count) and per check. */
  async stats(cid: string, refusalsByReason: Partial<Record<ReasonCode, number>>): Promise<AppealStats> {
    const raw = await this.redis.hgetall(keys.appealStats(cid));
    const groups: Record<'reason' | 'check', Map<string, Record<string, number>>> = { reason: new Map(), check: new Map() };
    for (const [field, value] of Object.entries(raw)) {
      const [kind, name, counter] = field.split(':') as ['reason' | 'check', string, string];
      const group = groups[kind];
      if (!group || !name || !counter) continue;
      const counts = group.get(name) ?? {};
      counts[counter] = Number(value);
      group.set(name, counts);
    }
    const counts = (c: Record<string, number>, refusals: number | null): AppealCounts => {
      const appealed = c.appealed ?? 0;
      const decided = c.decided ?? 0;
      const overturned = c.overturned ?? 0;
      return {
        refusals, appealed, overturned,
        appealRate: refusals ? appealed / refusals : null,
        overturnRate: decided ? overturned / decided : null,
      };
    };
    const byReason: Record<string, AppealCounts> = {};
    const reasons = new Set([...groups.reason.keys(), ...Object.keys(refusalsByReason)]);
    // an overturned refusal left the reason's count: the refusals it had are the current ones plus those overturned
    for (const r of reasons) {
      const c = groups.reason.get(r) ?? {};
      byReason[r] = counts(c, (refusalsByReason[r as ReasonCode] ?? 0) + (c.overturned ?? 0));
    }
    const byCheck: Record<string, AppealCounts> = {};
    for (const [check, c] of groups.check) byCheck[check] = counts(c, null);
    return { byReason, byCheck };
  }
}

function toAppeal(id: string, a: StoredAppeal): Appeal {
  return {
    proposalId: id, status: a.status, statement: a.statement, at: new Date(a.at).toISOString(),
    refusal: { ...a.refusal, automatic: a.refusal.decidedBy === 'system' },
    decidedBy: a.decidedBy ?? null, decidedAt: a.decidedAt ? new Date(a.decidedAt).toISOString() : null, note: a.note ?? null,
  };
}
