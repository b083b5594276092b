import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.js';
import type { AppEnv } from '../app-env.js';

/**
 * One structured line per request, attributed to the calling key. Logs the path without its query string: queries
 * can carry tokens (cancellation links) and personal data.
 */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now();
    const requestLogger = logger.child({ requestId: c.get('requestId') });
    c.set('logger', requestLogger);
    await next();
    requestLogger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      // Attribution: which key (never the token) and partner made the request.
      keyId: c.get('principal')?.keyId ?? null,
      organizationId: c.get('principal')?.organizationId ?? null,
    });
  };
}
