import { defineScripts } from '../store/scripts.js';
/**
 * Lua scripts of the similarity index. Like models/store/scripts.ts, every key of a call is in the
 * consultation's hash tag (one Redis Cluster slot); keys are built by models/store/keys.ts and passed in.
 */
import type { Redis } from 'ioredis';

/** A term's postings (4 bytes per proposal) stay a field of a shared page up to this size (64 proposals): most
 * terms are used by one or two proposals, and a key of their own cost ~230 bytes for 4 of postings. */
export const TERM_PAGED_BYTES = 256;

/** KEYS: similarity count. ARGV: lshTail, termTail, flag field, LSH levels, then per proposal: proposal key,
 * packed seq (4 bytes), its LSH level, nBuckets, (bucket page key, bucket field)* (per band, one per level: the
 * band's bucket is read at every level and the proposal filed at its own), nTerms, (term key, term page,
 * term)*: a term's postings are a field of its page while they fit TERM_PAGED_BYTES, then its own key. The flag field of the proposal hash
 * marks it registered in this index (the lexical and the semantic index each have theirs).
 * For each proposal, in order, reads what the index holds THEN adds the proposal (once: a retried job reads
 * but does not add again), so of two near copies registered at the same moment by two workers exactly one
 * sees the other — the first one wins. Returns per proposal:
 * { fresh 0|1, lsh candidates (packed), indexed count before it, (document frequency, postings tail (packed))* }.
 * Tails are bounded (the most recent entries), so a look-up costs the same at 10k and at 1M proposals; tails of
 * 0 add without reading (bulk loads). */
const REGISTER = `
local lsh_tail, term_tail, flag, levels = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local out = {}
local i = 5
while i <= #ARGV do
  local pkey, packed, level, nb = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  i = i + 4
  local fresh = redis.call('HSETNX', pkey, flag, 1) == 1
  local near, bucket = {}, {}
  for b = 0, nb - 1 do
    local page, field = ARGV[i + 2 * b], ARGV[i + 2 * b + 1]
    local seqs = redis.call('HGET', page, field) or ''
    bucket[#bucket + 1] = seqs
    if fresh and b % levels == level then redis.call('HSET', page, field, seqs .. packed) end
    if b % levels == levels - 1 then
      if lsh_tail > 0 then near[#near + 1] = string.sub(table.concat(bucket), -4 * lsh_tail) end
      bucket = {}
    end
  end
  i = i + 2 * nb
  local nt = tonumber(ARGV[i])
  i = i + 1
  local row = { fresh and 1 or 0, table.concat(near), tonumber(redis.call('GET', KEYS[1]) or '0') }
  for t = 0, nt - 1 do
    local key, page, term = ARGV[i + 3 * t], ARGV[i + 3 * t + 1], ARGV[i + 3 * t + 2]
    local own = redis.call('STRLEN', key)
    local paged = ''
    if own == 0 then paged = redis.call('HGET', page, term) or '' end
    if term_tail > 0 then
      if own > 0 then
        row[#row + 1] = own / 4
        row[#row + 1] = redis.call('GETRANGE', key, -4 * term_tail, -1)
      else
        row[#row + 1] = #paged / 4
        row[#row + 1] = string.sub(paged, -4 * term_tail)
      end
    end
    if fresh then
      if own > 0 then redis.call('APPEND', key, packed)
      elseif #paged + #packed <= ${TERM_PAGED_BYTES} then redis.call('HSET', page, term, paged .. packed)
      else
        redis.call('SET', key, paged .. packed)
        redis.call('HDEL', page, term)
      end
    end
  end
  i = i + 3 * nt
  if fresh then redis.call('INCR', KEYS[1]) end
  out[#out + 1] = row
end
return out
`;

/** KEYS: groups, group sequence. ARGV: base, then (seq, target seq)*. Puts each proposal in the group of its
 * target (creating a group for the target if it had none). A proposal already grouped stays where it is. */
