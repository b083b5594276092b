import type { RouteAccess, Scope } from '@kepu/sdk/schema';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { requireClient, requirePublishable, requireScope } from '../http/middleware/require.js';

/** The OpenAPI extension that says who may call an operation; the authorization-matrix tests read it. */
export const ACCESS_EXTENSION = 'x-kepu-access';

/** The fields a route spreads into `createRoute({...})`: the guard, the OpenAPI `security`, and `x-kepu-access`. */
export interface RouteAccessFields {
  middleware: MiddlewareHandler<AppEnv>[];
  security: Record<string, string[]>[];
  [ACCESS_EXTENSION]: RouteAccess;
}

/**
 * Declares and enforces who may call a route, in one place. Spread into `createRoute`; if the route has more
 * middleware, put the guard first: `middleware: [...guard.middleware, other]`.
 * @example createRoute({ method: 'post', path: '/events', ...access.scope('events:write'), request, responses })
 */
export const access = {
  /** Anyone; a key is optional (a publishable key must still come from one of its origins). */
  public(): RouteAccessFields {
    return { middleware: [], security: [{}, { bearer: [] }], [ACCESS_EXTENSION]: { level: 'public' } };
  },
  /** Citizens' actions through partner sites: any valid key (publishable, widget session or secret). */
  client(): RouteAccessFields {
    return { middleware: [requireClient()], security: [{ bearer: [] }], [ACCESS_EXTENSION]: { level: 'client' } };
  },
  /** Only a publishable key from one of its allowed origins (creating widget sessions). */
  publishable(): RouteAccessFields {
    return {
      middleware: [requirePublishable()],
      security: [{ bearer: [] }],
      [ACCESS_EXTENSION]: { level: 'publishable' },
    };
  },
  /**
   * Routes that check a credential of their own in the handler (e.g. a volunteer's `X-Volunteer-Token`, named by
   * its security scheme), optionally also open to a secret key holding `orScope`. Without the credential (or the
   * scope) the route must answer 401 or 403.
   * @example createRoute({ ...access.token('volunteerToken', { orScope: 'volunteers:write' }), … })
   */
  token(credential: string, options: { orScope?: Scope } = {}): RouteAccessFields {
    return {
      middleware: [],
      security: [{ [credential]: [] }, ...(options.orScope ? [{ bearer: [options.orScope] }] : [])],
      [ACCESS_EXTENSION]: options.orScope
        ? { level: 'token', credential, orScope: options.orScope }
        : { level: 'token', credential },
    };
  },
  /** Staff operations: a secret key holding `scope` (or `admin`). */
  scope(scope: Scope): RouteAccessFields {
    return {
      middleware: [requireScope(scope)],
      security: [{ bearer: [scope] }],
      [ACCESS_EXTENSION]: { level: 'scope', scope },
    };
  },
};
