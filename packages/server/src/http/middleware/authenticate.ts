import type { MiddlewareHandler } from 'hono';
import { findKeyByToken } from '../../access/keys.js';
import { ANONYMOUS, type Principal } from '../../access/principal.js';
import type { Db } from '../../db/create-database.js';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer realm="kepu"' });

/**
 * Resolves `Authorization: Bearer <key>` to a principal. No header: anonymous (public reads only).
 * A publishable key is accepted only from one of its allowed origins (the `Origin` header browsers send).
 */
export function authenticate(deps: { db: Db; now?: () => Date }): MiddlewareHandler<AppEnv> {
  const now = deps.now ?? (() => new Date());
  return async function authenticate(c, next) {
    const header = c.req.header('authorization');
    if (!header) {
      c.set('principal', ANONYMOUS);
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthorized('The Authorization header must be `Bearer <key>`.');
    const token = match[1];
    if (!/^(pk|sk)_[0-9a-z]{20,64}$/.test(token)) {
      throw unauthorized('The API key is malformed. Keys look like `pk_…` (browsers) or `sk_…` (servers).');
    }
    const key = await findKeyByToken(deps.db, token);
    if (!key)
      throw unauthorized('The API key is not known. Check for a typo, or create a key with `pnpm kepu keys create`.');
    if (key.revokedAt) throw unauthorized(`The API key ${key.prefix}… was revoked. Use another key.`);
    if (key.expiresAt && key.expiresAt <= now()) {
      throw unauthorized(`The API key ${key.prefix}… expired at ${key.expiresAt.toISOString()}. Use another key.`);
    }
    let origin: string | null = null;
    if (key.kind === 'publishable') {
      origin = c.req.header('origin') ?? null;
      if (!origin || !key.allowedOrigins.includes(origin)) {
        throw new ApiError(
          403,
          'forbidden',
          `This publishable key is not allowed from origin ${origin ?? '(none)'}. Add the origin to the key, or use the key from one of its allowed origins.`,
        );
      }
    }
    const principal: Principal = {
      kind: key.kind,
      keyId: key.id,
      organizationId: key.organizationId,
      scopes: key.scopes as Principal['scopes'],
      origin,
    };
    c.set('principal', principal);
    return next();
  };
}
