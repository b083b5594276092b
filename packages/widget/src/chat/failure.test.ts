import { describe, expect, it } from 'vitest';
import { toFailure } from './failure.js';

describe('toFailure', () => {
  it('tells offline, rate limited (with the wait), misconfigured, bad request and server errors apart', () => {
    expect(toFailure(new Error('x'), false)).toEqual({ kind: 'offline' });
    expect(toFailure({ name: 'APIConnectionError' }, true)).toEqual({ kind: 'offline' });
    expect(toFailure({ name: 'RateLimitError', status: 429, retryAfter: 12.2 }, true)).toEqual({
      kind: 'rate_limited',
      retryAfterSeconds: 13,
    });
    expect(toFailure({ status: 429 }, true)).toEqual({ kind: 'rate_limited', retryAfterSeconds: undefined });
    expect(toFailure({ status: 403 }, true)).toEqual({ kind: 'unauthorized' });
    expect(toFailure({ status: 400 }, true)).toEqual({ kind: 'bad_request' });
    expect(toFailure({ status: 503, requestId: 'req_1' }, true)).toEqual({ kind: 'server', requestId: 'req_1' });
    expect(toFailure({ name: 'APIStreamError', code: 'internal_error' }, true)).toEqual({ kind: 'server' });
  });
});
