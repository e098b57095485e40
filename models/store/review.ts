/**
 * The moderator review queue in Redis: leases ("next item" reserves a proposal for one moderator), the queue
 * listing with filters and counts, undo, and the audit log (the decisions stream joined with suggestions and
 * notes). Filters are applied here, in one place; the Lua scripts only take the lease atomically among
 * the candidates found, so two moderators never hold the same proposal.
 */
import type { Redis } from 'ioredis';
import { foldText } from '../text/normalize.js';
import { keys } from './keys.js';
import { parseProposalId, proposalId } from '../proposal-id.js';
import { authorSequences } from './erasure.js';
import { compareEntryIds } from './decision-stream.js';
import { base, type ProposalStore } from './proposals.js';
import { defineScripts, LEASES, RECORD_DECISION } from './scripts.js';
import { normalizeTags } from '../schemas.js';
import { decodeSuggestion } from './suggestion-format.js';
import type {
  AuditEntry, Lease, Proposal, QueueCounts, QueueReason, ReasonCode, ReviewFilters, ReviewItem, Suggestion,
} from '../schemas.js';

/** Assignment and tags live in the proposal hash (`as`: moderator id, `tg`: JSON array), so erasing the proposal
 * erases them. */
export type WorkspaceFieldsResult = { kind: 'ok'; assignedTo: string | null; tags: string[] } | { kind: 'missing' } | { kind: 'not_in_review'; status: string };

export type ReopenResult = { kind: 'ok'; version: number } | { kind: 'missing' } | { kind: 'not_decided'; status: string };

/** How many queued proposals one listing, count or "next" reads at most: a bound on the work of a request. */
export const MAX_SCAN = 5000;
/** Listing and counting read this many queue entries per round trip; "next" fewer, as it usually stops early. */
const SCAN_CHUNK = 500;
const NEXT_CHUNK = 50;
const CLAIM_CANDIDATES = 20;
/** The author history reads the statuses of this many of the author's latest proposals. */
const AUTHOR_SCAN = 200;

export type LeaseResult =
  | { kind: 'ok'; lease: Lease }
  | { kind: 'leased'; lease: Lease }
  | { kind: 'not_in_review'; status: string }
  | { kind: 'missing' };

export type UndoResult =
  | { kind: 'ok'; version: number }
  | { kind: 'missing' }
  | { kind: 'not_decided'; status: string }
  | { kind: 'automatic' }
  | { kind: 'not_yours'; decidedBy: string }
  | { kind: 'too_late'; decidedAt: number };

/** What the queue scans read of each waiting proposal: enough to filter, count and skip leased ones (the text
 * only when searching). */
interface QueueEntry extends Filtered { seq: number; lease: Lease | null }
/** What the filters read of a proposal. */
interface Filtered { suggestion: Suggestion | null; createdAt: number; text?: string; assignedTo: string | null; tags: string[] }
/** An entry of the audit log as read: from the decisions stream or the workspace log (`cursor`: its id in the log). */
interface LogEntry { cursor: string; id: string; workspace: boolean; f: Record<string, string> }

const parseTags = (raw: string | null | undefined): string[] => (raw ? JSON.parse(raw) as string[] : []);

/** The reason a moderator sees first and `r` `Entrée` files: the suggestion's naming reason (models/policy.ts);
 * for a suggestion stored before it existed, the strongest reason of an active check; 'none' when nothing was found.
 * The queue counts and the reason filter both use it, so a count is what its filter lists. */
export function mainReason(suggestion: Suggestion | null): QueueReason {
  return suggestion?.mainReason ?? suggestion?.reasons.find((r) => !r.shadow)?.code ?? 'none';
}

/** Search words, folded like the texts they are looked for in; every one must appear. */
export const searchTerms = (q: string | undefined): string[] => (q ? foldText(q).split(' ').filter((w) => w.length > 0) : []);

