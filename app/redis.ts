/**
 * The one place the service opens ioredis connections, to one Redis (REDIS_URL) or to a Redis Cluster
 * (REDIS_CLUSTER_NODES, its seed nodes; Valkey and managed cluster-mode Redis alike). Two kinds: a command
 * connection (stores, scripts, intake), which gives up a command after a few retries so a request answers 503
 * instead of hanging, and a BullMQ connection, whose workers block on Redis and must retry forever.
 *
 * A Cluster is handed to the stores as a `Redis`: every command, script and pipeline they send keeps its keys
 * in one slot (a consultation's keys share the hash tag `{cid}`, models/store/keys.ts), which is what a
 * cluster asks; work spanning consultations is sent as separate commands. BullMQ's keys get the hash-tagged
 * prefix `{bull}` on a cluster (workers/queues.ts), since its scripts touch several keys of a queue.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/** Where Redis is: REDIS_CLUSTER_NODES (`host:port,host:port,…`) when set, else REDIS_URL. */
export interface RedisTarget { REDIS_URL?: string | undefined; REDIS_CLUSTER_NODES?: string | undefined }

/** The seed nodes of REDIS_CLUSTER_NODES; throws naming the bad entry. */
export function clusterNodes(list: string): { host: string; port: number }[] {
  return list.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const at = entry.lastIndexOf(':');
    const port = Number(entry.slice(at + 1));
    if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`REDIS_CLUSTER_NODES: "${entry}" is not host:port`);
    return { host: entry.slice(0, at), port };
  });
}

/** What the logs and errors call the target. */
export function describeTarget(target: RedisTarget): string {
  return target.REDIS_CLUSTER_NODES ? `cluster ${target.REDIS_CLUSTER_NODES}` : (target.REDIS_URL ?? 'no Redis configured');
}

function connect(target: RedisTarget, options: RedisOptions): Redis {
  if (target.REDIS_CLUSTER_NODES) {
    // the stores take a Redis: a Cluster answers the same commands (see the module comment)
    return new Cluster(clusterNodes(target.REDIS_CLUSTER_NODES), { redisOptions: options, enableReadyCheck: true }) as unknown as Redis;
  }
  if (!target.REDIS_URL) throw new Error('set REDIS_URL or REDIS_CLUSTER_NODES');
  return new Redis(target.REDIS_URL, options);
}

/** While Redis is unreachable ioredis reports every reconnection attempt: one log line per this many ms. */
const ERROR_LOG_EVERY_MS = 30_000;

export function commandConnection(target: RedisTarget, log: Logger, extra: RedisOptions = {}): Redis {
  const redis = connect(target, { maxRetriesPerRequest: 3, ...extra });
  let lastLogged = 0;
  let suppressed = 0;
  redis.on('error', (err) => {
    if (Date.now() - lastLogged < ERROR_LOG_EVERY_MS) { suppressed++; return; }
    log.warn({ redis: describeTarget(target), err: err.message, ...(suppressed ? { suppressed } : {}) }, 'redis connection error');
    lastLogged = Date.now();
    suppressed = 0;
  });
  return redis;
}

export function bullConnection(target: RedisTarget): Redis {
  const connection = connect(target, { maxRetriesPerRequest: null, enableReadyCheck: true });
  // BullMQ reports its own errors (queue and worker 'error' events); this only keeps ioredis quiet.
  connection.on('error', () => undefined);
  return connection;
}

/** A short-lived connection for one look at a Redis (start-up checks, readiness probes). */
export function probeConnection(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, extra);
}

/** Closes a probe, or any connection that may have lost its Redis (a test's client after its redis-server was
 * killed). ioredis's disconnect() arms its 2 s timer (disconnectTimeout) waiting for the socket's 'close', and a
 * socket that has closed already never emits it again: the timer holds the process open (a jest worker was
 * force-exited when its last suite had started a redis-server under 2 s before). So a connection that has ended
 * (its connection failed, no retry) is left alone; one waiting to reconnect ('reconnecting', socket closed) is
 * disconnected — that cancels the reconnection — and its socket's 'close' is told again, for that timer, the only
 * listener left on it (ioredis removes its own once called: redis/ioredis#1247). */
export function closeProbe(probe: Redis): void {
  if (probe.status === 'end') return;
  const socket = probe.stream as Redis['stream'] | undefined;
  const closed = socket?.closed === true;
  probe.disconnect();
  if (closed) socket!.emit('close', false);
}
