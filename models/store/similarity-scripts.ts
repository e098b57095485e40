/**
 * The Lua script of the similarity indexes (lexical: similarity-index.ts, semantic: semantic-index.ts). Like models/store/scripts.ts, every key of a call is in the
 * consultation's hash tag (one Redis Cluster slot); keys are built by models/store/keys.ts and passed in.
 */
import type { Redis } from 'ioredis';
import { defineScripts } from './scripts.js';

/** A term's postings (4 bytes per proposal) stay a field of a shared page up to this size (64 proposals): most
 * terms are used by one or two proposals, and a key of their own cost ~230 bytes for 4 of postings. */
export const TERM_PAGED_BYTES = 256;

/** KEYS: similarity count. ARGV: lshTail, termTail, flag field, LSH levels, then per proposal: proposal key,
 * seq (decimal; the script packs it in 4 bytes, big-endian, as postings and buckets hold it — passed as a Buffer it
 * put ioredis in its buffer mode, which writes every argument of a 60,000-argument call separately), its LSH level, nBuckets, (bucket page key, bucket field)* (per band, one per level: the
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
local function pack(n)
  return string.char(math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
end
local i = 5
while i <= #ARGV do
  local pkey, packed, level, nb = ARGV[i], pack(tonumber(ARGV[i + 1])), tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
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
