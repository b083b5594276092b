import type { Scope } from '@kepu/sdk/schema';
import type { MiddlewareHandler } from 'hono';
import { hasScope } from '../../access/principal.js';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

/**
 * Only secret keys holding `scope` (or `admin`) pass. 401 without a key, 403 with a key that lacks the scope.
 * @example router.use('/events', requireScope('events:write'))
 */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async function requireScope(c, next) {
    const principal = c.get('principal');
    if (principal.kind === 'anonymous') {
      throw new ApiError(401, 'unauthorized', `This operation needs a secret key with the \`${scope}\` scope.`);
    }
    if (!hasScope(principal, scope)) {
      throw new ApiError(403, 'forbidden', `This key lacks the \`${scope}\` scope needed for this operation.`);
    }
    return next();
  };
}

/**
 * Any key passes (publishable from an allowed origin, session or secret): for what citizens do through partner
 * sites — registrations, submissions, the assistant, rumour checks.
 */
export function requireClient(): MiddlewareHandler<AppEnv> {
  return async function requireClient(c, next) {
    if (c.get('principal').kind === 'anonymous') {
      throw new ApiError(
        401,
        'unauthorized',
        'This operation needs an API key: a publishable key (`pk_…`) from a partner site or a secret key.',
      );
    }
    return next();
  };
}

/** Only a publishable key (from one of its allowed origins): exchanging it for a widget session. */
export function requirePublishable(): MiddlewareHandler<AppEnv> {
  return async function requirePublishable(c, next) {
    const kind = c.get('principal').kind;
    if (kind === 'anonymous') {
      throw new ApiError(
        401,
        'unauthorized',
        'This operation needs a publishable key (`pk_…`) sent from one of its allowed origins.',
      );
    }
    if (kind !== 'publishable') {
      throw new ApiError(
        403,
        'forbidden',
        `This operation takes a publishable key (\`pk_…\`), not a ${kind === 'session' ? 'session token' : 'secret key'}.`,
      );
    }
    return next();
  };
}
