/**
 * Erasure of proposals (GDPR Art. 17) and of everything derived from their text in Redis. For each proposal,
 * what its text left behind is found again from the text itself, before it goes:
 *   - the proposal hash (text, external id, author, suggestion, similar, sentence vector, lease) — deleted;
 *   - the status sets, outbox, registration set, external-id map, author index, exact-text hash;
 *   - the similarity index: its sequence taken out of its LSH buckets and term postings (a postings key left
 *     empty is deleted: its name is a word of the text), the indexed count decremented;
 *   - its group, review lease, notes, reports, appeal, off-topic triage scores and exemplar, calibration pair;
 *   - its entries in the decisions stream (they carry the external id), with their notes;
 *   - later proposals that quote it: their `similar` list loses it, and the details of their reasons (a
 *     duplicate's detail quotes the original's text and external id) have both replaced by "…". Those are
 *     found through the index: a later proposal only ever matched it through a bucket or a postings tail.
 * The anonymous counters stay (stats, latencies, the off-topic word counts and calibration totals), and one
 * `erased` entry (proposal id, who, when; no text, no external id) is appended to the decisions stream: the
 * audit trail, and the platform's notice. The sequence joins the tombstone set, so the id answers 410.
 * Each proposal is erased by one Lua script from a plan computed here; BullMQ job data and the in-process
 * feature caches are scrubbed by the caller (app/ wires them: models/ does not know the queues).
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { parseProposalId, proposalId } from '../proposal-id.js';
import { defineScripts } from './scripts.js';
import { PROPOSAL_STATUSES, type Similar, type Suggestion } from '../schemas.js';
import { foldText, normalizeText } from '../text/normalize.js';
import { possibleIndexEntriesOf, TERM_TAIL } from './similarity-index.js';
import type { SemanticIndex } from './semantic-index.js';
import { textHash } from '../enrichers/exact-texts.js';
import { decodeSuggestion, encodeSuggestion } from './suggestion-format.js';
import { PAGED_MAPS, pageHash, STATUS_SETS } from './pages.js';
import { countsByStatus } from './proposals.js';

/** Postings entries read after the erased one: a later proposal matched it only within TERM_TAIL entries of it,
 * plus a margin for the registrations that concurrent jobs make out of order. */
const POSTINGS_AFTER = TERM_TAIL + 256;
/** The off-topic model keeps exemplars cut to this many characters (models/store/off-topic-models.ts). */
const EXEMPLAR_CHARS = 140;
const STREAM_PAGE = 2000;