const JOIN_GROUPS = `
local base = ARGV[1]
for i = 2, #ARGV, 2 do
  local seq, target = ARGV[i], ARGV[i + 1]
  if not redis.call('HGET', base .. 'p:' .. seq, 'g') then
    local gid = redis.call('HGET', base .. 'p:' .. target, 'g')
    if not gid then
      gid = tostring(redis.call('INCR', KEYS[2]))
      redis.call('HSET', base .. 'p:' .. target, 'g', gid)
      redis.call('SADD', base .. 'g:' .. gid, target)
    end
    redis.call('HSET', base .. 'p:' .. seq, 'g', gid)
    redis.call('SADD', base .. 'g:' .. gid, seq)
    redis.call('ZADD', KEYS[1], redis.call('SCARD', base .. 'g:' .. gid), gid)
  end
end
return 1
`;

/** KEYS: groups, group sequence. ARGV: base, target gid ('' = a new group), (seq)*. Moves each listed proposal
 * into the target group and keeps the sizes of the groups they left (a group left with one member dissolves:
 * a lone proposal is its own idea, unless a moderator put it there). Used to split some members off into a new
 * group. Returns { gid, size }. */
const MOVE_TO_GROUP = `
local base, target = ARGV[1], ARGV[2]
if target == '' then target = tostring(redis.call('INCR', KEYS[2])) end
local function resize(gid)
  local n = redis.call('SCARD', base .. 'g:' .. gid)
  if n >= 2 then redis.call('ZADD', KEYS[1], n, gid) else redis.call('ZREM', KEYS[1], gid) end
  if n == 1 then
    local last = redis.call('SPOP', base .. 'g:' .. gid)
    redis.call('HDEL', base .. 'p:' .. last, 'g')
  end
end
for i = 3, #ARGV do
  local seq = ARGV[i]
  local from = redis.call('HGET', base .. 'p:' .. seq, 'g')
  if from ~= target then
    if from then
      redis.call('SREM', base .. 'g:' .. from, seq)
      resize(from)
    end
    redis.call('HSET', base .. 'p:' .. seq, 'g', target)
    redis.call('SADD', base .. 'g:' .. target, seq)
  end
end
local n = redis.call('SCARD', base .. 'g:' .. target)
redis.call('ZADD', KEYS[1], n, target)
return { target, n }
`;

/** KEYS: groups. ARGV: base, target gid, (source gid)*. Moves every member of the source groups into the
 * target group (atomic: a proposal grouped meanwhile is not left behind). Returns the target's size, 0 when
 * the target group does not exist. */
const MERGE_GROUPS = `
local base, target = ARGV[1], ARGV[2]
if redis.call('EXISTS', base .. 'g:' .. target) == 0 then return 0 end
for i = 3, #ARGV do
  local from = ARGV[i]
  if from ~= target then
    for _, seq in ipairs(redis.call('SMEMBERS', base .. 'g:' .. from)) do
      redis.call('HSET', base .. 'p:' .. seq, 'g', target)
      redis.call('SADD', base .. 'g:' .. target, seq)
    end
    redis.call('DEL', base .. 'g:' .. from)
    redis.call('ZREM', KEYS[1], from)
  end
end
local n = redis.call('SCARD', base .. 'g:' .. target)
redis.call('ZADD', KEYS[1], n, target)
return n
`;

type Reply = (number | Buffer)[];
export interface SimilarityScripts {
  registerSimilarBuffer(...args: (string | number | Buffer)[]): Promise<Reply[]>;
  joinGroups(...args: (string | number)[]): Promise<number>;
  moveToGroup(...args: (string | number)[]): Promise<[string, number]>;
  mergeGroups(...args: (string | number)[]): Promise<number>;
}
export type SimilarityRedis = Redis & SimilarityScripts;

export function withSimilarityScripts(redis: Redis): SimilarityRedis {
  return defineScripts<SimilarityScripts>(redis, {
    registerSimilar: { keys: 1, lua: REGISTER },
    joinGroups: { keys: 2, lua: JOIN_GROUPS },
    moveToGroup: { keys: 2, lua: MOVE_TO_GROUP },
    mergeGroups: { keys: 1, lua: MERGE_GROUPS },
  });
}
