/**
 * Lua scripts: each state change of a proposal is one atomic script, so a crash (of a worker or of Redis,
 * replayed from its AOF) never leaves a proposal half-moved between status sets.
 * KEYS[1] is always a key of the consultation's slot; the other keys of that consultation are derived from
 * the `base` prefix (same hash tag, hence same Redis Cluster slot).
 */
import type { Redis } from 'ioredis';
import { LIST_PAGED_STATUS, PAGED_MAPS, STATUS_SETS } from './pages.js';

/** Moves a proposal to its final or review status and records an automatic or human decision. */
export const RECORD_DECISION = `
${STATUS_SETS}
-- appends an entry about the proposal to the decisions stream, and its id to the proposal's field xs (what an
-- erasure removes, without reading the whole stream)
local function stream_entry(base, cid, seq, ext, ...)
  local id = redis.call('XADD', base .. 'decisions', '*', 'proposalId', cid .. '~' .. seq, 'externalId', ext, ...)
  local key = base .. 'p:' .. seq
  redis.call('HSET', key, 'xs', (redis.call('HGET', key, 'xs') or '') .. id .. ' ')
  return id
end
local function record_decision(base, cid, seq, ext, created_at, now, outcome, reason, decided_by, by)
  redis.call('HINCRBY', base .. 'stats', by .. ':' .. outcome, 1)
  if outcome == 'reject' and reason ~= '' then
    redis.call('HINCRBY', base .. 'stats', 'reason:' .. reason, 1)
  end
  stream_entry(base, cid, seq, ext, 'outcome', outcome, 'reason', reason, 'decidedBy', decided_by, 'decidedAt', now)
  local latency_key = base .. 'latency:' .. by
  redis.call('LPUSH', latency_key, now - tonumber(created_at))
  redis.call('LTRIM', latency_key, 0, 9999)
end
local function move(base, seq, from, to)
  status_remove(base, from, seq)
  status_add(base, to, seq)
end
`;

/** KEYS: ext (the unpaged map of before), seq, status:queued, outbox. ARGV: base, cid, now, chunkSize, then
 * (externalId, pageHash(externalId), text, authorId)*. Returns (seq, status, isNew)* in input order; a known
 * externalId returns its existing proposal. */
const INTAKE = `
${PAGED_MAPS}
local base, cid, now, chunk = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local out, fresh, chunk_start = {}, 0, 0
for i = 5, #ARGV, 4 do
  local ext, h, text, author = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  local seq = map_get(base, 'x', 'ext', h, ext)
  if seq then
    out[#out + 1] = tonumber(seq)
    out[#out + 1] = redis.call('HGET', base .. 'p:' .. seq, 'st') or 'queued'
    out[#out + 1] = 0
  else
    seq = redis.call('INCR', KEYS[2])
    if fresh % chunk == 0 then chunk_start = seq end
    fresh = fresh + 1
    map_set(base, 'x', h, ext, seq)
    redis.call('HSET', base .. 'p:' .. seq, 'ext', ext, 'text', text, 'st', 'queued', 'v', 1, 'ca', now,
      'job', 't-' .. cid .. '~' .. chunk_start)
    if author ~= '' then
      redis.call('HSET', base .. 'p:' .. seq, 'au', author)
      -- the author index (erasure by author): their sequences, packed 4 bytes each
      redis.call('HSET', base .. 'authors', author, (redis.call('HGET', base .. 'authors', author) or '') .. struct.pack('>I4', seq))
    end
    redis.call('ZADD', KEYS[3], seq, seq)
    redis.call('ZADD', KEYS[4], now, seq)
    redis.call('ZADD', base .. 'unreg', seq, seq)
    out[#out + 1] = seq
    out[#out + 1] = 'queued'
    out[#out + 1] = 1
  end
end
return out
`;

/** KEYS: seq. ARGV: base, then seq*. Marks queued proposals processing; returns (seq, ext, text, createdAt)*
 * for those still to triage (a retried job skips what an earlier attempt already committed). */
