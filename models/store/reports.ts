/**
 * Participants' reports on proposals. One hash per reported proposal (reporter id -> report JSON: one report per
 * reporter), a set of the consultation's reported proposals for the moderators, and a per-reporter budget per
 * minute. Recording a report and sending an accepted proposal back to review past the threshold is one Lua
 * script: the proposal leaves `accepted` for `pending_review` (the moderators' queue), its automatic or human
 * acceptance is taken out of the counters, and a `withdrawn` entry in the decisions stream tells the platform
 * (feed and `decision.changed` webhook) that it must hide the proposal until a moderator decides again.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { parseProposalId } from '../proposal-id.js';
import { defineScripts, RECORD_DECISION } from './scripts.js';
import { SEVERE_REPORT_REASONS, type Report, type ReportInput } from '../reports.js';
import type { ProposalStatus } from '../schemas.js';

/** KEYS: proposal. ARGV: base, cid, seq, reporter, report JSON, now, threshold, severe 1|0, rate key, rate limit.
 * Returns {'missing'} | {'rate_limited'} | {'duplicate'} | {'recorded'|'withdrawn', count, status}. */
const REPORT = `
${RECORD_DECISION}
local base, cid, seq, reporter, report, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local threshold, severe, rate_key, rate = tonumber(ARGV[7]), ARGV[8] == '1', ARGV[9], tonumber(ARGV[10])
local key = KEYS[1]
local cur = redis.call('HMGET', key, 'st', 'dec', 'ext')
if not cur[1] then return { 'missing' } end
local used = redis.call('INCR', rate_key)
if used == 1 then redis.call('PEXPIRE', rate_key, 60000) end
if used > rate then return { 'rate_limited' } end
local reports = base .. 'rp:' .. seq
if redis.call('HSETNX', reports, reporter, report) == 0 then return { 'duplicate' } end
local count = redis.call('HLEN', reports)
redis.call('ZADD', base .. 'reported', now, seq)
redis.call('HSET', key, 'rpn', count)
if cur[1] ~= 'accepted' or not (severe or count >= threshold) then return { 'recorded', count, cur[1] } end
local dec = cjson.decode(cur[2])
local by = 'human'
if dec.decidedBy == 'system' then by = 'auto' end
redis.call('HINCRBY', base .. 'stats', by .. ':accept', -1)
move(base, seq, 'accepted', 'pending_review')
redis.call('HSET', key, 'st', 'pending_review', 'wd', now)
redis.call('HDEL', key, 'dec')
redis.call('HINCRBY', key, 'v', 1)
stream_entry(base, cid, seq, cur[3],
  'outcome', 'withdrawn', 'reason', '', 'decidedBy', 'reports', 'decidedAt', now)
return { 'withdrawn', count, 'pending_review' }
`;

export type ReportOutcome =
  | { kind: 'missing' | 'rate_limited' | 'duplicate' }
  | { kind: 'recorded' | 'withdrawn'; count: number; status: ProposalStatus };

interface ReportScripts { reportProposal(...args: (string | number)[]): Promise<(string | number)[]> }

export class ReportStore {
  private readonly redis: Redis & ReportScripts;
  constructor(redis: Redis) {
    this.redis = defineScripts<ReportScripts>(redis, { reportProposal: { keys: 1, lua: REPORT } });
  }

  async report(id: string, input: ReportInput, opts: { threshold: number; perMinute: number }, now = Date.now()): Promise<ReportOutcome> {
    const parsed = parseProposalId(id);
    if (!parsed) return { kind: 'missing' };
    const { cid, seq } = parsed;
    const stored = JSON.stringify({ reason: input.reason, comment: input.comment ?? null, at: now });
    const severe = SEVERE_REPORT_REASONS.includes(input.reason) ? '1' : '0';
    const r = await this.redis.reportProposal(keys.proposal(cid, seq), keys.base(cid), cid, seq, input.reporterId, stored, now,
      opts.threshold, severe, keys.reporterRate(cid, input.reporterId), opts.perMinute);
    const kind = r[0] as string;
    if (kind === 'recorded' || kind === 'withdrawn') return { kind, count: Number(r[1]), status: r[2] as ProposalStatus };
    return { kind: kind as 'missing' | 'rate_limited' | 'duplicate' };
  }

  /** The reports of a proposal, oldest first. */
  async list(id: string): Promise<Report[]> {
    const parsed = parseProposalId(id);
    if (!parsed) return [];
    const all = await this.redis.hgetall(keys.reports(parsed.cid, parsed.seq));
    return Object.entries(all).map(([reporterId, raw]) => {
      const r = JSON.parse(raw) as { reason: Report['reason']; comment: string | null; at: number };
      return { reporterId, reason: r.reason, comment: r.comment, at: new Date(r.at).toISOString() };
    }).sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The consultation's reported proposals, most recently reported first. */
  async reported(cid: string, limit: number): Promise<{ seq: number; lastReportAt: number }[]> {
    const flat = await this.redis.zrevrange(keys.reported(cid), 0, limit - 1, 'WITHSCORES');
    const out: { seq: number; lastReportAt: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ seq: Number(flat[i]), lastReportAt: Number(flat[i + 1]) });
    return out;
  }
}