/** KEYS: proposal. ARGV: base, plan JSON. Returns 1 when erased, 0 when the proposal was not there. */
const ERASE = `
${PAGED_MAPS}
${STATUS_SETS}
local base = ARGV[1]
local plan = cjson.decode(ARGV[2])
local key = KEYS[1]
local seq = tostring(plan.seq)
local packed = struct.pack('>I4', plan.seq)
local function without(blob)
  local parts, start, i = {}, 1, 1
  while true do
    local at = string.find(blob, packed, i, true)
    if not at then break end
    if (at - 1) % 4 == 0 then
      parts[#parts + 1] = string.sub(blob, start, at - 1)
      start, i = at + 4, at + 4
    else
      i = at + 1
    end
  end
  parts[#parts + 1] = string.sub(blob, start)
  return table.concat(parts)
end
local h = redis.call('HMGET', key, 'st', 'g', 'ix', 'au', 'ext', 'iv')
if not h[1] then return 0 end
for _, st in ipairs(plan.statuses) do status_remove(base, st, seq) end
for _, set in ipairs({ 'outbox', 'unreg', 'reported', 'apq' }) do redis.call('ZREM', base .. set, seq) end
if h[5] then map_delete(base, 'x', 'ext', plan.extPage, h[5], seq) end
if plan.exact ~= '' then map_delete(base, 'e', 'exact', plan.exactPage, plan.exact, seq) end
for _, b in ipairs(plan.buckets) do
  local v = redis.call('HGET', b[1], b[2])
  if v then
    local rest = without(v)
    if rest == '' then redis.call('HDEL', b[1], b[2]) elseif rest ~= v then redis.call('HSET', b[1], b[2], rest) end
  end
end
for _, p in ipairs(plan.postings) do
  local v = redis.call('GET', p[1])
  if v then
    local rest = without(v)
    if rest == '' then redis.call('DEL', p[1]) elseif rest ~= v then redis.call('SET', p[1], rest) end
  else
    v = redis.call('HGET', p[2], p[3])
    local rest = v and without(v)
    if rest == '' then redis.call('HDEL', p[2], p[3]) elseif rest and rest ~= v then redis.call('HSET', p[2], p[3], rest) end
  end
end
if h[3] then redis.call('DECR', base .. 'simn') end
for _, v in ipairs(plan.vectorBuckets) do
  local seqs = redis.call('HGET', v, '')
  if seqs then
    local rest = without(seqs)
    if rest == '' then redis.call('DEL', v) elseif rest ~= seqs then redis.call('HSET', v, '', rest) end
  end
end
if h[6] then redis.call('DECR', base .. 'vecn') end
if h[4] then
  local mine = redis.call('HGET', base .. 'authors', h[4])
  if mine then
    local rest = without(mine)
    if rest == '' then redis.call('HDEL', base .. 'authors', h[4]) else redis.call('HSET', base .. 'authors', h[4], rest) end
  end
end
if h[2] then
  local group = base .. 'g:' .. h[2]
  redis.call('SREM', group, seq)
  local n = redis.call('SCARD', group)
  if n >= 2 then redis.call('ZADD', base .. 'groups', n, h[2]) else redis.call('ZREM', base .. 'groups', h[2]) end
  if n == 1 then
    local last = redis.call('SPOP', group)
    redis.call('HDEL', base .. 'p:' .. last, 'g')
  end
end
local holders = redis.call('HGETALL', base .. 'holders')
for i = 1, #holders, 2 do
  if holders[i + 1] == seq then redis.call('HDEL', base .. 'holders', holders[i]) end
end
for _, id in ipairs(plan.entries) do
  redis.call('HDEL', base .. 'notes', id)
  redis.call('XDEL', base .. 'decisions', id)
end
for _, f in ipairs({ 'ot:z', 'ot:sem', 'sc:pairs', 'ap' }) do redis.call('HDEL', base .. f, seq) end
for _, e in ipairs(plan.exemplars) do redis.call('LREM', base .. 'ot:offtopic', 0, e) end
redis.call('DEL', base .. 'rp:' .. seq)
for _, r in ipairs(plan.refs) do
  local ref = base .. 'p:' .. r[1]
  if redis.call('EXISTS', ref) == 1 then
    if r[2] ~= '' then redis.call('HSET', ref, 'sim', r[2]) end
    if r[3] ~= '' then redis.call('HSET', ref, 'sug', r[3]) end
  end
end
redis.call('DEL', key)
redis.call('SADD', base .. 'erased', seq)
redis.call('HINCRBY', base .. 'stats', 'erased', 1)
redis.call('XADD', base .. 'decisions', '*', 'proposalId', plan.cid .. '~' .. seq, 'externalId', '',
  'outcome', 'erased', 'reason', '', 'decidedBy', plan.by, 'decidedAt', plan.now)
return 1
`;

/** Erases proposals everywhere they left a trace: Redis (this store), job data, the processes' caches.
 * Composed where the queues are known (the runtime). Answers the sequences erased. */
export interface Eraser {
  erase(cid: string, seqs: readonly number[], by: string): Promise<number[]>;
  /** every proposal of the consultation at once; answers how many there were */
  eraseAll(cid: string, by: string): Promise<number>;
}