export function matchesFilters(e: Filtered, f: ReviewFilters, now: number): boolean {
  const s = e.suggestion;
  if (f.reason && mainReason(s) !== f.reason) return false;
  if (f.assignedTo && (e.assignedTo ?? 'none') !== f.assignedTo) return false;
  if (f.tag && !e.tags.some((t) => t.toLowerCase() === f.tag!.normalize('NFC').trim().toLowerCase())) return false;
  const terms = searchTerms(f.q);
  if (terms.length > 0) {
    const folded = ` ${foldText(e.text ?? '')} `;
    if (!terms.every((t) => folded.includes(t))) return false;
  }
  if (f.suggestion && s?.outcome !== f.suggestion) return false;
  if (f.minConfidence !== undefined && !(s && s.confidence >= f.minConfidence)) return false;
  if (f.maxConfidence !== undefined && !(s && s.confidence <= f.maxConfidence)) return false;
  const ageS = (now - e.createdAt) / 1000;
  if (f.minAgeS !== undefined && ageS < f.minAgeS) return false;
  if (f.maxAgeS !== undefined && ageS > f.maxAgeS) return false;
  return true;
}

/** KEYS: holders. ARGV: base, owner, now, leaseMs, then candidate seqs in order of preference.
 * Leases the first candidate still in review and not held by another moderator (releasing what the owner
 * held before); returns {seq, expiresAt} or {} when none could be taken. */
const CLAIM_REVIEW = `
${LEASES}
local base, owner, now, lease_ms = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
for i = 5, #ARGV do
  local seq = ARGV[i]
  local key = base .. 'p:' .. seq
  local cur = redis.call('HMGET', key, 'st', 'lo', 'le')
  if cur[1] == 'pending_review' and not leased_by_other(cur[2], cur[3], owner, now) then
    if cur[2] and cur[2] ~= owner then drop_lease(base, key, seq, cur[2]) end
    take_lease(base, key, seq, owner, now + lease_ms)
    return { seq, tostring(now + lease_ms) }
  end
end
return {}
`;

/** KEYS: proposal. ARGV: base, seq, owner. Releases the owner's lease; returns 1 if there was one. */
const RELEASE_LEASE = `
${LEASES}
if redis.call('HGET', KEYS[1], 'lo') ~= ARGV[3] then return 0 end
drop_lease(ARGV[1], KEYS[1], ARGV[2], ARGV[3])
return 1
`;

/** KEYS: proposal. ARGV: base, cid, seq, now, by, windowMs, mayUndoOthers '1'|'0', leaseMs.
 * Takes back a human decision made less than windowMs ago: the proposal returns to review (leased to the
 * moderator who undid it), the counters are reversed, and an 'undone' entry is appended to the decisions
 * stream so a platform following the feed learns it. Returns {'ok', version}, {'missing'},
 * {'not_decided', status}, {'automatic'}, {'not_yours', decidedBy} or {'too_late', decidedAt}. */
const UNDO_DECISION = `
${RECORD_DECISION}
${LEASES}
local base, cid, seq, now, by = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local window, may_undo_others, lease_ms = tonumber(ARGV[6]), ARGV[7] == '1', tonumber(ARGV[8])
local reopen, note = ARGV[9] == 'reopen', ARGV[10] or ''
local key = KEYS[1]
local cur = redis.call('HMGET', key, 'st', 'ca', 'ext', 'dec')
if not cur[1] then return { 'missing' } end
if (cur[1] ~= 'accepted' and cur[1] ~= 'rejected') or not cur[4] then return { 'not_decided', cur[1] } end
local dec = cjson.decode(cur[4])
local by_kind = 'human'
if dec.decidedBy == 'system' then
  if not reopen then return { 'automatic' } end
  by_kind = 'auto'
end
if not reopen then
  if dec.decidedBy ~= by and not may_undo_others then return { 'not_yours', dec.decidedBy } end
  if now - tonumber(dec.decidedAt) > window then return { 'too_late', tostring(dec.decidedAt) } end
end
local decided_at = tonumber(dec.decidedAt)
move(base, seq, cur[1], 'pending_review')
redis.call('HSET', key, 'st', 'pending_review')
redis.call('HDEL', key, 'dec')
local v = redis.call('HINCRBY', key, 'v', 1)
redis.call('HINCRBY', base .. 'stats', by_kind .. ':' .. dec.outcome, -1)
if dec.outcome == 'reject' and dec.reason then redis.call('HINCRBY', base .. 'stats', 'reason:' .. dec.reason, -1) end
redis.call('LREM', base .. 'latency:' .. by_kind, 1, decided_at - tonumber(cur[2]))
local entry
if reopen then
  entry = stream_entry(base, cid, seq, cur[3],
    'outcome', 'undone', 'reason', '', 'decidedBy', by, 'decidedAt', now, 'reopen', '1')
else
  entry = stream_entry(base, cid, seq, cur[3],
    'outcome', 'undone', 'reason', '', 'decidedBy', by, 'decidedAt', now)
end
if note ~= '' then redis.call('HSET', base .. 'notes', entry, note) end
take_lease(base, key, seq, by, now + lease_ms)
return { 'ok', tostring(v) }
`;

