/**
 * Lua scripts: each state change of a proposal is one atomic script, so a crash (of a worker or of Redis,
 * replayed from its AOF) never leaves a proposal half-moved between status sets.
 * KEYS[1] is always a key of the consultation's slot; the other keys of that consultation are derived from
 * the `base` prefix (same hash tag, hence same Redis Cluster slot).
 */
import type { Redis } from 'ioredis';

/** Moves a proposal to its final or review status and records an automatic or human decision. */
const RECORD_DECISION = `
local function record_decision(base, cid, seq, ext, created_at, now, outcome, reason, decided_by, by)
  redis.call('HINCRBY', base .. 'stats', by .. ':' .. outcome, 1)
  if outcome == 'reject' and reason ~= '' then
    redis.call('HINCRBY', base .. 'stats', 'reason:' .. reason, 1)
  end
  redis.call('XADD', base .. 'decisions', '*', 'proposalId', cid .. '~' .. seq, 'externalId', ext,
    'outcome', outcome, 'reason', reason, 'decidedBy', decided_by, 'decidedAt', now)
  local latency_key = base .. 'latency:' .. by
  redis.call('LPUSH', latency_key, now - tonumber(created_at))
  redis.call('LTRIM', latency_key, 0, 9999)
end
local function move(base, seq, from, to)
  redis.call('ZREM', base .. 'status:' .. from, seq)
  redis.call('ZADD', base .. 'status:' .. to, seq, seq)
end
`;

/** KEYS: ext, seq, status:queued, outbox. ARGV: base, cid, now, chunkSize, then (externalId, text, authorId)*.
 * Returns (seq, status, isNew)* in input order; a known externalId returns its existing proposal. */
const INTAKE = `
local base, cid, now, chunk = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local out, fresh, chunk_start = {}, 0, 0
for i = 5, #ARGV, 3 do
  local ext, text, author = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local seq = redis.call('HGET', KEYS[1], ext)
  if seq then
    out[#out + 1] = tonumber(seq)
    out[#out + 1] = redis.call('HGET', base .. 'p:' .. seq, 'st') or 'queued'
    out[#out + 1] = 0
  else
    seq = redis.call('INCR', KEYS[2])
    if fresh % chunk == 0 then chunk_start = seq end
    fresh = fresh + 1
    redis.call('HSET', KEYS[1], ext, seq)
    redis.call('HSET', base .. 'p:' .. seq, 'ext', ext, 'text', text, 'st', 'queued', 'v', 1, 'ca', now,
      'job', 't-' .. cid .. '~' .. chunk_start)
    if author ~= '' then redis.call('HSET', base .. 'p:' .. seq, 'au', author) end
    redis.call('ZADD', KEYS[3], seq, seq)
    redis.call('ZADD', KEYS[4], now, seq)
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
    redis.call('HSET', key, 'st', st, 'sug', sug, 'sim', sim, 'ta', now)
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

/** KEYS: proposal. ARGV: base, cid, seq, now, expectedVersion|'', outcome, reason|'', decidedBy, note|''.
 * Returns {'ok', version} or {'conflict', status, version} or {'missing'}. */
const HUMAN_DECISION = `
${RECORD_DECISION}
local base, cid, seq, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local expected, outcome, reason, by, note = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local key = KEYS[1]
local cur = redis.call('HMGET', key, 'st', 'v', 'ca', 'ext')
if not cur[1] then return { 'missing' } end
if cur[1] == 'accepted' or cur[1] == 'rejected' or (expected ~= '' and expected ~= cur[2]) then
  return { 'conflict', cur[1], cur[2] }
end
local st = 'rejected'
if outcome == 'accept' then st = 'accepted' end
move(base, seq, cur[1], st)
redis.call('ZREM', base .. 'outbox', seq)
local decision = { outcome = outcome, decidedBy = by, decidedAt = now }
if reason ~= '' then decision.reason = reason end
if note ~= '' then decision.note = note end
redis.call('HSET', key, 'st', st, 'dec', cjson.encode(decision))
local v = redis.call('HINCRBY', key, 'v', 1)
record_decision(base, cid, seq, cur[4], cur[3], now, outcome, reason, by, 'human')
return { 'ok', tostring(v) }
`;

/** KEYS: exact-text hash. ARGV: (textHash, seq)*. Registers each text if new; returns for each the seq of
 * the first proposal with that text (itself when it is the first). First writer wins, across workers. */
const CLAIM_TEXTS = `
local out = {}
for i = 1, #ARGV, 2 do
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
  out[#out + 1] = redis.call('HGET', KEYS[1], ARGV[i])
end
return out
`;

export interface TriageScripts {
  intake(...args: (string | number)[]): Promise<(string | number)[]>;
  claimForTriage(...args: (string | number)[]): Promise<string[]>;
  commitTriage(...args: (string | number)[]): Promise<string[]>;
  humanDecision(...args: (string | number)[]): Promise<string[]>;
  claimTexts(...args: (string | number)[]): Promise<string[]>;
}

export type ScriptedRedis = Redis & TriageScripts;

export function withScripts(redis: Redis): ScriptedRedis {
  const scripted = redis as ScriptedRedis;
  if (typeof scripted.intake === 'function') return scripted;
  redis.defineCommand('intake', { numberOfKeys: 4, lua: INTAKE });
  redis.defineCommand('claimForTriage', { numberOfKeys: 1, lua: CLAIM });
  redis.defineCommand('commitTriage', { numberOfKeys: 1, lua: COMMIT_TRIAGE });
  redis.defineCommand('humanDecision', { numberOfKeys: 1, lua: HUMAN_DECISION });
  redis.defineCommand('claimTexts', { numberOfKeys: 1, lua: CLAIM_TEXTS });
  return scripted;
}
