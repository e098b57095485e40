/** API keys, stored only under the SHA-256 of their token (hex), plus the list of key ids → token hash. */
import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { ApiKey } from '../schemas.js';

export class ApiKeyStore {
  constructor(private readonly redis: Redis) {}

  async byTokenHash(hash: string): Promise<ApiKey | null> {
    const raw = await this.redis.get(keys.apiKey(hash));
    return raw ? ApiKey.parse(JSON.parse(raw)) : null;
  }

  async create(hash: string, key: ApiKey): Promise<void> {
    // two commands (their keys are in different Redis Cluster slots): a key is listed once it exists
    await this.redis.set(keys.apiKey(hash), JSON.stringify(key));
    await this.redis.hset(keys.apiKeyIds, key.id, hash);
  }

  async list(): Promise<ApiKey[]> {
    const hashes = Object.values(await this.redis.hgetall(keys.apiKeyIds));
    if (hashes.length === 0) return [];
    const raws = await Promise.all(hashes.map((h) => this.redis.get(keys.apiKey(h))));
    return raws.filter((r): r is string => r !== null).map((r) => ApiKey.parse(JSON.parse(r)));
  }

  /** Marks the key revoked (keeping the first revocation time); answers it with its token hash, or null. */
  async revoke(id: string, at: string): Promise<{ key: ApiKey; hash: string } | null> {
    const hash = await this.redis.hget(keys.apiKeyIds, id);
    const key = hash ? await this.byTokenHash(hash) : null;
    if (!hash || !key) return null;
    const revoked = { ...key, revokedAt: key.revokedAt ?? at };
    await this.redis.set(keys.apiKey(hash), JSON.stringify(revoked));
    return { key: revoked, hash };
  }
}