/** Sets (or with '' deletes) the assignee `as` or the tags `tg` of a proposal still in review, bumps the queue's
 * version (part of its change token) and, when the value changed, appends who did what to the workspace log (the
 * audit log's other part). KEYS: the proposal hash, the queue version, the workspace log. ARGV: field, value, by,
 * now (ms), proposal id, external id. */
const SET_WORKSPACE_FIELD = `
local st = redis.call('HGET', KEYS[1], 'st')
if not st then return { 'missing' } end
if st ~= 'pending_review' then return { 'not_in_review', st } end
local before = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('INCR', KEYS[2])
if before ~= ARGV[2] then
  redis.call('XADD', KEYS[3], '*', 'kind', ARGV[1] == 'as' and 'assigned' or 'tagged', 'proposalId', ARGV[5],
    'externalId', ARGV[6], 'by', ARGV[3], 'at', ARGV[4], 'value', ARGV[2])
end
local f = redis.call('HMGET', KEYS[1], 'as', 'tg')
return { 'ok', f[1] or '', f[2] or '' }
`;

const liveLease = (owner: string | null | undefined, expiry: string | null | undefined, now: number): Lease | null =>
  owner && expiry && Number(expiry) > now ? { by: owner, expiresAt: new Date(Number(expiry)).toISOString() } : null;

interface ReviewScripts {
  claimReview(...args: (string | number)[]): Promise<string[]>;
  releaseLease(...args: (string | number)[]): Promise<number>;
  undoDecision(...args: (string | number)[]): Promise<string[]>;
  setWorkspaceField(...args: (string | number)[]): Promise<string[]>;
}

export class ReviewStore {
  private readonly redis: Redis & ReviewScripts;
  constructor(redis: Redis, private readonly proposals: ProposalStore) {
    this.redis = defineScripts<ReviewScripts>(redis, {
      claimReview: { keys: 1, lua: CLAIM_REVIEW },
      releaseLease: { keys: 1, lua: RELEASE_LEASE },
      undoDecision: { keys: 1, lua: UNDO_DECISION },
      setWorkspaceField: { keys: 3, lua: SET_WORKSPACE_FIELD },
    });
  }

