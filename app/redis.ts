/**
 * The one place the service opens ioredis connections. Two kinds: a command connection (stores, scripts,
 * intake), which gives up a command after a few retries so a request answers 503 instead of hanging, and a
 * BullMQ connection, whose workers block on Redis and must retry forever.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export function commandConnection(url: string, log: Logger, extra: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 3, ...extra });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  return redis;
}

export function bullConnection(url: string): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  // BullMQ reports its own errors (queue and worker 'error' events); this only keeps ioredis quiet.
  connection.on('error', () => undefined);
  return connection;
}

/** A short-lived connection for one look at a Redis (start-up checks, readiness probes). */
export function probeConnection(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, extra);
}
