/** Proposals in Redis: intake (idempotent on externalId), reads, listing, triage claims and commits, human
 * decisions. One hash per proposal; the status sets are the indexes for listing and the review queue. */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { parseProposalId, proposalId } from '../proposal-id.js';
import { defineScripts, withScripts, type ScriptedRedis } from './scripts.js';
import type {
  Decision, IntakeItem, Outcome, Proposal, ProposalInput, ProposalStatus, ReasonCode, Similar, Suggestion,
} from '../schemas.js';
import { PROPOSAL_STATUSES } from '../schemas.js';
import { decodeSuggestion, encodeSuggestion } from './suggestion-format.js';
import { isPagedStatus, pageHash } from './pages.js';

export interface NewProposals {
  items: IntakeItem[];
  /** the triage jobs to enqueue for the proposals created: job id and proposal sequences */
  jobs: { jobId: string; seqs: number[] }[];
}

export interface ClaimedProposal { seq: number; id: string; externalId: string; text: string; createdAt: number }

export interface TriageCommit {
  seq: number;
  status: 'accepted' | 'rejected' | 'pending_review';
  suggestion: Suggestion;
  similar: Similar[];
  automatic: { outcome: Outcome; reason: ReasonCode | null } | null;
}

export type DecisionResult =
  | { kind: 'ok'; version: number }
  | { kind: 'conflict'; status: ProposalStatus; version: number }
  | { kind: 'leased'; by: string; expiresAt: number }
  | { kind: 'missing' };

export const base = (cid: string) => keys.proposalPrefix(cid).slice(0, -'p:'.length);

export class ProposalStore {
  readonly redis: ScriptedRedis;
  constructor(redis: Redis) {
    this.redis = withScripts(redis);
  }

  /** Creates the proposals not seen before and returns every item's id; new ones are grouped into triage
   * jobs of at most `chunkSize` consecutive proposals (their job id is stored with each proposal). */
  async intake(cid: string, proposals: ProposalInput[], chunkSize: number, now = Date.now()): Promise<NewProposals> {
    const args: (string | number)[] = [base(cid), cid, now, chunkSize];
    for (const p of proposals) args.push(p.externalId, pageHash(p.externalId), p.text, p.authorId ?? '');
    const flat = await this.redis.intake(
      keys.externalIds(cid), keys.sequence(cid), keys.byStatus(cid, 'queued'), keys.outbox(cid), ...args);
    const items: IntakeItem[] = [];
    const jobs: NewProposals['jobs'] = [];
    for (let i = 0, n = 0; i < flat.length; i += 3, n++) {
      const seq = Number(flat[i]);
      items.push({ externalId: proposals[n]!.externalId, id: proposalId(cid, seq), status: flat[i + 1] as ProposalStatus });
      if (Number(flat[i + 2]) !== 1) continue;
      const last = jobs.at(-1);
      if (last && last.seqs.length < chunkSize) last.seqs.push(seq);
      else jobs.push({ jobId: `t-${cid}~${seq}`, seqs: [seq] });
    }
    return { items, jobs };
  }

  async get(id: string): Promise<Proposal | null> {
    const parsed = parseProposalId(id);
    if (!parsed) return null;
    const [hash] = await this.readMany(parsed.cid, [parsed.seq]);
    return hash ?? null;
  }

  /** A page of a consultation's proposals in intake order, optionally of one status. */
  async list(cid: string, opts: { status?: ProposalStatus; cursor?: number; limit: number }): Promise<{ items: Proposal[]; nextCursor: string | null }> {
    const after = opts.cursor ?? 0;
    let seqs: number[];
    let more: boolean;
    let cursor: number | undefined;
    if (opts.status && isPagedStatus(opts.status)) {
      const [scannedUpTo, ...found] = (await this.redis.listPagedStatus(keys.byStatus(cid, opts.status), base(cid), opts.status, after, opts.limit + 1)).map(Number);
      seqs = found.slice(0, opts.limit);
      // pages left unread (a status absent from a long run of sequences): the next call goes on from there
      more = found.length > opts.limit || scannedUpTo! >= 0;
      if (found.length <= opts.limit && scannedUpTo! >= 0) cursor = scannedUpTo;
    } else if (opts.status) {
      const found = await this.redis.zrangebyscore(keys.byStatus(cid, opts.status), `(${after}`, '+inf', 'LIMIT', 0, opts.limit + 1);
      more = found.length > opts.limit;
      seqs = found.slice(0, opts.limit).map(Number);
    } else {
      const last = Number(await this.redis.get(keys.sequence(cid))) || 0;
      const end = Math.min(last, after + opts.limit);
      seqs = [];
      for (let s = after + 1; s <= end; s++) seqs.push(s);
      more = end < last;
    }
    const items = (await this.readMany(cid, seqs)).filter((p): p is Proposal => p !== null);
    const lastSeq = cursor ?? seqs.at(-1);
    return { items, nextCursor: more && lastSeq !== undefined ? String(lastSeq) : null };
  }

