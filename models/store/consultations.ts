/** Consultations in Redis, with a short in-process cache: workers read the consultation of every batch. */
import type { Cluster, Redis } from 'ioredis';
import { keys } from './keys.js';
import { Consultation, type ConsultationInput } from '../schemas.js';
import { DEFAULT_LANGUAGE, isSupportedLanguage } from '../text/languages/registry.js';

const CACHE_MS = 1000;

export class ConsultationStore {
  private readonly cache = new Map<string, { at: number; value: Consultation | null }>();
  constructor(private readonly redis: Redis) {}

  /** Creates or replaces a consultation; answers whether it was created. */
  async put(id: string, input: ConsultationInput, now = new Date()): Promise<{ consultation: Consultation; created: boolean }> {
    const previous = await this.get(id, { fresh: true });
    const consultation: Consultation = {
      ...input,
      language: input.language ?? DEFAULT_LANGUAGE,
      id,
      version: (previous?.version ?? 0) + 1,
      createdAt: previous?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
      ...(previous?.closedAt ? { closedAt: previous.closedAt } : {}),
      ...(previous?.purgedAt ? { purgedAt: previous.purgedAt } : {}),
    };
    // two commands (different Redis Cluster slots): the consultation is stored before it is listed, and a
    // repeated PUT lists it again should the first stop in between
    await this.redis.set(keys.consultation(id), JSON.stringify(consultation));
    await this.redis.sadd(keys.consultations, id);
    this.cache.set(id, { at: Date.now(), value: consultation });
    return { consultation, created: previous === null };
  }

  /** Sets `closedAt` (or `purgedAt`) once; answers the consultation, null when it does not exist. */
  async mark(id: string, field: 'closedAt' | 'purgedAt', now = new Date()): Promise<Consultation | null> {
    const current = await this.get(id, { fresh: true });
    if (!current) return null;
    if (current[field]) return current;
    const consultation: Consultation = { ...current, [field]: now.toISOString(), version: current.version + 1, updatedAt: now.toISOString() };
    await this.redis.set(keys.consultation(id), JSON.stringify(consultation));
    this.cache.set(id, { at: Date.now(), value: consultation });
    return consultation;
  }

  /** Deletes every key of the consultation (its hash tag) and forgets it. */
  async delete(id: string): Promise<void> {
    // first out of the sets the stream followers read, and without its webhook endpoint (a delivery in flight
    // then records nothing), so that no key of it is written again while its keys are deleted
    // three commands, not one MULTI: the lists and the endpoint are in different Redis Cluster slots
    await this.redis.srem(keys.consultations, id);
    await this.redis.srem(keys.webhooks, id);
    await this.redis.del(keys.webhook(id));
    this.cache.delete(id);
    // consultation ids have no glob characters ([A-Za-z0-9._-]). SCAN reads one node: on a cluster, the
    // master of the consultation's slot (its hash tag), whose keys the routed DEL then reaches
    const node = this.redis.isCluster ? await masterOf(this.redis as unknown as Cluster, keys.base(id)) : this.redis;
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', `${keys.base(id)}*`, 'COUNT', 1000);
      if (found.length > 0) await this.redis.del(...found);
      cursor = next;
    } while (cursor !== '0');
    this.cache.delete(id);
  }

  async get(id: string, opts: { fresh?: boolean } = {}): Promise<Consultation | null> {
    const hit = this.cache.get(id);
    if (!opts.fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const raw = await this.redis.get(keys.consultation(id));
    const value = raw ? readStored(JSON.parse(raw)) : null;
    this.cache.set(id, { at: Date.now(), value });
    return value;
  }

  async ids(): Promise<string[]> {
    return (await this.redis.smembers(keys.consultations)).sort();
  }
}

/** A stored consultation as the service reads it today. One stored with a language the service no longer supports
 * (any code was accepted before the supported list, docs/QUALITY.md "Languages") is read, not refused: it keeps its
 * code in `unsupportedLanguage`, and `language` takes the default so that nothing reads resources of a language the
 * service has none of. */
function readStored(stored: { language?: unknown; unsupportedLanguage?: unknown }): Consultation {
  if (typeof stored.language !== 'string' || isSupportedLanguage(stored.language)) return Consultation.parse(stored);
  return Consultation.parse({ ...stored, language: DEFAULT_LANGUAGE, unsupportedLanguage: stored.language });
}

/** The master serving the slot of `key` (CLUSTER KEYSLOT, then the client's slot map, refreshed once when it
 * has no node for that slot yet). */
async function masterOf(cluster: Cluster, key: string): Promise<Redis> {
  const slot = await cluster.cluster('KEYSLOT', key);
  for (let attempt = 0; ; attempt++) {
    const [address] = cluster.slots[slot] ?? [];
    const node = cluster.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === address);
    if (node) return node;
    if (attempt > 0) throw new Error(`no master known for slot ${slot}`);
    await cluster.refreshSlotsCache();
  }
}
