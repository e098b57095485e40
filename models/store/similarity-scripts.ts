/**
 * The Lua script of the similarity indexes (lexical: similarity-index.ts, semantic: semantic-index.ts). Like models/store/scripts.ts, every key of a call is in the
 * consultation's hash tag (one Redis Cluster slot); keys are built by models/store/keys.ts and passed in.
 */
import type { Redis } from 'ioredis';
import { defineScripts } from './scripts.js';

/** KEYS: similarity count. ARGV: lshTail, termTail, flag field, then per proposal: proposal key, packed seq
 * (4 bytes), nBuckets, (bucket page key, bucket field)*, nTerms, term keys. The flag field of the proposal hash
 * marks it registered in this index (the lexical and the semantic index each have theirs).
 * For each proposal, in order, reads what the index holds THEN adds the proposal (once: a retried job reads
 * but does not add again), so of two near copies registered at the same moment by two workers exactly one
 * sees the other — the first one wins. Returns per proposal:
 * { fresh 0|1, lsh candidates (packed), indexed count before it, (document frequency, postings tail (packed))* }.
 * Tails are bounded (the most recent entries), so a look-up costs the same at 10k and at 1M proposals; tails of
 * 0 add without reading (bulk loads). */
const REGISTER = `
local lsh_tail, term_tail, flag = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local out = {}
local i = 4
while i <= #ARGV do
  local pkey, packed, nb = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  i = i + 3
  local fresh = redis.call('HSETNX', pkey, flag, 1) == 1
  local near = {}
  for b = 0, nb - 1 do
    local page, field = ARGV[i + 2 * b], ARGV[i + 2 * b + 1]
    local seqs = redis.call('HGET', page, field) or ''
    if lsh_tail > 0 then near[#near + 1] = string.sub(seqs, -4 * lsh_tail) end
    if fresh then redis.call('HSET', page, field, seqs .. packed) end
  end
  i = i + 2 * nb
  local nt = tonumber(ARGV[i])
  i = i + 1
  local row = { fresh and 1 or 0, table.concat(near), tonumber(redis.call('GET', KEYS[1]) or '0') }
  for t = 0, nt - 1 do
    local key = ARGV[i + t]
    if term_tail > 0 then
      row[#row + 1] = redis.call('STRLEN', key) / 4
      row[#row + 1] = redis.call('GETRANGE', key, -4 * term_tail, -1)
    end
    if fresh then redis.call('APPEND', key, packed) end
  end
  i = i + nt
  if fresh then redis.call('INCR', KEYS[1]) end
  out[#out + 1] = row
end
return out
`;

type Reply = (number | Buffer)[];
export interface SimilarityScripts {
  registerSimilarBuffer(...args: (string | number | Buffer)[]): Promise<Reply[]>;
}
export type SimilarityRedis = Redis & SimilarityScripts;

export function withSimilarityScripts(redis: Redis): SimilarityRedis {
  return defineScripts<SimilarityScripts>(redis, {
    registerSimilar: { keys: 1, lua: REGISTER },
  });
}
