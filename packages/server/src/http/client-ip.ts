import type { Context } from 'hono';

/** The socket of the Node adapter, when there is one (not under `app.request()` in tests). */
function socketAddress(c: Context): string | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null) return undefined;
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: unknown } } }).incoming;
  const address = incoming?.socket?.remoteAddress;
  return typeof address === 'string' ? address : undefined;
}

/**
 * The client's IP address. Behind `trustedProxyHops` reverse proxies, it is the address that the outermost trusted
 * proxy saw, read from the right of `X-Forwarded-For` (entries further left are client-supplied and forgeable).
 * With no trusted proxy the header is ignored. `unknown` when there is no socket (in-process tests).
 * @example clientIp(c, 1) // behind one nginx
 */
export function clientIp(c: Context, trustedProxyHops: number): string {
  if (trustedProxyHops > 0) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const candidate = entries[entries.length - trustedProxyHops];
    if (candidate && /^[0-9a-fA-F:.]{2,45}$/.test(candidate)) return candidate;
  }
  return socketAddress(c) ?? 'unknown';
}
