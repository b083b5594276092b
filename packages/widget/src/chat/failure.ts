import type { ChatFailure } from './turns.js';

/**
 * Maps whatever a failed request threw to what the citizen is told. Duck-typed on the SDK's error fields
 * (`status`, `name`, `retryAfter`) so the widget needs no error classes at run time.
 */
export function toFailure(error: unknown, online: boolean): ChatFailure {
  if (!online) return { kind: 'offline' };
  if (typeof error !== 'object' || error === null) return { kind: 'server' };
  const e = error as { name?: unknown; status?: unknown; retryAfter?: unknown; requestId?: unknown; code?: unknown };
  if (e.name === 'APIStreamError') {
    return e.code === 'rate_limited' ? { kind: 'rate_limited', retryAfterSeconds: undefined } : { kind: 'server' };
  }
  if (e.name === 'APIConnectionError' || e.name === 'APIConnectionTimeoutError' || e.name === 'TypeError') {
    return { kind: 'offline' };
  }
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status === 429 || e.code === 'rate_limited') {
    const seconds =
      typeof e.retryAfter === 'number' && Number.isFinite(e.retryAfter) ? Math.ceil(e.retryAfter) : undefined;
    return { kind: 'rate_limited', retryAfterSeconds: seconds };
  }
  if (status === 401 || status === 403) return { kind: 'unauthorized' };
  if (status !== undefined && status >= 400 && status < 500) return { kind: 'bad_request' };
  return { kind: 'server', requestId: typeof e.requestId === 'string' ? e.requestId : undefined };
}