  /** Proposals waiting for review after seq `after` (before it when `newest`), oldest (newest) first, read `chunk`
   * at a time; at most MAX_SCAN. The text is read only when a search needs it. */
  private async *entries(cid: string, opts: { after?: number; chunk: number; now: number; newest?: boolean; withText?: boolean }): AsyncGenerator<QueueEntry> {
    let scanned = 0;
    let from = opts.after ?? (opts.newest ? Infinity : 0);
    const fields = opts.withText ? ['sug', 'ca', 'lo', 'le', 'as', 'tg', 'text'] : ['sug', 'ca', 'lo', 'le', 'as', 'tg'];
    while (scanned < MAX_SCAN) {
      const key = keys.byStatus(cid, 'pending_review');
      const bound = from === Infinity ? '+inf' : `(${from}`;
      const seqs = (opts.newest
        ? await this.redis.zrevrangebyscore(key, bound, '-inf', 'LIMIT', 0, opts.chunk)
        : await this.redis.zrangebyscore(key, bound, '+inf', 'LIMIT', 0, opts.chunk)).map(Number);
      if (seqs.length === 0) return;
      const pipeline = this.redis.pipeline();
      for (const seq of seqs) pipeline.hmget(keys.proposal(cid, seq), ...fields);
      const rows = (await pipeline.exec()) ?? [];
      for (let i = 0; i < seqs.length; i++) {
        const [err, values] = rows[i]!;
        if (err) throw err;
        const [sug, ca, owner, expiry, assignedTo, tags, text] = values as (string | null)[];
        if (ca === null) continue;
        yield {
          seq: seqs[i]!, suggestion: sug ? decodeSuggestion(sug) : null, createdAt: Number(ca), lease: liveLease(owner, expiry, opts.now),
          assignedTo: assignedTo ?? null, tags: parseTags(tags),
          ...(opts.withText ? { text: text ?? '' } : {}),
        };
      }
      scanned += seqs.length;
      from = seqs.at(-1)!;
    }
  }

  /** The waiting proposals matching the filters in the order they ask for. Oldest or newest first streams the queue;
   * "surest refusals / acceptances first" reads all of it (up to MAX_SCAN) and sorts by the suggestion's confidence. */
  private async *ordered(cid: string, filters: ReviewFilters, opts: { after?: number; chunk: number; now: number }): AsyncGenerator<QueueEntry> {
    const sort = filters.sort ?? 'oldest';
    const scan = this.entries(cid, { ...opts, newest: sort === 'newest', withText: searchTerms(filters.q).length > 0 });
    if (sort === 'oldest' || sort === 'newest') {
      for await (const e of scan) if (matchesFilters(e, filters, opts.now)) yield e;
      return;
    }
    const all: QueueEntry[] = [];
    for await (const e of scan) if (matchesFilters(e, filters, opts.now)) all.push(e);
    const sureness = (e: QueueEntry) => (!e.suggestion ? -2 : e.suggestion.outcome === sort ? e.suggestion.confidence : -e.suggestion.confidence);
    yield* all.sort((a, b) => sureness(b) - sureness(a) || a.seq - b.seq);
  }

  /** A page of the queue matching the filters, with the counts of the queue under the same filters (the reason
   * filter aside: the counts are what each reason would list). A sorted page (not oldest or newest first) has no
   * next page: it is the first `limit` of the sorted queue. */
  async queue(cid: string, filters: ReviewFilters, page: { cursor?: number; limit: number }, now = Date.now()): Promise<{ items: ReviewItem[]; counts: QueueCounts; nextCursor: string | null }> {
    const found: QueueEntry[] = [];
    let more = false;
    const streamed = !filters.sort || filters.sort === 'oldest' || filters.sort === 'newest';
    for await (const e of this.ordered(cid, filters, { ...(page.cursor && streamed ? { after: page.cursor } : {}), chunk: SCAN_CHUNK, now })) {
      if (found.length === page.limit) { more = streamed; break; }
      found.push(e);
    }
    const proposals = await this.proposals.readMany(cid, found.map((e) => e.seq));
    const items = await Promise.all(found.flatMap((e, i) => {
      const proposal = proposals[i];
      return proposal ? [this.withSimilarDecisions(proposal, e.lease)] : [];
    }));
    const last = found.at(-1);
    const { reason: _reason, sort: _sort, ...countFilters } = filters;
    return { items, counts: await this.counts(cid, countFilters, now), nextCursor: more && last ? String(last.seq) : null };
  }

  /** Counts of the queue by main reason, under the filters given (the page passes all but the reason). */
  async counts(cid: string, filters: ReviewFilters = {}, now = Date.now()): Promise<QueueCounts> {
    const filtered = Object.values(filters).some((v) => v !== undefined);
    const queued = await this.redis.zcard(keys.byStatus(cid, 'pending_review'));
    const byReason: Record<string, number> = {};
    let leased = 0;
    let seen = 0;
    let matching = 0;
    for await (const e of this.entries(cid, { chunk: SCAN_CHUNK, now, withText: searchTerms(filters.q).length > 0 })) {
      seen++;
      if (!matchesFilters(e, filters, now)) continue;
      matching++;
      const reason = mainReason(e.suggestion);
      byReason[reason] = (byReason[reason] ?? 0) + 1;
      if (e.lease) leased++;
    }
    return { total: filtered ? matching : queued, leased, byReason, capped: seen < queued };
  }