/** What erasing a whole consultation keeps: its settings and sequence (ids are never reused), anonymous counters
 * and the learnt models' numbers — everything else under its hash tag was derived from its proposals. */
const KEPT_WHEN_ALL_ERASED = new Set([
  'consultation', 'seq', 'stats', 'latency:auto', 'latency:human', 'webhook', 'webhook:deliveries', 'aps', 'gseq',
  'decisions', 'erasedupto', 'ot:model', 'ot:scored', 'ot:population', 'ot:applied', 'ot:learnt', 'sc:counts', 'sc:map', 'sc:applied', 'sc:counted',
]);

interface ErasureScripts { eraseProposal(...args: (string | number)[]): Promise<number> }

interface Plan {
  cid: string; seq: number; by: string; now: number; statuses: readonly string[]; exact: string;
  /** pageHash of the external id and of the exact-text hash (models/store/pages.ts) */
  extPage: number; exactPage: number;
  buckets: [string, string][]; postings: [string, string, string][]; entries: string[]; exemplars: string[];
  /** the semantic index's buckets that may hold it (hashes with one field '') */
  vectorBuckets: string[];
  /** later proposals quoting it: seq, new `similar` JSON ('' = unchanged), new suggestion JSON ('' = unchanged) */
  refs: [number, string, string][];
}

/** `entries`: the proposal's decisions-stream entry ids (field xs, kept by the scripts that append them); null
 * for a proposal decided before that field existed, whose entries are then found by reading the stream. */
interface Stored { seq: number; text: string; externalId: string; vector: Buffer | null; entries: string[] | null }

export class ErasureStore {
  private readonly redis: Redis & ErasureScripts;
  /** `semantic`: the index whose buckets an erased proposal's vector is taken out of */
  constructor(redis: Redis, private readonly semantic: SemanticIndex) {
    this.redis = defineScripts<ErasureScripts>(redis, { eraseProposal: { keys: 1, lua: ERASE } });
  }

  /** Whether this proposal id was erased (answers 410 rather than 404). */
  async wasErased(id: string): Promise<boolean> {
    const parsed = parseProposalId(id);
    if (!parsed) return false;
    const [one, upTo] = await Promise.all([
      this.redis.sismember(keys.erased(parsed.cid), String(parsed.seq)),
      this.redis.get(keys.erasedUpTo(parsed.cid)),
    ]);
    return one === 1 || parsed.seq <= Number(upTo ?? 0);
  }

