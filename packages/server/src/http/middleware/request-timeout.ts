import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

/**
 * Answers 503 `timeout` when a request takes longer than `ms`. Streaming responses (SSE) are exempt:
 * they are long by design and end themselves.
 */
export function requestTimeout(ms: number): MiddlewareHandler<AppEnv> {
  return async function requestTimeout(c, next) {
    if (c.req.header('accept')?.includes('text/event-stream')) return next();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ApiError(
              503,
              'timeout',
              `The request took longer than ${ms} ms and was abandoned. Retry later.`,
              undefined,
              { 'Retry-After': '1' },
            ),
          ),
        ms,
      );
    });
    try {
      await Promise.race([next(), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
}
