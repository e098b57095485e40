/**
 * Groups of proposals that say the same thing (Make.org's "ideas"). A proposal joins the group of its best
 * earlier match when they are similar enough; a moderator merges or splits groups. Groups are only stored from
 * two members on (a lone proposal is its own idea), so proposals that match nothing cost nothing here.
 */
import type { Redis } from 'ioredis';
import { keys } from '../store/keys.js';
import { proposalId } from '../proposal-id.js';
import { withSimilarityScripts, type SimilarityRedis } from './scripts.js';

export interface GroupSummary { id: string; size: number }

export class GroupStore {
  private readonly redis: SimilarityRedis;
  constructor(redis: Redis) {
    this.redis = withSimilarityScripts(redis);
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
