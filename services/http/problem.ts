/** RFC 7807 problem details: every error the API answers has this shape and carries the request id. */
import type { ZodError } from 'zod';
import type { Problem } from './shapes.js';

export interface FieldError { field: string; message: string }

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  body(requestId: string, instance?: string): Problem {
    return {
      type: `urn:proposal-triage:problem:${this.slug}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      requestId,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/** `proposals[3].text` — the path of a field as a client developer writes it. */
export function fieldPath(path: readonly PropertyKey[], root: string): string {
  let out = root;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || root;
}

/** 422 for one field a schema cannot judge alone (a value checked against the running service). */
export function invalidField(field: string, message: string): HttpProblem {
  return new HttpProblem(422, 'validation', 'Invalid request', `${field}: ${message}`, [{ field, message }]);
}

export function validationProblem(error: ZodError, root: 'body' | 'query' | 'path'): HttpProblem {
  const errors = error.issues.slice(0, 50).map((i) => ({
    field: fieldPath(i.path, root === 'body' ? '' : root) || root,
    message: i.message,
  }));
  const first = errors[0]!;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new HttpProblem(422, 'validation', 'Invalid request', `${first.field}: ${first.message}${more}`, errors);
}

export const problems = {
  /** A field that passed its schema but not a rule that needs the service's state or configuration. */
  invalidField: (field: string, message: string) => new HttpProblem(422, 'validation', 'Invalid request', `${field}: ${message}`, [{ field, message }]),
  unauthorized: () => new HttpProblem(401, 'unauthorized', 'Unauthorized',
    'send "Authorization: Bearer <token>" with a valid token', undefined, { 'WWW-Authenticate': 'Bearer' }),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail),
  notFound: (what: string) => new HttpProblem(404, 'not-found', 'Not found', `${what} does not exist`),
  conflict: (detail: string) => new HttpProblem(409, 'conflict', 'Conflict', detail),
  gone: (detail: string) => new HttpProblem(410, 'gone', 'Gone', detail),
  methodNotAllowed: (detail: string, allow: string) => new HttpProblem(405, 'method-not-allowed', 'Method not allowed', detail, undefined, { Allow: allow }),
  unsupportedMediaType: () => new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type',
    'the body must be JSON, sent with "Content-Type: application/json"', [{ field: 'Content-Type', message: 'must be application/json' }]),
  tooLarge: (limit: number) => new HttpProblem(413, 'too-large', 'Payload too large',
    `the body exceeds ${limit} bytes`, [{ field: 'body', message: `at most ${limit} bytes` }]),
  invalidJson: (message: string) => new HttpProblem(400, 'invalid-json', 'Invalid JSON',
    `the body is not valid JSON: ${message}`, [{ field: 'body', message: 'invalid JSON' }]),
  rateLimited: (retryAfterS: number) => new HttpProblem(429, 'rate-limited', 'Too many requests',
    `this key's rate limit is reached; retry in ${retryAfterS} s`, undefined, { 'Retry-After': String(retryAfterS) }),
  tooManyFailedAuthentications: (retryAfterS: number) => new HttpProblem(429, 'rate-limited', 'Too many requests',
    `too many failed authentications from this address; retry in ${retryAfterS} s`, undefined, { 'Retry-After': String(retryAfterS) }),
  storageUnavailable: () => new HttpProblem(503, 'storage-unavailable', 'Storage unavailable',
    'storage is unavailable; retry later with the same externalIds (intake is idempotent)', undefined, { 'Retry-After': '2' }),
  overloaded: (retryAfterS: number, detail: string) => new HttpProblem(503, 'overloaded', 'Service overloaded',
    detail, undefined, { 'Retry-After': String(retryAfterS) }),
};
