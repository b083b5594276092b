import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { findKeyByToken } from '../../access/keys.js';
import { ANONYMOUS, type Principal } from '../../access/principal.js';
import { findSessionByToken } from '../../access/sessions.js';
import type { Db } from '../../db/create-database.js';
import { apiKeys } from '../../db/schema/access.js';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

const unauthorized = (message: string) =>
  new ApiError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer realm="kepu"' });

const TOKEN_FORMAT = /^(pk|sk|st)_[0-9a-z]{20,64}$/;
/** `last_used_at` is refreshed at most this often, so that reads do not each cost a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

type KeyRow = NonNullable<Awaited<ReturnType<typeof findKeyByToken>>>;

/**
 * Resolves `Authorization: Bearer <token>` to a principal. No header: anonymous (public reads only).
 * - `sk_…` secret keys: servers and staff, with scopes.
 * - `pk_…` publishable keys: accepted only with an `Origin` header that is one of the key's allowed origins.
 * - `st_…` widget sessions (from `POST /v1/sessions`): accepted only from the origin they were created from, and
 *   only while both the session and its publishable key are valid.
 */
export function authenticate(deps: {
  db: Db;
  now?: () => Date;
  /** Publishable keys may then only read (GET/HEAD) and create widget sessions. */
  requireWidgetSessions?: boolean;
}): MiddlewareHandler<AppEnv> {
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
    if (!TOKEN_FORMAT.test(token)) {
      throw unauthorized(
        'The API key is malformed. Keys look like `pk_…` (browsers), `sk_…` (servers) or `st_…` (widget sessions).',
      );
    }
    const at = now();
    const origin = c.req.header('origin') ?? null;
    let principal: Principal;
    if (token.startsWith('st_')) {
      const session = await findSessionByToken(deps.db, token);
      if (!session) throw unauthorized('The session is not known. Create a new one with POST /v1/sessions.');
      if (session.expiresAt <= at) {
        throw unauthorized(
          `The session expired at ${session.expiresAt.toISOString()}. Create a new one with POST /v1/sessions.`,
        );
      }
      const [key] = await deps.db.select().from(apiKeys).where(eq(apiKeys.id, session.keyId));
      if (!key) throw unauthorized('The session is not known. Create a new one with POST /v1/sessions.');
      assertUsable(key, at);
      if (origin !== session.origin || !key.allowedOrigins.includes(origin)) {
        throw new ApiError(
          403,
          'forbidden',
          `This session belongs to origin ${session.origin} and cannot be used from ${origin ?? '(no origin)'}. Create a session from your own site with its publishable key.`,
        );
      }
      principal = {
        kind: 'session',
        keyId: key.id,
        organizationId: key.organizationId,
        scopes: [],
        origin,
        sessionId: session.id,
      };
    } else {
      const key = await findKeyByToken(deps.db, token);
      if (!key) {
        throw unauthorized('The API key is not known. Check for a typo, or create a key with `pnpm kepu keys create`.');
      }
      assertUsable(key, at);
      if (key.kind === 'publishable' && (!origin || !key.allowedOrigins.includes(origin))) {
        throw new ApiError(
          403,
          'forbidden',
          `This publishable key is not allowed from origin ${origin ?? '(none)'}. Add the origin to the key, or use the key from one of its allowed origins.`,
        );
      }
      if (
        key.kind === 'publishable' &&
        deps.requireWidgetSessions &&
        !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) &&
        c.req.path !== '/v1/sessions'
      ) {
        throw new ApiError(
          403,
          'forbidden',
          'This server takes citizen actions only with a widget session: exchange the publishable key at POST /v1/sessions and send the session token.',
        );
      }
      principal = {
        kind: key.kind,
        keyId: key.id,
        organizationId: key.organizationId,
        scopes: key.scopes as Principal['scopes'],
        origin: key.kind === 'publishable' ? origin : null,
      };
      if (!key.lastUsedAt || at.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
        const stale = new Date(at.getTime() - LAST_USED_RESOLUTION_MS);
        await deps.db
          .update(apiKeys)
          .set({ lastUsedAt: at })
          .where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
      }
    }
    c.set('principal', principal);
    return next();
  };
}

function assertUsable(key: KeyRow, at: Date): void {
  if (key.revokedAt) throw unauthorized(`The API key ${key.prefix}… was revoked. Use another key.`);
  if (key.expiresAt && key.expiresAt <= at) {
    throw unauthorized(`The API key ${key.prefix}… expired at ${key.expiresAt.toISOString()}. Use another key.`);
  }
}
