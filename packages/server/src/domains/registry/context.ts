import type { Context } from 'hono';
import { recordAudit } from '../../access/audit.js';
import { hasScope } from '../../access/principal.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/create-database.js';
import type { AppEnv } from '../../http/app-env.js';
import type { Actor, RegistryDeps } from './service.js';
import { loadTaxonomy } from './taxonomy/profile.js';

/** The registry's dependencies from the app's config and database. */
export function registryDeps(config: Config, db: Db): RegistryDeps {
  return { db, taxonomy: loadTaxonomy(config.taxonomyProfile), timeZone: config.timeZone };
}

/** The caller as an actor whose transitions are audited against this request. */
export function actorOf(c: Context<AppEnv>): Actor {
  const principal = c.get('principal');
  return {
    keyId: principal.keyId,
    organizationId: principal.organizationId,
    reviewer: hasScope(principal, 'registry:review'),
    writer: hasScope(principal, 'registry:write'),
    audit: (tx, entry) => recordAudit(tx as unknown as Db, c, entry),
  };
}