  /** Leases the oldest proposal matching the filters that no other moderator holds. The proposal the moderator
   * already holds comes first, so asking again (a page reload) answers the same proposal. */
  async next(cid: string, owner: string, opts: { filters: ReviewFilters; exclude: ReadonlySet<string>; leaseMs: number }, now = Date.now()): Promise<ReviewItem | null> {
    const held = await this.redis.hget(keys.leaseHolders(cid), owner);
    const heldId = held ? proposalId(cid, held) : null;
    if (heldId && !opts.exclude.has(heldId)) {
      const current = await this.proposals.get(heldId);
      const [assignedTo, tags] = await this.redis.hmget(keys.proposal(cid, held!), 'as', 'tg');
      const filtered = { suggestion: current?.suggestion ?? null, createdAt: Date.parse(current?.createdAt ?? ''), text: current?.text ?? '', assignedTo: assignedTo ?? null, tags: parseTags(tags) };
      if (current?.status === 'pending_review' && matchesFilters(filtered, opts.filters, now)) {
        const taken = await this.take(cid, owner, [Number(held)], opts.leaseMs, now);
        if (taken) return taken;
      }
    }
    let candidates: number[] = [];
    const tryClaim = async () => {
      const taken = candidates.length ? await this.take(cid, owner, candidates, opts.leaseMs, now) : null;
      candidates = [];
      return taken;
    };
    for await (const e of this.ordered(cid, opts.filters, { chunk: NEXT_CHUNK, now })) {
      if ((e.lease && e.lease.by !== owner) || opts.exclude.has(proposalId(cid, e.seq))) continue;
      // a proposal assigned to another moderator waits for them
      if (e.assignedTo && e.assignedTo !== owner) continue;
      candidates.push(e.seq);
      if (candidates.length === CLAIM_CANDIDATES) {
        const taken = await tryClaim();
        if (taken) return taken;
      }
    }
    return tryClaim();
  }

  private async take(cid: string, owner: string, seqs: number[], leaseMs: number, now: number): Promise<ReviewItem | null> {
    const r = await this.redis.claimReview(keys.leaseHolders(cid), base(cid), owner, now, leaseMs, ...seqs);
    if (r.length === 0) return null;
    const proposal = await this.proposals.get(proposalId(cid, r[0]!));
    return proposal && this.withSimilarDecisions(proposal, liveLease(owner, r[1], now));
  }

  /** Takes or renews the lease on one proposal. */
  async lease(id: string, owner: string, leaseMs: number, now = Date.now()): Promise<LeaseResult> {
    const parsed = parseProposalId(id)!;
    const taken = await this.take(parsed.cid, owner, [parsed.seq], leaseMs, now);
    if (taken?.lease) return { kind: 'ok', lease: taken.lease };
    const [st, lo, le] = await this.redis.hmget(keys.proposal(parsed.cid, parsed.seq), 'st', 'lo', 'le');
    if (!st) return { kind: 'missing' };
    const held = liveLease(lo, le, now);
    if (st === 'pending_review' && held) return { kind: 'leased', lease: held };
    return { kind: 'not_in_review', status: st };
  }

  /** One proposal as the workspace shows it — who holds it, its assignee, tags, idea and the decisions of its
   * similar proposals — wherever it is in the queue (or out of it); null when unknown. */
  async item(id: string, now = Date.now()): Promise<ReviewItem | null> {
    const proposal = await this.proposals.get(id);
    if (!proposal) return null;
    const { cid, seq } = parseProposalId(id)!;
    const [owner, expiry] = await this.redis.hmget(keys.proposal(cid, seq), 'lo', 'le');
    return this.withSimilarDecisions(proposal, liveLease(owner, expiry, now));
  }

