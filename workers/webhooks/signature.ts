/**
 * Webhook signatures (recipe for receivers in docs/WEBHOOKS.md): HMAC-SHA256, keyed by the endpoint secret,
 * over `${timestamp}.${body}`, hex encoded. One `v1=` entry per active secret, so a receiver keeps verifying
 * while secrets rotate. The timestamp (Unix seconds) is signed too, so a captured request cannot be replayed
 * later with a fresh timestamp.
 */
import { createHmac } from 'node:crypto';

export const HEADERS = {
  signature: 'X-Triage-Signature',
  timestamp: 'X-Triage-Timestamp',
  eventId: 'X-Triage-Event-Id',
} as const;

export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return secrets.map((s) => `v1=${sign(s, timestamp, body)}`).join(', ');
}