  /**
   * Erases every proposal of the consultation at once (retention, deletion): instead of taking each proposal
   * out of the shared structures, every key derived from proposals is deleted (the keys not in
   * KEPT_WHEN_ALL_ERASED), every decisions-stream entry is deleted (the stream and its consumer groups stay),
   * and one `erased` entry with an empty proposal id says all were. Cost: one SCAN of the keyspace and one
   * pass over the stream, instead of index surgery per proposal. Answers the proposals there were.
   */
  async eraseAll(cid: string, by: string, now = Date.now()): Promise<number> {
    const base = keys.base(cid);
    const [byStatus, last] = await Promise.all([countsByStatus(this.redis, cid), this.redis.get(keys.sequence(cid)).then(Number)]);
    const proposals = Object.values(byStatus).reduce((a, b) => a + b, 0);
    // keys of the consultation have no glob characters: ids are [A-Za-z0-9._-] (ConsultationId)
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 1000);
      cursor = next;
      const derived = found.filter((k) => !KEPT_WHEN_ALL_ERASED.has(k.slice(base.length)));
      if (derived.length > 0) await this.redis.unlink(...derived);
    } while (cursor !== '0');
    for (;;) {
      const page = (await this.redis.xrange(keys.decisions(cid), '-', '+', 'COUNT', STREAM_PAGE)) as [string, string[]][];
      if (page.length === 0) break;
      await this.redis.xdel(keys.decisions(cid), ...page.map(([id]) => id));
    }
    await this.redis.multi()
      .set(keys.erasedUpTo(cid), last)
      .hincrby(keys.stats(cid), 'erased', proposals)
      .xadd(keys.decisions(cid), '*', 'proposalId', '', 'externalId', '', 'outcome', 'erased', 'reason', '', 'decidedBy', by, 'decidedAt', now)
      .exec();
    return proposals;
  }

  /** The sequences of an author's proposals in the consultation (the author index kept by intake). */
  proposalsOf(cid: string, authorId: string): Promise<number[]> {
    return authorSequences(this.redis, cid, authorId);
  }

  /** Erases the proposals; answers the sequences erased (those not found are left out). */
  async erase(cid: string, seqs: readonly number[], by: string, now = Date.now()): Promise<number[]> {
    const stored = await this.read(cid, seqs);
    if (stored.length === 0) return [];
    const ids = new Set(stored.map((p) => proposalId(cid, p.seq)));
    const unindexed = new Set(stored.filter((p) => p.entries === null).map((p) => proposalId(cid, p.seq)));
    const entries = unindexed.size > 0 ? await this.streamEntries(cid, unindexed) : new Map<string, string[]>();
    const exemplars = await this.redis.lrange(`${keys.offTopicPrefix(cid)}offtopic`, 0, -1);
    const erased: number[] = [];
    for (const p of stored) {
      const folded = foldText(normalizeText(p.text));
      const { buckets, postings } = possibleIndexEntriesOf(cid, folded);
      const exact = folded.length > 0 ? textHash(folded) : '';
      const plan: Plan = {
        cid, seq: p.seq, by, now, statuses: PROPOSAL_STATUSES, exact, extPage: pageHash(p.externalId), exactPage: pageHash(exact),
        buckets, postings, entries: p.entries ?? entries.get(proposalId(cid, p.seq)) ?? [],
        vectorBuckets: p.vector ? this.semantic.bucketKeysOf(cid, p.vector) : [],
        exemplars: exemplars.filter((raw) => (JSON.parse(raw) as { text?: string }).text === p.text.slice(0, EXEMPLAR_CHARS)),
        refs: await this.quoting(cid, p, buckets, postings, ids),
      };
      if (await this.redis.eraseProposal(keys.proposal(cid, p.seq), keys.base(cid), JSON.stringify(plan)) === 1) erased.push(p.seq);
    }
    return erased;
  }

  private async read(cid: string, seqs: readonly number[]): Promise<Stored[]> {
    const pipeline = this.redis.pipeline();
    for (const seq of seqs) pipeline.hmget(keys.proposal(cid, seq), 'text', 'ext', 'xs', 'st').hgetBuffer(keys.proposal(cid, seq), 'ev');
    const rows = (await pipeline.exec()) ?? [];
    return seqs.flatMap((seq, i) => {
      const [text, ext, xs, st] = (rows[2 * i]?.[1] ?? []) as (string | null)[];
      const vector = (rows[2 * i + 1]?.[1] ?? null) as Buffer | null;
      const decided = st === 'accepted' || st === 'rejected';
      const entries = xs ? xs.split(' ').filter(Boolean) : decided ? null : [];
      return text == null ? [] : [{ seq, text, externalId: ext ?? '', vector, entries }];
    });
  }

  /** Stream entry ids per proposal id, for the proposals being erased (one pass over the stream). */
  private async streamEntries(cid: string, ids: ReadonlySet<string>): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    let start = '-';
    for (;;) {
      const page = (await this.redis.xrange(keys.decisions(cid), start, '+', 'COUNT', STREAM_PAGE)) as [string, string[]][];
      for (const [id, fields] of page) {
        const at = fields.indexOf('proposalId');
        const pid = at >= 0 && at % 2 === 0 ? fields[at + 1]! : '';
        if (ids.has(pid)) out.set(pid, [...(out.get(pid) ?? []), id]);
      }
      if (page.length < STREAM_PAGE) return out;
      start = `(${page.at(-1)![0]}`;
    }
  }

  /** Later proposals whose `similar` or reasons quote the erased one, with their scrubbed fields. */
  private async quoting(cid: string, p: Stored, buckets: [string, string][], postings: [string, string, string][], erasedIds: ReadonlySet<string>): Promise<[number, string, string][]> {
    const read = this.redis.pipeline();
    for (const [page, field] of buckets) read.hgetBuffer(page, field);
    // a term's postings are either its own key or a field of its page (the other read answers null)
    for (const [key, page, term] of postings) read.getBuffer(key).hgetBuffer(page, term);
    const blobs = ((await read.exec()) ?? []).map(([, v]) => v as Buffer | null);
    const candidates = new Set<number>();
    blobs.forEach((blob, i) => {
      const after = seqsAfter(blob, p.seq);
      for (const seq of i < buckets.length ? after : after.slice(0, POSTINGS_AFTER)) candidates.add(seq);
    });
    const seqs = [...candidates];
    if (seqs.length === 0) return [];
    const fields = this.redis.pipeline();
    for (const seq of seqs) fields.hmget(keys.proposal(cid, seq), 'sim', 'sug');
    const rows = (await fields.exec()) ?? [];
    const refs: [number, string, string][] = [];
    seqs.forEach((seq, i) => {
      const [sim, sug] = (rows[i]?.[1] ?? []) as (string | null)[];
      const newSim = sim ? scrubSimilar(sim, erasedIds) : '';
      const newSug = sug ? scrubSuggestion(sug, p) : '';
      if (newSim || newSug) refs.push([seq, newSim, newSug]);
    });
    return refs;
  }
}