  async release(id: string, owner: string): Promise<boolean> {
    const { cid, seq } = parseProposalId(id)!;
    return (await this.redis.releaseLease(keys.proposal(cid, seq), base(cid), seq, owner)) === 1;
  }

  async undo(id: string, by: { id: string; mayUndoOthers: boolean }, windowMs: number, leaseMs: number, now = Date.now()): Promise<UndoResult> {
    const { cid, seq } = parseProposalId(id)!;
    const r = await this.redis.undoDecision(keys.proposal(cid, seq), base(cid), cid, seq, now, by.id, windowMs, by.mayUndoOthers ? '1' : '0', leaseMs);
    switch (r[0]) {
      case 'ok': return { kind: 'ok', version: Number(r[1]) };
      case 'not_decided': return { kind: 'not_decided', status: r[1]! };
      case 'automatic': return { kind: 'automatic' };
      case 'not_yours': return { kind: 'not_yours', decidedBy: r[1]! };
      case 'too_late': return { kind: 'too_late', decidedAt: Number(r[1]) };
      default: return { kind: 'missing' };
    }
  }

  /** A token that changes whenever the queue does: a proposal enters or leaves review (its size), a decision, undo
   * or re-opening is logged (the decisions stream's last id), a proposal is assigned or tagged (queueVersion).
   * Cheap (one round trip): a page asks for it again and again to learn when to refresh. */
  async changeToken(cid: string): Promise<string> {
    const rows = (await this.redis.pipeline()
      .zcard(keys.byStatus(cid, 'pending_review'))
      .xrevrange(keys.decisions(cid), '+', '-', 'COUNT', 1)
      .get(keys.queueVersion(cid))
      .exec()) ?? [];
    for (const [err] of rows) if (err) throw err;
    const [size, last, version] = rows.map(([, v]) => v) as [number, [string, string[]][], string | null];
    return `${size}.${last[0]?.[0] ?? '0'}.${version ?? '0'}`;
  }

  /** Assigns a proposal in review to a moderator (null: to no one); "next" offers it to no one else. `by`: who
   * assigns it (the audit log says so). */
  async assign(id: string, to: string | null, by: string, now = Date.now()): Promise<WorkspaceFieldsResult> {
    return this.setWorkspaceField(id, 'as', to ?? '', by, now);
  }

  /** Replaces a proposal's tags (normalised: see normalizeTags). */
  async setTags(id: string, tags: readonly string[], by: string, now = Date.now()): Promise<WorkspaceFieldsResult> {
    const clean = normalizeTags(tags);
    return this.setWorkspaceField(id, 'tg', clean.length ? JSON.stringify(clean) : '', by, now);
  }

  /** Changes `as` or `tg` of a proposal atomically with the check that it is still in review, and logs it (Lua). */
  private async setWorkspaceField(id: string, field: 'as' | 'tg', value: string, by: string, now: number): Promise<WorkspaceFieldsResult> {
    const { cid, seq } = parseProposalId(id)!;
    const externalId = (await this.proposals.get(id))?.externalId ?? '';
    const r = await this.redis.setWorkspaceField(keys.proposal(cid, seq), keys.queueVersion(cid), keys.workspaceLog(cid),
      field, value, by, now, id, externalId);
    if (r[0] === 'missing') return { kind: 'missing' };
    if (r[0] === 'not_in_review') return { kind: 'not_in_review', status: r[1]! };
    return { kind: 'ok', assignedTo: r[1] || null, tags: parseTags(r[2]) };
  }

  /** Re-opens a decision (human or automatic) at any time: back to review, leased to `by`; the log gets an
   * "undone" entry marked as a re-opening, with the moderator's reason as its note. */
  async reopen(id: string, by: string, note: string, leaseMs: number, now = Date.now()): Promise<ReopenResult> {
    const { cid, seq } = parseProposalId(id)!;
    const r = await this.redis.undoDecision(keys.proposal(cid, seq), base(cid), cid, seq, now, by, 0, '1', leaseMs, 'reopen', note);
    if (r[0] === 'ok') return { kind: 'ok', version: Number(r[1]) };
    if (r[0] === 'not_decided') return { kind: 'not_decided', status: r[1]! };
    return { kind: 'missing' };
  }

