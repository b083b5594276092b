import type { ScienceRoute, ScienceRouteInput } from '@kepu/sdk/schema';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/create-database.js';
import { registryResources, registryRouteStops, registryRoutes } from '../../db/schema/registry.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { syncRouteKnowledge } from '../assistant/sources.js';
import type { Actor, RegistryDeps } from './service.js';
import type { Taxonomy, TaxonomyList } from './taxonomy/profile.js';

type RouteRow = typeof registryRoutes.$inferSelect;

function resolveTerms(
  taxonomy: Taxonomy,
  list: TaxonomyList,
  values: readonly string[],
  path: string,
  what: string,
): string[] {
  const unknown = values.filter((v) => !taxonomy.find(list, v));
  if (unknown.length) {
    throw badRequest(`Unknown ${what} ${unknown.join(', ')}. Allowed: ${taxonomy.allowed(list)}.`, [
      { path, message: `unknown ${what}: ${unknown.join(', ')}` },
    ]);
  }
  return [...new Set(values.map((v) => taxonomy.find(list, v)?.code ?? v))];
}

/** Inserts a route (科普旅游路线) whose stops are published entries, in the given order. Used by the API and the seeder. */
export async function insertScienceRoute(
  tx: Tx,
  taxonomy: Taxonomy,
  input: ScienceRouteInput,
  options: { demo?: boolean } = {},
): Promise<string> {
  const ids = input.stops.map((s) => s.resourceId);
  if (new Set(ids).size !== ids.length)
    throw badRequest('A route visits each entry once.', [{ path: 'body.stops', message: 'repeated resourceId' }]);
  const found = await tx
    .select({ id: registryResources.id })
    .from(registryResources)
    .where(and(inArray(registryResources.id, ids), eq(registryResources.status, 'published')));
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) {
    throw badRequest(`Stops must be published entries; not found or not published: ${missing.join(', ')}.`, [
      { path: 'body.stops', message: `not published: ${missing.join(', ')}` },
    ]);
  }
  if (input.externalId) {
    const [taken] = await tx
      .select({ id: registryRoutes.id })
      .from(registryRoutes)
      .where(eq(registryRoutes.externalId, input.externalId));
    if (taken) throw conflict(`externalId ${input.externalId} is already used by route ${taken.id}.`);
  }
  const id = newId('rte');
  await tx.insert(registryRoutes).values({
    id,
    externalId: input.externalId ?? null,
    name: input.name,
    theme: input.theme,
    description: input.description,
    durationText: input.durationText,
    durationMinutes: input.durationMinutes ?? null,
    audienceGroups: resolveTerms(
      taxonomy,
      'audiences',
      input.audience?.groups ?? [],
      'body.audience.groups',
      'audience group',
    ),
    ageMin: input.audience?.ageMin ?? null,
    ageMax: input.audience?.ageMax ?? null,
    topics: resolveTerms(taxonomy, 'topics', input.topics, 'body.topics', 'topic'),
    demo: options.demo ?? false,
  });
  await tx.insert(registryRouteStops).values(
    input.stops.map((s, i) => ({
      routeId: id,
      position: i + 1,
      resourceId: s.resourceId,
      note: s.note ?? null,
      stayMinutes: s.stayMinutes ?? null,
    })),
  );
  // A new route is published at once: the assistant can cite it from this transaction's commit on.
  await syncRouteKnowledge(tx, id, taxonomy);
  return id;
}

/** Creates a route (staff) and audits it. */
export async function createScienceRoute(
  deps: RegistryDeps,
  actor: Actor,
  input: ScienceRouteInput,
): Promise<ScienceRoute> {
  const id = await deps.db.transaction(async (tx) => {
    const routeId = await insertScienceRoute(tx, deps.taxonomy, input);
    await actor.audit(tx, { action: 'route.create', targetType: 'route', targetId: routeId });
    return routeId;
  });
  return getScienceRoute(deps, id);
}

async function toRoutes(deps: RegistryDeps, rows: RouteRow[]): Promise<ScienceRoute[]> {
  if (rows.length === 0) return [];
  // Stops show only published entries: an archived place silently leaves the route.
  const stops = await deps.db
    .select({ stop: registryRouteStops, name: registryResources.name, district: registryResources.district })
    .from(registryRouteStops)
    .innerJoin(registryResources, eq(registryResources.id, registryRouteStops.resourceId))
    .where(
      and(
        inArray(
          registryRouteStops.routeId,
          rows.map((r) => r.id),
        ),
        eq(registryResources.status, 'published'),
      ),
    )
    .orderBy(asc(registryRouteStops.position));
  const { taxonomy } = deps;
  return rows.map((r) => ({
    id: r.id,
    externalId: r.externalId,
    name: r.name,
    theme: r.theme,
    description: r.description,
    durationText: r.durationText,
    durationMinutes: r.durationMinutes,
    audience: {
      groups: r.audienceGroups.map((code) => ({ code, name: taxonomy.nameOf('audiences', code) })),
      ageMin: r.ageMin,
      ageMax: r.ageMax,
    },
    topics: r.topics.map((code) => ({ code, name: taxonomy.nameOf('topics', code) })),
    stops: stops
      .filter((s) => s.stop.routeId === r.id)
      .map((s, i) => ({
        position: i + 1,
        resourceId: s.stop.resourceId,
        name: s.name,
        district: s.district ? taxonomy.nameOf('districts', s.district) : null,
        note: s.stop.note,
        stayMinutes: s.stop.stayMinutes,
      })),
    demo: r.demo,
  }));
}

export async function getScienceRoute(deps: RegistryDeps, id: string): Promise<ScienceRoute> {
  const [row] = await deps.db
    .select()
    .from(registryRoutes)
    .where(and(eq(registryRoutes.id, id), eq(registryRoutes.status, 'published')));
  if (!row) throw notFound(`Route ${id}`);
  const [route] = await toRoutes(deps, [row]);
  if (!route) throw notFound(`Route ${id}`);
  return route;
}

/** Published routes in creation order, optionally for a topic. */
export async function listScienceRoutes(
  deps: RegistryDeps,
  query: { topic?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ data: ScienceRoute[]; nextCursor: string | null }> {
  const topic = query.topic
    ? resolveTerms(deps.taxonomy, 'topics', [query.topic], 'query.topic', 'topic')[0]
    : undefined;
  const after = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
  const rows = await deps.db
    .select()
    .from(registryRoutes)
    .where(
      and(
        eq(registryRoutes.status, 'published'),
        after ? gt(registryRoutes.id, after) : undefined,
        topic ? sql`${topic} = any(${registryRoutes.topics})` : undefined,
      ),
    )
    .orderBy(asc(registryRoutes.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: await toRoutes(deps, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}
