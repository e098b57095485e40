/**
 * Webhook signing secrets, serialised as Standard Webhooks says: `whsec_` + the standard base64 (with
 * padding) of 24 to 64 random bytes; the decoded bytes are the HMAC-SHA256 key. Any Standard Webhooks library
 * takes the string as it is.
 *
 * Secrets stored before this scheme (docs/WEBHOOKS.md, "Migrating from the X-Triage headers") keep their key:
 * one the service generated (`whsec_` + 43 base64url characters) is the same 32 bytes, re-encoded in the
 * standard alphabet; one a platform chose (any printable ASCII) is its own bytes, as the libraries' "raw" format.
 */
import { randomBytes } from 'node:crypto';
import { z } from './zod.js';

const PREFIX = 'whsec_';
export const SECRET_BYTES = { min: 24, max: 64, generated: 32 } as const;
const LEGACY_GENERATED = /^whsec_[A-Za-z0-9_-]{43}$/;

export const newSecret = (): string => PREFIX + randomBytes(SECRET_BYTES.generated).toString('base64');

/** The key of a secret in the standard form, or null. Strict: the base64 must re-encode to itself, so every
 * library reads the same bytes. */
export function decodeSecret(secret: string): Buffer | null {
  if (!secret.startsWith(PREFIX)) return null;
  const encoded = secret.slice(PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  if (key.toString('base64') !== encoded) return null;
  return key.length >= SECRET_BYTES.min && key.length <= SECRET_BYTES.max ? key : null;
}

/** The HMAC key of a stored secret, including those stored before the Standard Webhooks scheme. */
export function signingKey(stored: string): Buffer {
  return decodeSecret(stored)
    ?? (LEGACY_GENERATED.test(stored) ? Buffer.from(stored.slice(PREFIX.length), 'base64url') : Buffer.from(stored, 'utf8'));
}

export const WebhookSecret = z.string().max(200).refine((s) => decodeSecret(s) !== null, {
  message: `whsec_ followed by the standard base64 (with padding) of ${SECRET_BYTES.min} to ${SECRET_BYTES.max} random bytes (Standard Webhooks)`,
}).openapi({ example: 'whsec_YEd/LZn3lXIQT78tsZsDDpsLm8R00RVE' });