  /** The author's other proposals in the consultation, latest first (at most `limit`), with how many there are
   * and how many of the latest AUTHOR_SCAN were refused. */
  async authorHistory(id: string, limit: number): Promise<{ authorId: string | null; total: number; rejected: number; items: Proposal[] }> {
    const { cid, seq } = parseProposalId(id)!;
    const authorId = await this.redis.hget(keys.proposal(cid, seq), 'au');
    if (!authorId) return { authorId: null, total: 0, rejected: 0, items: [] };
    const all = await authorSequences(this.redis, cid, authorId);
    const total = all.length;
    const others = all.slice(-AUTHOR_SCAN).reverse().filter((s) => s !== seq);
    const pipeline = this.redis.pipeline();
    for (const s of others) pipeline.hget(keys.proposal(cid, s), 'st');
    const statuses = ((await pipeline.exec()) ?? []).map(([, st]) => st as string | null);
    const items = (await this.proposals.readMany(cid, others.slice(0, limit))).filter((p): p is Proposal => p !== null);
    return { authorId, total: Math.max(0, total - 1), rejected: statuses.filter((st) => st === 'rejected').length, items };
  }

  /** The earlier similar proposals with their current status and decision, for the moderator to compare, and the
   * idea (group) of each. */
  private async withSimilarDecisions(proposal: Proposal, lease: Lease | null): Promise<ReviewItem> {
    const cid = proposal.consultationId;
    const ids = [proposal.id, ...proposal.similar.map((s) => s.id)];
    const pipeline = this.redis.pipeline();
    for (const pid of ids) pipeline.hget(keys.proposal(cid, parseProposalId(pid)?.seq ?? 0), 'g');
    const [[assignedTo, tags], groups, similar] = await Promise.all([
      this.redis.hmget(keys.proposal(cid, parseProposalId(proposal.id)?.seq ?? 0), 'as', 'tg'),
      pipeline.exec().then((rows) => (rows ?? []).map(([, g]) => (g as string | null) ?? null)),
      Promise.all(proposal.similar.map(async (s) => {
        const earlier = await this.proposals.get(s.id);
        return { ...s, status: earlier?.status ?? s.status, decision: earlier?.decision ?? null };
      })),
    ]);
    return { ...proposal, lease, assignedTo: assignedTo ?? null, tags: parseTags(tags), groupId: groups[0] ?? null, similar: similar.map((s, i) => ({ ...s, groupId: groups[i + 1] ?? null })) };
  }

  /** A page of the audit log: every decision (automatic, human, undone) and every assignment or tag change, in
   * order, with what the machine suggested and the moderator's note. Two streams make it — the decisions stream
   * and the workspace log — merged by entry id; an entry of the workspace log has the cursor `<id>.w`, and comes
   * after the decision of the same id (ids of two streams can be equal). */
  async audit(cid: string, q: { after?: string; order: 'asc' | 'desc'; decidedBy?: string; limit: number }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const items: AuditEntry[] = [];
    let cursor = q.after;
    let exhausted = false;
    let scanned = 0;
    while (items.length < q.limit && !exhausted && scanned < MAX_SCAN) {
      const count = q.decidedBy ? 500 : q.limit - items.length;
      const merged = await this.auditEntries(cid, cursor, q.order, count);
      exhausted = merged.length < count;
      scanned += merged.length;
      const page = await this.toAuditEntries(cid, merged);
      for (const entry of page) {
        cursor = entry.id;
        if (q.decidedBy && entry.decidedBy !== q.decidedBy) continue;
        items.push(entry);
        if (items.length === q.limit) break;
      }
    }
    const complete = exhausted && items.length < q.limit;
    return { items, nextCursor: complete ? null : cursor ?? null };
  }

