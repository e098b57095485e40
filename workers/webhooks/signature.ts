/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com, recipe for receivers in docs/WEBHOOKS.md):
 * HMAC-SHA256 keyed by the secret's decoded bytes over `${webhook-id}.${webhook-timestamp}.${body}`, base64,
 * after `v1,`. One signature per active secret, space separated, so a receiver keeps verifying while secrets
 * rotate. The id and the timestamp (Unix seconds of the attempt) are signed too: a captured request cannot be
 * replayed later with a fresh timestamp, nor passed off as another event.
 */
import { createHmac } from 'node:crypto';

export const HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** The event id as a webhook-id: the specification forbids `.` in it (the signed content is delimited by
 * dots) and consultation ids may contain one, so it is written `%2E` (ids never contain `%`). */
export const webhookId = (eventId: string): string => eventId.replaceAll('.', '%2E');

export function sign(key: Uint8Array, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function signatureHeader(keys: readonly Uint8Array[], id: string, timestamp: number, body: string): string {
  return keys.map((k) => sign(k, id, timestamp, body)).join(' ');
}
