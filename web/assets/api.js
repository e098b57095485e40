// The service's API from the page: session cookie + CSRF header, problem details turned into errors, and
// every failure described in the moderator's language (errors.js), never as the service's English detail.

let csrfToken = null;
export const setCsrf = (token) => { csrfToken = token; };

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The request never got an answer: offline, or the service (or a proxy before it) unreachable. */
export class NetworkError extends Error {
  constructor(cause) {
    super(String(cause?.message ?? cause));
    this.offline = navigator.onLine === false;
  }
}

/** `keepalive` lets a request made while the page closes (releasing a lease) reach the service. */
export async function api(method, path, body, { keepalive = false } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', keepalive, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (err) {
    throw new NetworkError(err);
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const qs = (params) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