const CLAIM = `
${RECORD_DECISION}
local base = ARGV[1]
local out = {}
for i = 2, #ARGV do
  local seq = ARGV[i]
  local key = base .. 'p:' .. seq
  local f = redis.call('HMGET', key, 'st', 'ext', 'text', 'ca')
  if f[1] == 'queued' or f[1] == 'processing' then
    if f[1] == 'queued' then
      move(base, seq, 'queued', 'processing')
      redis.call('HSET', key, 'st', 'processing')
      redis.call('HINCRBY', key, 'v', 1)
    end
    out[#out + 1] = seq
    out[#out + 1] = f[2]
    out[#out + 1] = f[3]
    out[#out + 1] = f[4]
  end
end
return out
`;

/** KEYS: seq. ARGV: base, cid, now, then (seq, status, suggestion, similar, outcome, reason, flag)*, outcome ''
 * when the proposal waits for review. Returns the seqs committed (others were decided meanwhile). */
const COMMIT_TRIAGE = `
${RECORD_DECISION}
local base, cid, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local out = {}
for i = 4, #ARGV, 7 do
  local seq, st, sug, sim, outcome, reason, flag = ARGV[i], ARGV[i+1], ARGV[i+2], ARGV[i+3], ARGV[i+4], ARGV[i+5], ARGV[i+6]
  local key = base .. 'p:' .. seq
  local cur = redis.call('HMGET', key, 'st', 'ca', 'ext')
  if cur[1] == 'queued' or cur[1] == 'processing' then
    move(base, seq, cur[1], st)
    redis.call('ZREM', base .. 'outbox', seq)
    redis.call('ZREM', base .. 'unreg', seq)
    redis.call('HSET', key, 'st', st, 'sug', sug, 'sim', sim, 'ta', now)
    -- the triage job is only needed while the proposal waits in the outbox (the sweeper reads it)
    redis.call('HDEL', key, 'job')
    redis.call('HINCRBY', key, 'v', 1)
    if flag ~= '' then redis.call('HINCRBY', base .. 'stats', 'flag:' .. flag, 1) end
    if outcome ~= '' then
      redis.call('HSET', key, 'dec', cjson.encode({ outcome = outcome, reason = reason, decidedBy = 'system', decidedAt = now }))
      record_decision(base, cid, seq, cur[3], cur[2], now, outcome, reason, 'system', 'auto')
    end
    out[#out + 1] = seq
  end
end
return out
`;

/** Review leases: a proposal in review is held by at most one moderator (fields lo = owner, le = expiry ms of
 * the proposal hash) and a moderator holds at most one proposal per consultation (hash `holders`). An expired
 * lease is simply ignored; whoever takes the proposal next overwrites it. */
export const LEASES = `
local function drop_lease(base, key, seq, owner)
  if not owner then return end
  redis.call('HDEL', key, 'lo', 'le')
  if redis.call('HGET', base .. 'holders', owner) == tostring(seq) then redis.call('HDEL', base .. 'holders', owner) end
end
local function take_lease(base, key, seq, owner, expires)
  local held = redis.call('HGET', base .. 'holders', owner)
  if held and held ~= tostring(seq) then
    local held_key = base .. 'p:' .. held
    if redis.call('HGET', held_key, 'lo') == owner then redis.call('HDEL', held_key, 'lo', 'le') end
  end
  redis.call('HSET', key, 'lo', owner, 'le', expires)
  redis.call('HSET', base .. 'holders', owner, seq)
end
local function leased_by_other(lease_owner, lease_expiry, me, now)
  return lease_owner and lease_owner ~= me and tonumber(lease_expiry) > now
end
`;

/** KEYS: proposal. ARGV: base, cid, seq, now, expectedVersion|'', outcome, reason|'', decidedBy, note|''.
 * Returns {'ok', version} or {'conflict', status, version} or {'leased', owner, expiresAt} or {'missing'}.
 * Another moderator's live lease blocks the decision; the proposal's lease is released by it. A note is kept
 * beside the decisions-stream entry (hash `notes`), for the audit log. */
