/**
 * The per-consultation recalibration of review suggestions in Redis (prefix `tr:{cid}:sc:`), shared by every
 * worker; the map itself is models/suggestion-calibration.ts.
 *   sc:map      hash: `version` (refits), `map` (the fitted map, JSON), `n` (decisions behind it)
 *   sc:counts   hash: `<group>|<bin>|n`, `…|a` (accepted), `…|p` (sum of raw P(accept)): the map's statistics
 *   sc:pairs    hash: proposal sequence -> "group bin p y", the decision counted for it (so an undone or
 *               replaced decision is taken back exactly)
 *   sc:counted  zset: decision-stream entries already counted (score: the entry's ms), so that a redelivered entry
 *               counts once; pruned like the off-topic model's `ot:learnt` (`forgetCountedBefore`). The set
 *               `sc:applied` that kept every entry is still read where it exists
 * Counting is one Lua script per decision; the refit after a learning round reads only `counts`.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { defineScripts } from './scripts.js';
import { forgetEntriesBefore } from './decision-stream.js';
import { BINS, binOf, emptyStats, fitMap, IDENTITY_MAP, type BinStats, type CalibrationMap } from '../suggestion-calibration.js';
import type { SuggestionCalibration } from '../suggestion-calibration.js';

/** KEYS: sc:pairs. ARGV: prefix, entry id, seq, then either 'set', group, bin, p, y or 'drop'.
 * Returns 1 when counted, 0 when the entry was counted before. */
const COUNT = `
local prefix, entry, seq, op = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('SISMEMBER', prefix .. 'applied', entry) == 1 then return 0 end
if redis.call('ZADD', prefix .. 'counted', 'NX', string.match(entry, '^%d+'), entry) == 0 then return 0 end
local counts = prefix .. 'counts'
local old = redis.call('HGET', KEYS[1], seq)
if old then
  local g, b, p, y = string.match(old, '^(%S+) (%S+) (%S+) (%S+)$')
  redis.call('HINCRBYFLOAT', counts, g .. '|' .. b .. '|n', -1)
  redis.call('HINCRBYFLOAT', counts, g .. '|' .. b .. '|a', -tonumber(y))
  redis.call('HINCRBYFLOAT', counts, g .. '|' .. b .. '|p', -tonumber(p))
  redis.call('HDEL', KEYS[1], seq)
end
if op == 'set' then
  local g, b, p, y = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
  redis.call('HSET', KEYS[1], seq, g .. ' ' .. b .. ' ' .. p .. ' ' .. y)
  redis.call('HINCRBYFLOAT', counts, g .. '|' .. b .. '|n', 1)
  redis.call('HINCRBYFLOAT', counts, g .. '|' .. b .. '|a', tonumber(y))
  redis.call('HINCRBYFLOAT', counts, g .. '|' .. b .. '|p', tonumber(p))
end
return 1
`;

/** One moderator decision on a proposal that went to review with a recalibrated suggestion, or the withdrawal
 * (`undone`) of the decision counted for it. */
export type CalibrationEvent =
  | { entryId: string; seq: number; kind: 'decision'; rawAcceptProbability: number; group: string; accepted: boolean }
  | { entryId: string; seq: number; kind: 'undone' };

interface CalibrationScripts { scCount(...args: (string | number)[]): Promise<number> }

export const calibrationVersion = (version: number) => `pav@${version}`;

export class SuggestionCalibrations {
  private readonly redis: Redis & CalibrationScripts;

  constructor(redis: Redis) {
    this.redis = defineScripts<CalibrationScripts>(redis, { scCount: { keys: 1, lua: COUNT } });
  }

  /** The current map (the identity until moderators decided something). */
  async read(cid: string): Promise<SuggestionCalibration> {
    const [version, map] = await this.redis.hmget(`${keys.suggestionCalibrationPrefix(cid)}map`, 'version', 'map');
    return { map: map ? (JSON.parse(map) as CalibrationMap) : IDENTITY_MAP, version: calibrationVersion(Number(version ?? 0)) };
  }

  /** Counts decisions in order, in one round trip; returns how many were new. */
  async count(cid: string, events: CalibrationEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const prefix = keys.suggestionCalibrationPrefix(cid);
    const pipeline = this.redis.pipeline() as ReturnType<Redis['pipeline']> & CalibrationScripts;
    for (const e of events) {
      const tail = e.kind === 'undone' ? ['drop']
        : ['set', e.group, binOf(e.rawAcceptProbability), e.rawAcceptProbability.toPrecision(6), e.accepted ? 1 : 0];
      pipeline.scCount(`${prefix}pairs`, prefix, e.entryId, e.seq, ...tail);
    }
    return ((await pipeline.exec()) ?? []).reduce((sum, [err, counted]) => {
      if (err) throw err;
      return sum + Number(counted);
    }, 0);
  }

  /** Forgets the counted entries older than `floor`, which the learning group will not deliver again. */
  forgetCountedBefore(cid: string, floor: string): Promise<void> {
    return forgetEntriesBefore(this.redis, `${keys.suggestionCalibrationPrefix(cid)}counted`, floor);
  }

  /** Refits the map on the counts and bumps the version. */
  async refit(cid: string): Promise<{ version: string; decisions: number }> {
    const prefix = keys.suggestionCalibrationPrefix(cid);
    const stats = parseCounts(await this.redis.hgetall(`${prefix}counts`));
    const decisions = [...stats.values()].reduce((sum, s) => sum + s.n.reduce((a, b) => a + b, 0), 0);
    const map = fitMap(stats);
    const [[, version]] = (await this.redis.multi()
      .hincrby(`${prefix}map`, 'version', 1)
      .hset(`${prefix}map`, 'map', JSON.stringify(map), 'n', Math.round(decisions))
      .exec()) as [[Error | null, number], ...unknown[]];
    return { version: calibrationVersion(Number(version)), decisions: Math.round(decisions) };
  }
}

export function parseCounts(raw: Record<string, string>): Map<string, BinStats> {
  const stats = new Map<string, BinStats>();
  for (const [field, value] of Object.entries(raw)) {
    const [group, bin, what] = field.split('|');
    const b = Number(bin);
    if (!group || !(b >= 0 && b < BINS)) continue;
    const s = stats.get(group) ?? emptyStats();
    const v = Number(value);
    if (what === 'n') s.n[b] = v;
    else if (what === 'a') s.accepted[b] = v;
    else if (what === 'p') s.raw[b] = v;
    stats.set(group, s);
  }
  return stats;
}
