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
  /** Staff operations: a secret key holding `scope` (or `admin`). */
  scope(scope: Scope): RouteAccessFields {
    return {
      middleware: [requireScope(scope)],
      security: [{ bearer: [scope] }],
      [ACCESS_EXTENSION]: { level: 'scope', scope },
    };
  },
};
