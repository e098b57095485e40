/**
 * Webhook endpoints, one per consultation: URL, up to two signing secrets (rotation), enabled flag, the
 * count of consecutive failed attempts (the endpoint is disabled at a threshold) and the last deliveries.
 * Secrets must stay readable to sign requests, so they are stored as given; they are never logged and the
 * API shows only their last characters.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ensureConsumerGroup } from './decision-stream.js';
import { keys } from './keys.js';
import type { Webhook, WebhookDelivery, WebhookFailure, WebhookInput } from '../decision-feed.js';
import { newSecret, signingKey } from '../webhook-secrets.js';

export const DECISIONS_GROUP = 'webhooks';
const KEEP_DELIVERIES = 100;

interface StoredSecret { id: string; value: string; createdAt: string }

export interface WebhookEndpoint extends Webhook {
  /** the HMAC keys of the secrets, newest first: requests are signed with each */
  signingKeys: Buffer[];
}

/** Records one attempt; counts consecutive failures and disables the endpoint at the threshold.
 * KEYS: webhook, deliveries. ARGV: ok, delivery JSON, disableAfter, now ISO, keep. Returns 1 when it disabled. */
const RECORD_ATTEMPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[5]) - 1)
if ARGV[1] == '1' then
  redis.call('HSET', KEYS[1], 'failures', 0)
  return 0
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures >= tonumber(ARGV[3]) and redis.call('HGET', KEYS[1], 'enabled') == '1' then
  redis.call('HSET', KEYS[1], 'enabled', '0', 'disabledAt', ARGV[4], 'disabledReason', failures .. ' consecutive failed deliveries')
  return 1
end
return 0
`;

const secretRecord = (value: string, now: string): StoredSecret => ({ id: randomUUID().slice(0, 8), value, createdAt: now });

export class WebhookStore {
  constructor(private readonly redis: Redis) {}

  async get(cid: string): Promise<WebhookEndpoint | null> {
    const h = await this.redis.hgetall(keys.webhook(cid));
    if (!h.url) return null;
    const secrets = JSON.parse(h.secrets ?? '[]') as StoredSecret[];
    return {
      consultationId: cid,
      url: h.url,
      enabled: h.enabled === '1',
      secrets: secrets.map((s) => ({ id: s.id, createdAt: s.createdAt, hint: s.value.slice(-4) })),
      consecutiveFailures: Number(h.failures ?? 0),
      disabledAt: h.disabledAt || null,
      disabledReason: h.disabledReason || null,
      createdAt: h.createdAt ?? '',
      updatedAt: h.updatedAt ?? '',
      signingKeys: secrets.map((s) => signingKey(s.value)),
    };
  }

  /** Creates or replaces the endpoint. A new endpoint starts reading the decisions stream from now on
   * (earlier decisions are in the pull feed). Answers the generated secret when one was made. */
  async put(cid: string, input: WebhookInput, now = new Date()): Promise<{ created: boolean; generated?: string }> {
    const at = now.toISOString();
    const previous = await this.redis.hget(keys.webhook(cid), 'secrets');
    let secrets: StoredSecret[];
    let generated: string | undefined;
    if (input.secrets) secrets = input.secrets.map((v) => secretRecord(v, at));
    else if (previous) secrets = JSON.parse(previous) as StoredSecret[];
    else secrets = [secretRecord(generated = newSecret(), at)];
    const fields: Record<string, string> = { url: input.url, enabled: input.enabled ? '1' : '0', secrets: JSON.stringify(secrets), updatedAt: at };
    if (input.enabled) Object.assign(fields, { failures: '0', disabledAt: '', disabledReason: '' });
    const created = await this.redis.hsetnx(keys.webhook(cid), 'createdAt', at) === 1;
    // the endpoint is stored before it is listed (different Redis Cluster slots: two commands)
    await this.redis.hset(keys.webhook(cid), fields);
    await this.redis.sadd(keys.webhooks, cid);
    if (created) await ensureConsumerGroup(this.redis, cid, DECISIONS_GROUP);
    return { created, ...(generated ? { generated } : {}) };
  }

  /** A new secret becomes the first; the previous first stays valid as the second; an older one is dropped. */
  async rotate(cid: string, now = new Date()): Promise<string | null> {
    const raw = await this.redis.hget(keys.webhook(cid), 'secrets');
    if (raw === null) return null;
    const value = newSecret();
    const secrets = [secretRecord(value, now.toISOString()), ...(JSON.parse(raw) as StoredSecret[])].slice(0, 2);
    await this.redis.hset(keys.webhook(cid), 'secrets', JSON.stringify(secrets), 'updatedAt', now.toISOString());
    return value;
  }

  /** Retires one secret; the last one cannot be removed. */
  async removeSecret(cid: string, secretId: string): Promise<'ok' | 'missing' | 'last'> {
    const raw = await this.redis.hget(keys.webhook(cid), 'secrets');
    const secrets = raw ? (JSON.parse(raw) as StoredSecret[]) : [];
    const kept = secrets.filter((s) => s.id !== secretId);
    if (kept.length === secrets.length) return 'missing';
    if (kept.length === 0) return 'last';
    await this.redis.hset(keys.webhook(cid), 'secrets', JSON.stringify(kept), 'updatedAt', new Date().toISOString());
    return 'ok';
  }

  async remove(cid: string): Promise<boolean> {
    // unlisted first, so no dispatcher picks it up while it goes (the list is in another Redis Cluster slot)
    await this.redis.srem(keys.webhooks, cid);
    const [[, removed]] = (await this.redis.multi().del(keys.webhook(cid)).del(keys.webhookDeliveries(cid)).exec()) as [[unknown, number]];
    await this.redis.xgroup('DESTROY', keys.decisions(cid), DECISIONS_GROUP).catch(() => undefined);
    return removed === 1;
  }

  async enabledConsultations(): Promise<string[]> {
    const ids = await this.redis.smembers(keys.webhooks);
    if (ids.length === 0) return [];
    const flags = await Promise.all(ids.map((cid) => this.redis.hget(keys.webhook(cid), 'enabled')));
    return ids.filter((_, i) => flags[i] === '1');
  }

  /** Answers true when this attempt disabled the endpoint. */
  async recordAttempt(cid: string, delivery: WebhookDelivery, disableAfter: number): Promise<boolean> {
    const disabled = await this.redis.eval(RECORD_ATTEMPT, 2, keys.webhook(cid), keys.webhookDeliveries(cid),
      delivery.ok ? '1' : '0', JSON.stringify(delivery), disableAfter, new Date().toISOString(), KEEP_DELIVERIES);
    return disabled === 1;
  }

  async deliveries(cid: string, limit: number): Promise<WebhookDelivery[]> {
    return (await this.redis.lrange(keys.webhookDeliveries(cid), 0, limit - 1)).map((r) => withFailureClass(JSON.parse(r) as StoredDelivery));
  }
}

/** Attempts recorded before failure classes carried the error text (`HTTP 500`, a socket error code): shown
 * as their class, never as the text. */
type StoredDelivery = WebhookDelivery & { error?: string };
function withFailureClass({ error, ...delivery }: StoredDelivery): WebhookDelivery {
  if (delivery.ok || delivery.failure || error === undefined) return delivery;
  const http = /^HTTP ([3-5])/.exec(error)?.[1];
  const failure = http ? `http_${http}xx` as WebhookFailure : error.startsWith('no answer within') ? 'timeout' : 'connection_failed';
  return { ...delivery, failure };
}
