import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { PiiCipher } from '../../crypto/pii-cipher.js';
import type { Db } from '../../db/create-database.js';
import { idempotencyKeys } from '../../db/schema/access.js';
import type { AppEnv } from '../app-env.js';
import { clientIp } from '../client-ip.js';
import { ApiError } from '../errors.js';

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/**
 * Honours `Idempotency-Key` on POST: the first request runs and its response (if not a 5xx) is stored; a retry with
 * the same key and the same body replays it (`Idempotent-Replayed: true`); the same key with another body is 409.
 * Keys are scoped to the calling secret key, widget session, publishable key and IP, or IP for anonymous callers.
 * Streaming responses are not stored.
 */
export function idempotency(deps: {
  db: Db;
  /** Stored responses hold what the first answer held (cancellation tokens, volunteer tokens): encrypted at rest. */
  cipher: PiiCipher;
  trustedProxyHops?: number;
}): MiddlewareHandler<AppEnv> {
  return async function idempotency(c, next) {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!KEY_FORMAT.test(key)) {
      throw new ApiError(
        400,
        'invalid_request',
        'Idempotency-Key must be 1–255 printable ASCII characters, e.g. a UUID.',
      );
    }
    const principal = c.get('principal');
    // Anonymous callers are told apart by IP; the left of X-Forwarded-For is client-written, so only trusted hops count.
    // Browser callers share a key, so their responses (which may hold a registrant's data) are scoped further:
    // to the widget session, or to the client IP.
    const ip = `ip:${clientIp(c, deps.trustedProxyHops ?? 0)}`;
    const owner =
      principal.kind === 'session'
        ? `session:${principal.sessionId}`
        : principal.kind === 'publishable'
          ? `${principal.keyId}:${ip}`
          : (principal.keyId ?? ip);
    // Read the bytes, not text: Hono derives later reads from this cached body, and a text read would re-encode it,
    // corrupting binary uploads (XLSX) and non-UTF-8 text (GBK CSV) for the handler.
    const body = new Uint8Array(await c.req.arrayBuffer());
    const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n`).update(body).digest('hex');
    const where = and(eq(idempotencyKeys.principal, owner), eq(idempotencyKeys.key, key));

    const inserted = await deps.db
      .insert(idempotencyKeys)
      .values({ principal: owner, key, method: c.req.method, path: c.req.path, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });

    if (inserted.length === 0) {
      const [previous] = await deps.db.select().from(idempotencyKeys).where(where);
      if (!previous) throw new ApiError(409, 'conflict', 'This Idempotency-Key was just released; retry the request.');
      if (previous.requestHash !== requestHash) {
        throw new ApiError(
          409,
          'conflict',
          'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
        );
      }
      if (previous.status === null || previous.responseBody === null) {
        throw new ApiError(
          409,
          'conflict',
          'A request with this Idempotency-Key is still in progress. Retry shortly.',
          undefined,
          { 'Retry-After': '1' },
        );
      }
      return new Response(deps.cipher.decrypt(previous.responseBody), {
        status: previous.status,
        headers: { ...(previous.responseHeaders ?? {}), 'idempotent-replayed': 'true' },
      });
    }

    try {
      await next();
    } catch (error) {
      await deps.db.delete(idempotencyKeys).where(where);
      throw error;
    }
    const type = c.res.headers.get('content-type') ?? '';
    if (c.res.status >= 500 || type.includes('text/event-stream')) {
      await deps.db.delete(idempotencyKeys).where(where);
      return;
    }
    const responseBody = deps.cipher.encrypt(await c.res.clone().text());
    await deps.db
      .update(idempotencyKeys)
      .set({ status: c.res.status, responseBody, responseHeaders: { 'content-type': type } })
      .where(where);
  };
}
