/**
 * Entry point: `npm start`. Reads the configuration, starts a private Redis when neither REDIS_URL nor
 * REDIS_CLUSTER_NODES is set (else waits until the configured one answers), then the API and/or the triage
 * workers (ROLE), and stops gracefully on SIGTERM / SIGINT.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../lib/logger.js';
import { LocalRedis, applyCompactEncoding, clusterCoverageWarnings, durabilityWarnings } from './local-redis.js';
import type { Logger } from 'pino';
import { closeProbe, clusterNodes, probeConnection } from './redis.js';
import { startRuntime } from './runtime.js';

async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL, { role: env.ROLE });
  let localRedis: LocalRedis | null = null;
  let redisUrl = env.REDIS_URL;
  if (env.REDIS_CLUSTER_NODES) {
    await checkConfiguredRedis(clusterNodes(env.REDIS_CLUSTER_NODES).map((n) => `redis://${n.host}:${n.port}`), log);
  } else if (!redisUrl) {
    localRedis = new LocalRedis(join(env.DATA_DIR, 'redis'));
    try {
      await localRedis.start();
    } catch (err) {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exit(1);
    }
    redisUrl = localRedis.url;
    log.info({ redis: redisUrl, dir: localRedis.dir }, 'started a private redis-server (AOF, fsync always)');
  } else {
    await checkConfiguredRedis([redisUrl], log);
  }

  // Signals are handled from here on, so a stop asked while the runtime starts (a worker may already be
  // triaging on a thread) still drains it instead of killing it mid-job.
  const starting = startRuntime({ ...env, ...(redisUrl ? { REDIS_URL: redisUrl } : {}), ADMIN_TOKEN: adminToken(env.ADMIN_TOKEN, env.DATA_DIR) }, log);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => { log.error('shutdown timed out'); process.exit(1); }, env.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    await (await starting).close();
    await localRedis?.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await starting;
}

/** First and last wait between two attempts to reach a configured Redis that does not answer at start, and
 * how often the wait is logged again (one line, with the attempts so far). */
const REDIS_RETRY_FIRST_MS = 250;
const REDIS_RETRY_MAX_MS = 10_000;
const REDIS_WAIT_LOG_EVERY_MS = 30_000;

/** Waits until every given Redis answers (one line naming the first that does not, then one every 30 s while
 * it still does not; retries back off to 10 s), then warns about each one's persistence settings and raises
 * its encoding thresholds (COMPACT_ENCODING); a cluster node also about its coverage setting. */
async function checkConfiguredRedis(urls: string[], log: Logger): Promise<void> {
  for (const url of urls) {
    const shown = url.replace(/\/\/[^@/]*@/, '//***@'); // never log a password in the URL
    let attempts = 0;
    let lastLogged = 0;
    for (let waitMs = REDIS_RETRY_FIRST_MS; ; waitMs = Math.min(REDIS_RETRY_MAX_MS, waitMs * 2)) {
      const probe = probeConnection(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5000 });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        if (attempts > 0) log.info({ redis: shown, attempts }, 'Redis answers: starting');
        for (const warning of [...await durabilityWarnings(probe), ...await clusterCoverageWarnings(probe)]) log.warn({ redis: shown }, warning);
        for (const { level, message } of await applyCompactEncoding(probe)) log[level]({ redis: shown }, message);
        break;
      } catch (err) {
        attempts++;
        if (Date.now() - lastLogged >= REDIS_WAIT_LOG_EVERY_MS) {
          lastLogged = Date.now();
          log.error({ redis: shown, attempts, err: (err as Error).message },
            attempts === 1 ? `Redis at ${shown} does not answer (${(err as Error).message}): retrying, backing off to ${REDIS_RETRY_MAX_MS / 1000} s`
              : `still waiting for Redis at ${shown}`);
        }
      } finally {
        closeProbe(probe);
      }
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

/** The configured admin token, or one kept in DATA_DIR/admin-token (created on first start, mode 600). */
function adminToken(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = resolve(dataDir, 'admin-token');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  }
  process.stderr.write(`ADMIN_TOKEN not set: using the token in ${file}\n`);
  return readFileSync(file, 'utf8').trim();
}

main().catch((err: Error) => {
  process.stderr.write(`fatal: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
