import { z } from '@hono/zod-openapi';
import type { Scope } from '@kepu/sdk/schema';
import { ErrorEnvelope } from '@kepu/sdk/schema';
import type { Context, MiddlewareHandler } from 'hono';
import { recordAudit } from '../../access/audit.js';
import { hasScope } from '../../access/principal.js';
import type { Config } from '../../config.js';
import type { PiiCipher } from '../../crypto/pii-cipher.js';
import type { Database, Db } from '../../db/create-database.js';
import type { AppEnv } from '../../http/app-env.js';
import { ApiError } from '../../http/errors.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import type { Actor, VolunteerServiceDeps } from './context.js';
import { resolveDistrict } from './district.js';
import { type VolunteerRow, volunteerByToken } from './volunteer-service.js';

/** The header that carries a volunteer's self-service token (`Authorization` is for partner keys). */
export const VOLUNTEER_TOKEN_HEADER = 'X-Volunteer-Token';

export interface VolunteerRouteDeps {
  config: Config;
  database: Database;
  pii: PiiCipher;
  now: () => Date;
  /** The volunteer each request authenticated as (set by `volunteerAuth`, read by handlers). */
  volunteerOf: WeakMap<Request, VolunteerRow>;
}

export const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 422 | 429)[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: 'Error', content: { 'application/json': { schema: ErrorEnvelope } } }]),
  );

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const idParam = (example: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(64)
      .meta({ param: { name: 'id', in: 'path' }, example }),
  });

export function serviceDeps(deps: VolunteerRouteDeps, c: Context<AppEnv>): VolunteerServiceDeps {
  return {
    db: deps.database.db,
    pii: deps.pii,
    now: deps.now,
    timeZone: deps.config.timeZone,
    district: (value, path) => resolveDistrict(loadTaxonomy(deps.config.taxonomyProfile), value, path),
    audit: (tx: Db, entry) => recordAudit(tx, c, entry),
  };
}

export function staffActor(c: Context<AppEnv>): Actor {
  const principal = c.get('principal');
  return { keyId: principal.keyId, organizationId: principal.organizationId, volunteerId: null };
}

/** The volunteer behind `X-Volunteer-Token`; 401 with a how-to when it is missing or unknown. */
async function volunteerFromHeader(deps: VolunteerRouteDeps, c: Context<AppEnv>): Promise<VolunteerRow> {
  const token = c.req.header(VOLUNTEER_TOKEN_HEADER);
  if (!token) {
    throw new ApiError(
      401,
      'unauthorized',
      `This operation needs your volunteer token in the ${VOLUNTEER_TOKEN_HEADER} header (shown once at registration).`,
    );
  }
  return volunteerByToken(deps.database.db, token);
}

/**
 * Authenticates a self-service route before its input is validated: the volunteer's token, or — when `orScope` is
 * given and no token is sent — a secret key holding that scope. Spread into the route with `access.token(…)`.
 */
export function volunteerAuth(deps: VolunteerRouteDeps, options: { orScope?: Scope } = {}): MiddlewareHandler<AppEnv> {
  return async function volunteerAuth(c, next) {
    if (c.req.header(VOLUNTEER_TOKEN_HEADER) || !options.orScope) {
      deps.volunteerOf.set(c.req.raw, await volunteerFromHeader(deps, c));
      return next();
    }
    const principal = c.get('principal');
    if (principal.kind === 'anonymous') {
      throw new ApiError(
        401,
        'unauthorized',
        `Send your volunteer token in ${VOLUNTEER_TOKEN_HEADER}, or a staff key with the \`${options.orScope}\` scope.`,
      );
    }
    if (!hasScope(principal, options.orScope)) {
      throw new ApiError(
        403,
        'forbidden',
        `This key lacks the \`${options.orScope}\` scope needed for this operation.`,
      );
    }
    return next();
  };
}

/** The volunteer `volunteerAuth` authenticated, or null when a staff key was used. */
export function authenticatedVolunteer(deps: VolunteerRouteDeps, c: Context<AppEnv>): VolunteerRow | null {
  return deps.volunteerOf.get(c.req.raw) ?? null;
}

/** The volunteer of a token-only route (its `volunteerAuth` guarantees one). */
export function requireVolunteer(deps: VolunteerRouteDeps, c: Context<AppEnv>): VolunteerRow {
  const volunteer = authenticatedVolunteer(deps, c);
  if (!volunteer) throw new ApiError(401, 'unauthorized', `Send your volunteer token in ${VOLUNTEER_TOKEN_HEADER}.`);
  return volunteer;
}

/** Who acts on a staff-or-volunteer route. */
export function actorOf(deps: VolunteerRouteDeps, c: Context<AppEnv>): Actor {
  const volunteer = authenticatedVolunteer(deps, c);
  return volunteer ? volunteerActor(volunteer) : staffActor(c);
}

export function volunteerActor(volunteer: VolunteerRow): Actor {
  return { keyId: null, organizationId: null, volunteerId: volunteer.id };
}

/** A `district` query filter in any spelling of the taxonomy (`nanshan`, `南山`), as stored (`南山区`). */
export function withDistrict<Q extends { district?: string | undefined }>(deps: VolunteerRouteDeps, query: Q): Q {
  if (!query.district) return query;
  return {
    ...query,
    district: resolveDistrict(loadTaxonomy(deps.config.taxonomyProfile), query.district, 'query.district'),
  };
}
