import { pino, type Logger } from 'pino';

/** JSON logs; secrets are redacted wherever they might appear, and proposal texts are never logged at info. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'proposal-triage', ...base },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'token', '*.token', 'adminToken'],
      censor: '[redacted]',
    },
  });
}