  /** The next `count` entries of both streams after `cursor`, in log order. */
  private async auditEntries(cid: string, cursor: string | undefined, order: 'asc' | 'desc', count: number): Promise<LogEntry[]> {
    const id = cursor?.replace(/\.w$/, '');
    const afterWorkspace = cursor?.endsWith('.w') ?? false;
    // ascending, the workspace entry of an id follows its decision; descending, it comes first
    const [decisions, workspace] = await Promise.all(order === 'asc'
      ? [this.redis.xrange(keys.decisions(cid), id ? `(${id}` : '-', '+', 'COUNT', count),
        this.redis.xrange(keys.workspaceLog(cid), id ? (afterWorkspace ? `(${id}` : id) : '-', '+', 'COUNT', count)]
      : [this.redis.xrevrange(keys.decisions(cid), id ? (afterWorkspace ? id : `(${id}`) : '+', '-', 'COUNT', count),
        this.redis.xrevrange(keys.workspaceLog(cid), id ? `(${id}` : '+', '-', 'COUNT', count)]);
    const all: LogEntry[] = [
      ...decisions.map(([entryId, flat]) => ({ cursor: entryId, id: entryId, workspace: false, f: Object.fromEntries(pairs(flat)) })),
      ...workspace.map(([entryId, flat]) => ({ cursor: `${entryId}.w`, id: entryId, workspace: true, f: Object.fromEntries(pairs(flat)) })),
    ];
    const sign = order === 'asc' ? 1 : -1;
    all.sort((a, b) => sign * (compareEntryIds(a.id, b.id) || Number(a.workspace) - Number(b.workspace)));
    return all.slice(0, count);
  }

  private async toAuditEntries(cid: string, rows: LogEntry[]): Promise<AuditEntry[]> {
    if (rows.length === 0) return [];
    const seqs = [...new Set(rows.map((r) => parseProposalId(r.f.proposalId ?? '')?.seq).filter((s): s is number => s !== undefined))];
    const pipeline = this.redis.pipeline();
    for (const seq of seqs) pipeline.hmget(keys.proposal(cid, seq), 'sug', 'text');
    const decisionIds = rows.filter((r) => !r.workspace).map((r) => r.id);
    const [suggestions, noteList] = await Promise.all([
      pipeline.exec(),
      decisionIds.length ? this.redis.hmget(keys.decisionNotes(cid), ...decisionIds) : Promise.resolve([]),
    ]);
    const notes = new Map(decisionIds.map((id, i) => [id, noteList[i] ?? null]));
    const fieldsOf = new Map(seqs.map((seq, i) => [seq, (suggestions?.[i]?.[1] ?? [null, null]) as (string | null)[]]));
    return rows.map(({ cursor, id, workspace, f }) => {
      const [sug, text] = fieldsOf.get(parseProposalId(f.proposalId ?? '')?.seq ?? -1) ?? [null, null];
      const common = { id: cursor, proposalId: f.proposalId ?? '', externalId: f.externalId ?? '', text: text ?? null, suggestion: summarize(sug ?? null) };
      if (workspace) {
        const assigned = f.kind === 'assigned';
        return {
          ...common, outcome: assigned ? 'assigned' : 'tagged', reason: null, decidedBy: f.by ?? '', automatic: false,
          decidedAt: new Date(Number(f.at)).toISOString(), note: null,
          ...(assigned ? { assignedTo: f.value || null } : { tags: parseTags(f.value) }),
        } satisfies AuditEntry;
      }
      return {
        ...common,
        outcome: f.outcome as AuditEntry['outcome'],
        reason: (f.reason || null) as ReasonCode | null,
        decidedBy: f.decidedBy ?? '',
        automatic: f.decidedBy === 'system',
        decidedAt: new Date(Number(f.decidedAt)).toISOString(),
        note: notes.get(id) ?? null,
        ...(f.reopen ? { reopen: true } : {}),
      } satisfies AuditEntry;
    });
  }
}

function pairs(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

function summarize(raw: string | null): AuditEntry['suggestion'] {
  if (!raw) return null;
  const s = decodeSuggestion(raw);
  return { outcome: s.outcome, confidence: s.confidence, reasons: s.reasons.filter((r) => !r.shadow).map((r) => r.code) };
}
