/**
 * Entry point: `npm start`. Reads the configuration, starts a private Redis when REDIS_URL is unset, then
 * the API and/or the triage workers (ROLE), and stops gracefully on SIGTERM / SIGINT.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../lib/logger.js';
import { LocalRedis, durabilityWarnings } from './local-redis.js';
import { probeConnection } from './redis.js';
import { startRuntime } from './runtime.js';

async function main(): Promise<void> {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL, { role: env.ROLE });
  let localRedis: LocalRedis | null = null;
  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
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
    const probe = probeConnection(redisUrl, { maxRetriesPerRequest: 1 });
    for (const warning of await durabilityWarnings(probe)) log.warn(warning);
    probe.disconnect();
  }

  // Signals are handled from here on, so a stop asked while the runtime starts (a worker may already be
  // triaging on a thread) still drains it instead of killing it mid-job.
  const starting = startRuntime({ ...env, REDIS_URL: redisUrl, ADMIN_TOKEN: adminToken(env.ADMIN_TOKEN, env.DATA_DIR) }, log);
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
