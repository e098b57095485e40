// What went wrong, in the moderator's words. The service's problem details are for developers (English,
// with field names); the page maps each failure to a sentence that says what happens and what to do.
import { ApiError, NetworkError } from './api.js';
import { t } from './i18n.js';

/** 401 means the key was revoked or the session ended: the page goes back to sign-in (app.js listens). */
export const isSignedOut = (err) => err instanceof ApiError && err.status === 401;
export const isConflict = (err) => err instanceof ApiError && err.status === 409;
export const isUnreachable = (err) => err instanceof NetworkError;

export function describe(err) {
  if (err instanceof NetworkError) return t(err.offline || navigator.onLine === false ? 'err.offline' : 'err.network');
  if (!(err instanceof ApiError)) return t('err.generic', { status: '—', id: err?.message ?? '' });
  switch (err.status) {
    case 401: return t('err.revoked');
    case 403: return t('err.forbidden');
    case 404: return t('err.notFound');
    case 409: return t('err.conflict');
    case 429: return t('err.rate');
    // 502/504: a proxy before the service got no answer from it
    case 502: case 504: return t('err.network');
    case 503: return t('err.storage');
    default: return t('err.generic', { status: err.status, id: err.problem?.requestId ?? '—' });
  }
}
