/**
 * Groups of proposals that say the same thing (Make.org's "ideas"). A proposal joins the group of its best
 * earlier match when they are similar enough; a moderator merges or splits groups. Groups are only stored from
 * two members on (a lone proposal is its own idea), so proposals that match nothing cost nothing here.
 */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { proposalId } from '../proposal-id.js';
import { defineScripts } from './scripts.js';

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

interface GroupScripts {
  joinGroups(...args: (string | number)[]): Promise<number>;
  moveToGroup(...args: (string | number)[]): Promise<[string, number]>;
  mergeGroups(...args: (string | number)[]): Promise<number>;
}

export interface GroupSummary { id: string; size: number }

export class GroupStore {
  private readonly redis: Redis & GroupScripts;
  constructor(redis: Redis) {
    this.redis = defineScripts<GroupScripts>(redis, {
      joinGroups: { keys: 2, lua: JOIN_GROUPS },
      moveToGroup: { keys: 2, lua: MOVE_TO_GROUP },
      mergeGroups: { keys: 1, lua: MERGE_GROUPS },
    });
  }

  /** Puts each proposal (seq) in the group of its match (target seq), creating the group when needed. */
  async join(cid: string, pairs: { seq: number; target: number }[]): Promise<void> {
    if (pairs.length === 0) return;
    await this.redis.joinGroups(keys.groups(cid), keys.groupSequence(cid), keys.base(cid), ...pairs.flatMap((p) => [p.seq, p.target]));
  }

  /** Groups by decreasing size, then id; `offset` pages. */
  async list(cid: string, offset: number, limit: number): Promise<{ items: GroupSummary[]; total: number }> {
    const [flat, total] = await Promise.all([
      this.redis.zrevrange(keys.groups(cid), offset, offset + limit - 1, 'WITHSCORES'),
      this.redis.zcard(keys.groups(cid)),
    ]);
    const items: GroupSummary[] = [];
    for (let i = 0; i < flat.length; i += 2) items.push({ id: flat[i]!, size: Number(flat[i + 1]) });
    return { items, total };
  }

  /** The member proposal ids of a group, in intake order; empty for an unknown group. */
  async members(cid: string, gid: string): Promise<string[]> {
    const seqs = await this.redis.smembers(keys.group(cid, gid));
    return seqs.map(Number).sort((a, b) => a - b).map((seq) => proposalId(cid, seq));
  }

  /** Moves the proposals out of their groups into a new group, which a moderator keeps even with one member. */
  async split(cid: string, seqs: number[]): Promise<GroupSummary> {
    const [id, size] = await this.redis.moveToGroup(keys.groups(cid), keys.groupSequence(cid), keys.base(cid), '', ...seqs);
    return { id: String(id), size: Number(size) };
  }

  /** Puts the proposals in one idea: the group of the first of them that has one (its other members stay), else a
   * new group. What a moderator does on seeing that two proposals say the same thing. */
  async gather(cid: string, seqs: number[]): Promise<GroupSummary> {
    const pipeline = this.redis.pipeline();
    for (const seq of seqs) pipeline.hget(`${keys.base(cid)}p:${seq}`, 'g');
    const groups = ((await pipeline.exec()) ?? []).map(([, g]) => g as string | null);
    const [id, size] = await this.redis.moveToGroup(keys.groups(cid), keys.groupSequence(cid), keys.base(cid), groups.find((g) => g) ?? '', ...seqs);
    return { id: String(id), size: Number(size) };
  }

  /** Moves every member of the `from` groups into group `gid`; null when `gid` does not exist. */
  async merge(cid: string, gid: string, from: string[]): Promise<GroupSummary | null> {
    const size = await this.redis.mergeGroups(keys.groups(cid), keys.base(cid), gid, ...from);
    return size > 0 ? { id: gid, size } : null;
  }
}