  async readMany(cid: string, seqs: number[]): Promise<(Proposal | null)[]> {
    if (seqs.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const seq of seqs) pipeline.hgetall(keys.proposal(cid, seq));
    const results = (await pipeline.exec()) ?? [];
    const hashes = results.map(([err, hash]) => {
      if (err) throw err;
      const h = hash as Record<string, string>;
      return h.st ? h : null;
    });
    const similar = hashes.map((h) => unpackSimilar(h?.sim));
    const texts = await readTexts(this.redis, cid, [...new Set(similar.flatMap((list) => list.flatMap((s) => ('seq' in s ? [s.seq] : []))))]);
    return hashes.map((h, i) => h && toProposal(cid, seqs[i]!, h, resolveSimilar(cid, similar[i]!, texts)));
  }

  countsByStatus(cid: string): Promise<Record<ProposalStatus, number>> {
    return countsByStatus(this.redis, cid);
  }

  async claimForTriage(cid: string, seqs: number[]): Promise<ClaimedProposal[]> {
    if (seqs.length === 0) return [];
    const flat = await this.redis.claimForTriage(keys.sequence(cid), base(cid), ...seqs);
    const out: ClaimedProposal[] = [];
    for (let i = 0; i < flat.length; i += 4) {
      const seq = Number(flat[i]);
      out.push({ seq, id: proposalId(cid, seq), externalId: flat[i + 1]!, text: flat[i + 2]!, createdAt: Number(flat[i + 3]) });
    }
    return out;
  }