const HUMAN_DECISION = `
${RECORD_DECISION}
${LEASES}
local base, cid, seq, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local expected, outcome, reason, by, note = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local key = KEYS[1]
local cur = redis.call('HMGET', key, 'st', 'v', 'ca', 'ext', 'lo', 'le')
if not cur[1] then return { 'missing' } end
if cur[1] == 'accepted' or cur[1] == 'rejected' or (expected ~= '' and expected ~= cur[2]) then
  return { 'conflict', cur[1], cur[2] }
end
if leased_by_other(cur[5], cur[6], by, now) then return { 'leased', cur[5], cur[6] } end
local st = 'rejected'
if outcome == 'accept' then st = 'accepted' end
move(base, seq, cur[1], st)
redis.call('ZREM', base .. 'outbox', seq)
redis.call('ZREM', base .. 'unreg', seq)
drop_lease(base, key, seq, cur[5])
local decision = { outcome = outcome, decidedBy = by, decidedAt = now }
if reason ~= '' then decision.reason = reason end
if note ~= '' then decision.note = note end
redis.call('HSET', key, 'st', st, 'dec', cjson.encode(decision))
redis.call('HDEL', key, 'job')
local v = redis.call('HINCRBY', key, 'v', 1)
record_decision(base, cid, seq, cur[4], cur[3], now, outcome, reason, by, 'human')
if note ~= '' then
  local entry = redis.call('XREVRANGE', base .. 'decisions', '+', '-', 'COUNT', 1)[1][1]
  redis.call('HSET', base .. 'notes', entry, note)
end
return { 'ok', tostring(v) }
`;

/** KEYS: exact-text hash (the unpaged map of before). ARGV: base, then (textHash, seq, pageHash(textHash))*.
 * Registers each text; returns for each the seq of the earliest proposal (by intake sequence) registered with
 * that text, itself when none is earlier. Workers may register a later copy before its original: the original
 * still keeps the text, it is never the copy. */
const CLAIM_TEXTS = `
${PAGED_MAPS}
local base = ARGV[1]
local out = {}
for i = 2, #ARGV, 3 do
  local first = map_get(base, 'e', 'exact', tonumber(ARGV[i + 2]), ARGV[i])
  local seq = tonumber(ARGV[i + 1])
  if first == nil or seq < first then
    map_set(base, 'e', tonumber(ARGV[i + 2]), ARGV[i], seq)
    first = seq
  end
  out[#out + 1] = tostring(first)
end
return out
`;

/** The scripts of the proposal life-cycle that ProposalStore runs (ReviewStore has its own, beside it). */
export interface TriageScripts {
  intake(...args: (string | number)[]): Promise<(string | number)[]>;
  claimForTriage(...args: (string | number)[]): Promise<string[]>;
  commitTriage(...args: (string | number)[]): Promise<string[]>;
  humanDecision(...args: (string | number)[]): Promise<string[]>;
  claimTexts(...args: (string | number)[]): Promise<string[]>;
  listPagedStatus(...args: (string | number)[]): Promise<number[]>;
}

export type ScriptedRedis = Redis & TriageScripts;

/** Registers a set of Lua scripts as commands of a connection, once per connection. */
export function defineScripts<T>(redis: Redis, scripts: Record<string, { keys: number; lua: string }>): Redis & T {
  const [first] = Object.keys(scripts);
  if (first && typeof (redis as unknown as Record<string, unknown>)[first] !== 'function') {
    for (const [name, { keys: numberOfKeys, lua }] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys, lua });
  }
  return redis as Redis & T;
}

export function withScripts(redis: Redis): ScriptedRedis {
  return defineScripts<TriageScripts>(redis, {
    intake: { keys: 4, lua: INTAKE },
    claimForTriage: { keys: 1, lua: CLAIM },
    commitTriage: { keys: 1, lua: COMMIT_TRIAGE },
    humanDecision: { keys: 1, lua: HUMAN_DECISION },
    claimTexts: { keys: 1, lua: CLAIM_TEXTS },
    listPagedStatus: { keys: 1, lua: LIST_PAGED_STATUS },
  });
}
