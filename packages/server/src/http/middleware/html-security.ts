import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';

/** Strict CSP for the HTML pages we serve; pages that need more (the API reference) set their own first. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/**
 * Adds Content-Security-Policy (with the configured `frame-ancestors`) to every HTML response that has none, and
 * adds `frame-ancestors` to a page's own policy when it lacks one, so that no page can be framed by other sites
 * unless configured (`KEPU_FRAME_ANCESTORS`).
 */
export function htmlSecurity(options: { frameAncestors: string }): MiddlewareHandler<AppEnv> {
  return async function htmlSecurity(c, next) {
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    if (!type.startsWith('text/html')) return;
    const own = c.res.headers.get('content-security-policy');
    if (!own) {
      c.res.headers.set('content-security-policy', `${STRICT_CSP}; frame-ancestors ${options.frameAncestors}`);
    } else if (!/(^|;)\s*frame-ancestors\b/.test(own)) {
      c.res.headers.set(
        'content-security-policy',
        `${own.replace(/;\s*$/, '')}; frame-ancestors ${options.frameAncestors}`,
      );
    }
    c.res.headers.set('x-content-type-options', 'nosniff');
  };
}