/** The sequences filed after `seq` in a packed bucket or postings blob. */
function seqsAfter(blob: Buffer | null, seq: number): number[] {
  const out: number[] = [];
  let seen = false;
  for (let i = 0; blob && i + 4 <= blob.length; i += 4) {
    const s = blob.readUInt32BE(i);
    if (seen && s !== seq) out.push(s);
    else if (s === seq) seen = true;
  }
  return out;
}

/** The `similar` list without the erased proposals; '' when it did not list any. */
function scrubSimilar(raw: string, erased: ReadonlySet<string>): string {
  // the packed format holds sequences only: an erased one no longer resolves when the proposal is read
  if (!raw.startsWith('[')) return '';
  const list = JSON.parse(raw) as Similar[];
  const kept = list.filter((s) => !erased.has(s.id));
  return kept.length === list.length ? '' : JSON.stringify(kept);
}

/** The suggestion with the erased text and external id replaced by "…" in its reasons' details; '' when
 * no detail quoted them. The external id is replaced only where no letter, digit, "-" or "_" touches it (it may
 * be as short as "7"; a detail may put a colon or a quote right after it). */
function scrubSuggestion(raw: string, p: Stored): string {
  const suggestion = decodeSuggestion(raw);
  const externalId = new RegExp(`(?<![\\w-])${p.externalId.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\w-])`, 'g');
  let changed = false;
  const reasons = suggestion.reasons.map((r) => {
    const detail = r.detail.split(p.text).join('…').replace(externalId, '…');
    if (detail === r.detail) return r;
    changed = true;
    return { ...r, detail };
  });
  return changed ? encodeSuggestion({ ...suggestion, reasons }) : '';
}

/** The sequences of an author's proposals in the consultation, in intake order (the author index kept by intake:
 * packed 4-byte sequences); the erasure by author and the moderator's author history read it. */
export async function authorSequences(redis: Redis, cid: string, authorId: string): Promise<number[]> {
  const packed = await redis.hgetBuffer(keys.authorProposals(cid), authorId);
  const seqs: number[] = [];
  for (let i = 0; packed && i + 4 <= packed.length; i += 4) seqs.push(packed.readUInt32BE(i));
  return seqs;
}