  /**
   * Duplicate detection compares a proposal with those of smaller sequence registered before it. Two jobs of one
   * consultation triaged at once (two threads) may register out of order, and a copy registered before its
   * original never sees it. So a job first waits until no earlier proposal is left unregistered, at most
   * `maxMs`: a lost or crashed job's proposals must not hold the others back for longer (they are then only
   * compared with what was registered). Answers the milliseconds waited.
   */
  async awaitEarlierRegistrations(cid: string, firstSeq: number, maxMs: number): Promise<number> {
    const started = Date.now();
    // polls from 1 ms, doubling up to 16 ms: a registration takes a few ms, and many waiting jobs polling fast
    // cost Redis more than the wait saves
    for (let pollMs = 1; ; pollMs = Math.min(16, pollMs * 2)) {
      const pending = await this.redis.zrangebyscore(keys.unregistered(cid), '-inf', `(${firstSeq}`, 'LIMIT', 0, 1);
      const waited = Date.now() - started;
      if (pending.length === 0 || waited >= maxMs) return waited;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  async markRegistered(cid: string, seqs: number[]): Promise<void> {
    if (seqs.length > 0) await this.redis.zrem(keys.unregistered(cid), ...seqs);
  }

  async commitTriage(cid: string, commits: TriageCommit[], now = Date.now()): Promise<number[]> {
    if (commits.length === 0) return [];
    const args: (string | number)[] = [base(cid), cid, now];
    for (const c of commits) {
      args.push(c.seq, c.status, encodeSuggestion(c.suggestion), packSimilar(c.similar),
        c.automatic?.outcome ?? '', c.automatic?.reason ?? '', c.suggestion.outcome === 'reject' ? (c.suggestion.reasons[0]?.code ?? '') : '');
    }
    const done = await this.redis.commitTriage(keys.sequence(cid), ...args);
    return done.map(Number);
  }

  /** Registers each proposal's folded-text hash (atomic per batch: of two copies triaged at once exactly one is
   * first) and answers, for each, the sequence of the proposal that had the text first (itself when new). */
  async claimTexts(cid: string, texts: readonly { hash: string; seq: number }[]): Promise<number[]> {
    if (texts.length === 0) return [];
    const firsts = await this.redis.claimTexts(keys.exactTexts(cid), base(cid), ...texts.flatMap((t) => [t.hash, t.seq, pageHash(t.hash)]));
    return firsts.map(Number);
  }

  /** External id, text and status by sequence (missing ones left out): what `similar` shows of a proposal. */
  storedTexts(cid: string, seqs: number[]): Promise<Map<number, StoredText>> {
    return readTexts(this.redis, cid, seqs);
  }

  /** For each sequence, whether the proposal exists (erased ones do not). */
  async exist(cid: string, seqs: readonly number[]): Promise<boolean[]> {
    if (seqs.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const seq of seqs) pipeline.exists(keys.proposal(cid, seq));
    return ((await pipeline.exec()) ?? []).map(([, n]) => n === 1);
  }

  /** The texts as received, null for a proposal erased or never created. */
  async texts(cid: string, seqs: readonly number[]): Promise<(string | null)[]> {
    if (seqs.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const seq of seqs) pipeline.hget(keys.proposal(cid, seq), 'text');
    return ((await pipeline.exec()) ?? []).map(([, text]) => text as string | null);
  }

  /** The triage suggestions, null for a proposal not triaged (or erased). */
  async suggestions(cid: string, seqs: readonly number[]): Promise<(Suggestion | null)[]> {
    if (seqs.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const seq of seqs) pipeline.hget(keys.proposal(cid, seq), 'sug');
    return ((await pipeline.exec()) ?? []).map(([, raw]) => (raw ? decodeSuggestion(raw as string) : null));
  }

  /** How many proposals of the consultation wait for their triage to commit (the outbox). */
  outboxSize(cid: string): Promise<number> {
    return this.redis.zcard(keys.outbox(cid));
  }

  /** The outbox's proposals received before `before` (ms), at most `limit`, oldest first, with the triage job
   * each was last given to ('' when none). */
  async waitingSince(cid: string, before: number, limit: number): Promise<{ seq: number; jobId: string }[]> {
    const seqs = (await this.redis.zrangebyscore(keys.outbox(cid), '-inf', before, 'LIMIT', 0, limit)).map(Number);
    if (seqs.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const seq of seqs) pipeline.hget(keys.proposal(cid, seq), 'job');
    const jobIds = ((await pipeline.exec()) ?? []).map(([, v]) => (v as string | null) ?? '');
    return seqs.map((seq, i) => ({ seq, jobId: jobIds[i]! }));
  }

  /** Records the triage job that now carries these proposals (the sweeper re-enqueued them). */
  async assignJob(cid: string, seqs: readonly number[], jobId: string): Promise<void> {
    const update = this.redis.pipeline();
    for (const seq of seqs) update.hset(keys.proposal(cid, seq), 'job', jobId);
    await update.exec();
  }

  async decide(id: string, input: { outcome: Outcome; reason: ReasonCode | null; note?: string; expectedVersion?: number; decidedBy: string }, now = Date.now()): Promise<DecisionResult> {
    const parsed = parseProposalId(id);
    if (!parsed) return { kind: 'missing' };
    const { cid, seq } = parsed;
    const r = await this.redis.humanDecision(keys.proposal(cid, seq), base(cid), cid, seq, now,
      input.expectedVersion ?? '', input.outcome, input.reason ?? '', input.decidedBy, input.note ?? '');
    if (r[0] === 'ok') return { kind: 'ok', version: Number(r[1]) };
    if (r[0] === 'conflict') return { kind: 'conflict', status: r[1] as ProposalStatus, version: Number(r[2]) };
    if (r[0] === 'leased') return { kind: 'leased', by: r[1]!, expiresAt: Number(r[2]) };
    return { kind: 'missing' };
  }
}

/** `similar` as stored in the proposal hash: "seq:similarity" pairs separated by spaces. The texts, external ids
 * and statuses are read when the proposal is (they were copied in as JSON, ~1.1 KB per proposal: the biggest
 * part of its hash), and an erased proposal simply no longer resolves. */
export function packSimilar(similar: readonly Similar[]): string {
  return similar.map((s) => `${parseProposalId(s.id)?.seq ?? 0}:${s.similarity}`).join(' ');
}

type StoredSimilar = { seq: number; similarity: number } | Similar;

/** Either format: the packed one, or the JSON array written before it (kept as it is until erased). */
export function unpackSimilar(raw: string | undefined): StoredSimilar[] {
  if (!raw) return [];
  if (raw.startsWith('[')) return JSON.parse(raw) as Similar[];
  return raw.split(' ').map((pair) => {
    const [seq, similarity] = pair.split(':');
    return { seq: Number(seq), similarity: Number(similarity) };
  });
}

function resolveSimilar(cid: string, stored: StoredSimilar[], texts: Awaited<ReturnType<typeof readTexts>>): Similar[] {
  return stored.flatMap((s) => {
    if (!('seq' in s)) return [s];
    const row = texts.get(s.seq);
    return row ? [{ id: proposalId(cid, s.seq), externalId: row.externalId, text: row.text, similarity: s.similarity, ...(row.status ? { status: row.status } : {}) }] : [];
  });
}

function toProposal(cid: string, seq: number, h: Record<string, string>, similar: Similar[]): Proposal {
  return {
    id: proposalId(cid, seq),
    externalId: h.ext ?? '',
    consultationId: cid,
    text: h.text ?? '',
    ...(h.au ? { authorId: h.au } : {}),
    status: h.st as ProposalStatus,
    version: Number(h.v),
    createdAt: new Date(Number(h.ca)).toISOString(),
    suggestion: h.sug ? decodeSuggestion(h.sug) : null,
    decision: h.dec ? toDecision(JSON.parse(h.dec) as StoredDecision) : null,
    similar,
    ...(h.rpn ? { reports: Number(h.rpn) } : {}),
    ...(h.wd ? { withdrawnAt: new Date(Number(h.wd)).toISOString() } : {}),
  };
}

interface StoredDecision { outcome: Outcome; reason?: ReasonCode; decidedBy: string; decidedAt: number; note?: string }

function toDecision(d: StoredDecision): Decision {
  return {
    outcome: d.outcome,
    reason: d.reason || null,
    decidedBy: d.decidedBy,
    decidedAt: new Date(d.decidedAt).toISOString(),
    ...(d.note ? { note: d.note } : {}),
  };
}

/** Proposals per status: the size of each status set, plus the count of its pages for a paged status (pages.ts). */
export async function countsByStatus(redis: Redis, cid: string): Promise<Record<ProposalStatus, number>> {
  const pipeline = redis.pipeline();
  for (const s of PROPOSAL_STATUSES) pipeline.zcard(keys.byStatus(cid, s));
  pipeline.hmget(keys.statusCounts(cid), ...PROPOSAL_STATUSES);
  const results = ((await pipeline.exec()) ?? []).map(([err, value]) => {
    if (err) throw err;
    return value;
  });
  const paged = results.pop() as (string | null)[];
  return Object.fromEntries(PROPOSAL_STATUSES.map((s, i) => [s, Number(results[i]) + Number(paged[i] ?? 0)])) as Record<ProposalStatus, number>;
}

export interface StoredText { externalId: string; text: string; status?: ProposalStatus }

/** KEYS: one proposal hash of the consultation (routes the call to its slot); ARGV: the proposal hashes to read, all
 * in the consultation's hash tag. Answers each one's HMGET of ext, text, st. One command instead of a pipeline of one
 * HMGET per proposal: the similarity index reads thousands per job (every proposal's candidates), and each command
 * cost the worker a Command object, a promise and its reply handling, and Redis a command dispatch. */
const READ_TEXTS = `
local out = {}
for i = 1, #ARGV do out[i] = redis.call('HMGET', ARGV[i], 'ext', 'text', 'st') end
return out
`;

interface ReadTextsScript { readTexts(...args: string[]): Promise<(string | null)[][]> }

/** External id, text and status of proposals of the consultation, by sequence (missing ones left out). */
export async function readTexts(redis: Redis, cid: string, seqs: number[]): Promise<Map<number, StoredText>> {
  const out = new Map<number, StoredText>();
  if (seqs.length === 0) return out;
  const hashes = seqs.map((seq) => keys.proposal(cid, seq));
  const rows = await defineScripts<ReadTextsScript>(redis, { readTexts: { keys: 1, lua: READ_TEXTS } }).readTexts(hashes[0]!, ...hashes);
  seqs.forEach((seq, i) => {
    const [ext, text, st] = rows[i] ?? [];
    if (text == null) return;
    out.set(seq, { externalId: ext ?? '', text, ...(st ? { status: st as ProposalStatus } : {}) });
  });
  return out;
}
