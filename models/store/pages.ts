/**
 * Per-proposal indexes filed in small pages rather than one big key (issue 15: Redis bytes per proposal). A big
 * hash or sorted set is encoded as a hash table or skiplist at ~55–70 bytes an entry; a small one (≤ 128 entries,
 * the default hash-/zset-max-listpack-entries) is a listpack at ~5–25 bytes an entry, and a page key costs ~90.
 *
 * Maps keyed by a string — externalId -> sequence (`x`, idempotency of intake), folded-text hash -> first sequence
 * (`e`, exact copies) — are filed by a hash of the key into pages whose number grows with the consultation, like
 * the LSH pages of similarity-index.ts: an entry goes to the level of its sequence, a look-up reads every level
 * (3 small reads) and the unpaged hash they replace (`ext`, `exact`), which consultations stored before still hold.
 *
 * The status sets of the final statuses (`accepted`, `rejected`: most proposals end there) are sorted sets of 128
 * consecutive sequences each, so they stay listpacks whatever the consultation's size, with their sizes counted
 * in the hash `statusn`; the working statuses (queued, processing, pending_review) stay one sorted set each (the
 * review queue reads pending_review by rank). A paged status is listed page by page from the cursor, merged with
 * the unpaged set of before.
 */
import { createHash } from 'node:crypto';
import type { ProposalStatus } from '../schemas.js';

/** A level holds the entries of the proposals with sequence ≤ lastSeq (and above the level before) in `pages`
 * pages: ~64 entries a page at the end of each level. */
export const MAP_LEVELS: readonly { lastSeq: number; pages: number }[] = [
  { lastSeq: 4096, pages: 64 },
  { lastSeq: 32768, pages: 512 },
  { lastSeq: Infinity, pages: 4096 },
];

export type PagedMap = 'x' | 'e';

/** The page number source of a map key: 32 bits of its SHA-1 (an external id is chosen by the platform). */
export function pageHash(key: string): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0);
}

/** Sequences per page of a paged status set. */
export const STATUS_PAGE = 128;
export const PAGED_STATUSES: readonly ProposalStatus[] = ['accepted', 'rejected'];
export const isPagedStatus = (status: ProposalStatus) => PAGED_STATUSES.includes(status);
/** Pages a listing reads at most per call (131,072 sequences): a status with nothing in them answers a short page
 * with a cursor rather than holding Redis longer. */
export const STATUS_PAGES_PER_LISTING = 1024;

const LUA_LEVELS = MAP_LEVELS.map((l) => `{ ${Number.isFinite(l.lastSeq) ? l.lastSeq : 2 ** 53}, ${l.pages} }`).join(', ');

/** Lua: the paged maps. `h` is pageHash(field) computed by the caller; `legacy` the unpaged hash of before. */
export const PAGED_MAPS = `
local map_levels = { ${LUA_LEVELS} }
local function map_level(seq)
  for l = 1, #map_levels do if seq <= map_levels[l][1] then return l end end
  return #map_levels
end
local function map_page(base, map, level, h)
  return base .. map .. (level - 1) .. '.' .. (h % map_levels[level][2])
end
-- the smallest sequence filed for the field, at any level or in the unpaged hash; nil when none
local function map_get(base, map, legacy, h, field)
  local best = tonumber(redis.call('HGET', base .. legacy, field))
  for l = 1, #map_levels do
    local v = tonumber(redis.call('HGET', map_page(base, map, l, h), field))
    if v and (not best or v < best) then best = v end
  end
  return best
end
local function map_set(base, map, h, field, seq)
  redis.call('HSET', map_page(base, map, map_level(tonumber(seq)), h), field, seq)
end
-- removes the field where it maps to this sequence
local function map_delete(base, map, legacy, h, field, seq)
  if redis.call('HGET', base .. legacy, field) == seq then redis.call('HDEL', base .. legacy, field) end
  local page = map_page(base, map, map_level(tonumber(seq)), h)
  if redis.call('HGET', page, field) == seq then redis.call('HDEL', page, field) end
end
`;

/** Lua: adding to and removing from the status sets (every status change goes through these). */
export const STATUS_SETS = `
local paged_status = { ${PAGED_STATUSES.map((s) => `${s} = true`).join(', ')} }
local function status_page(base, st, seq)
  return base .. 'status:' .. st .. ':' .. math.floor(tonumber(seq) / ${STATUS_PAGE})
end
local function status_add(base, st, seq)
  if not paged_status[st] then
    redis.call('ZADD', base .. 'status:' .. st, seq, seq)
  elseif redis.call('ZADD', status_page(base, st, seq), seq, seq) == 1 then
    redis.call('HINCRBY', base .. 'statusn', st, 1)
  end
end
local function status_remove(base, st, seq)
  -- a paged status may still hold the sequence in its unpaged set of before
  redis.call('ZREM', base .. 'status:' .. st, seq)
  if paged_status[st] and redis.call('ZREM', status_page(base, st, seq), seq) == 1 then
    redis.call('HINCRBY', base .. 'statusn', st, -1)
  end
end
`;

/** KEYS: the unpaged status set. ARGV: base, status, after (exclusive), count. Returns (scannedUpTo, seq*): the
 * first `count` sequences after `after` in the status, in order, and the last sequence the pages read covered
 * (-1 when every page to the end was read). */
export const LIST_PAGED_STATUS = `
local base, st, after, want = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. after, '+inf', 'LIMIT', 0, want)
local last = tonumber(redis.call('GET', base .. 'seq') or '0')
local found, page, scanned, upto = {}, math.floor((after + 1) / ${STATUS_PAGE}), 0, -1
while #found < want and page * ${STATUS_PAGE} <= last do
  if scanned == ${STATUS_PAGES_PER_LISTING} then upto = page * ${STATUS_PAGE} - 1 break end
  for _, s in ipairs(redis.call('ZRANGEBYSCORE', base .. 'status:' .. st .. ':' .. page, '(' .. after, '+inf')) do
    found[#found + 1] = tonumber(s)
  end
  page, scanned = page + 1, scanned + 1
end
local out, i, j = { upto }, 1, 1
-- beyond the pages read, the unpaged set's sequences are for the next call
if upto >= 0 then while #old > 0 and tonumber(old[#old]) > upto do table.remove(old) end end
while #out <= want and (i <= #old or j <= #found) do
  local a, b = tonumber(old[i]), found[j]
  if b == nil or (a ~= nil and a < b) then out[#out + 1] = a i = i + 1
  elseif a == b then out[#out + 1] = a i, j = i + 1, j + 1
  else out[#out + 1] = b j = j + 1 end
end
return out
`;
