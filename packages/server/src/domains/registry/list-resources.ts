import { createHash } from 'node:crypto';
import type { ResourceListQuery, ResourcePage } from '@kepu/sdk/schema';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { registryResources } from '../../db/schema/registry.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { ApiError, badRequest } from '../../http/errors.js';
import { activeDesignationSql, designationsOf, localToday } from './designations.js';
import { KIND_NAMES, toResource } from './mapping.js';
import { localMoment, openAtCondition } from './opening-hours.js';
import { organizationsOf } from './organizations.js';
import { textSearch } from './search.js';
import { embedQuery, SEMANTIC_WEIGHT, semanticScoreSql, semanticScores } from './semantic-search.js';
import type { RegistryDeps, Viewer } from './service.js';
import type { Taxonomy, TaxonomyList } from './taxonomy/profile.js';

/** Splits "a,b" and resolves each to a code of `list`; unknown values are a 400 listing the allowed ones. */
function codesOf(
  taxonomy: Taxonomy,
  list: TaxonomyList,
  raw: string | undefined,
  param: string,
  what: string,
): string[] | undefined {
  if (!raw) return undefined;
  const values = raw
    .split(/[,，、]/)
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length === 0) return undefined; // only separators or spaces: no filter (an empty `in ()` is invalid SQL)
  const unknown = values.filter((v) => !taxonomy.find(list, v));
  if (unknown.length) {
    throw badRequest(
      `Unknown ${what} ${unknown.map((u) => `"${u}"`).join(', ')}. Allowed: ${taxonomy.allowed(list)}.`,
      [{ path: `query.${param}`, message: `unknown ${what}: ${unknown.join(', ')}` }],
    );
  }
  return [...new Set(values.map((v) => taxonomy.find(list, v)?.code ?? v))];
}

const KINDS = Object.keys(KIND_NAMES);

const textArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

function distanceSql(lat: number, lng: number): SQL {
  return sql`(6371 * 2 * asin(sqrt(power(sin(radians(${registryResources.lat} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${registryResources.lat})) * power(sin(radians(${registryResources.lng} - ${lng}) / 2), 2))))`;
}

/** What selects and orders the entries (everything but the page position and size). */
function fingerprintOf(query: ResourceListQuery): string {
  const { cursor: _cursor, limit: _limit, facets: _facets, ...filters } = query;
  const canonical = Object.entries(filters)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 12);
}

/** Decimal places of the sort keys in cursors: the database compares the same rounded value on every page. */
const KEY_SCALE = 9;

/**
 * A cursor: the order it belongs to, the sort key of the last row (as text, exact), the last row's id, and a
 * fingerprint of the filters (a cursor reused with other filters would silently start in the wrong place).
 */
type CursorMode = 'k' | 'l' | 'h' | 'd';

/**
 * The position after which the page starts. A hybrid cursor while the search fell back to lexical ranking (the
 * configured embedder did not answer) is a 503 to retry; any other mismatch is the client's: 400.
 */
function readCursor(
  cursor: string,
  mode: CursorMode,
  filters: string,
  semanticConfigured: boolean,
): { key: string; id: string } {
  const [m, key, id, fingerprint] = decodeCursor(cursor, 4);
  if (
    fingerprint !== filters ||
    m !== mode ||
    typeof key !== 'string' ||
    typeof id !== 'string' ||
    (mode !== 'k' && !/^-?\d+(\.\d+)?$/.test(key))
  ) {
    if (m === 'h' && mode === 'l' && semanticConfigured) {
      throw new ApiError(
        503,
        'service_unavailable',
        'This page continues a search ranked with the semantic index, which does not answer right now. Retry shortly, or start the search again without the cursor.',
        undefined,
        { 'Retry-After': '5' },
      );
    }
    throw badRequest(
      'The cursor does not belong to this query. Use `nextCursor` from the previous page with the same filters.',
      [{ path: 'query.cursor', message: 'issued for another order or filter set' }],
    );
  }
  return { key, id };
}

/**
 * The public search: filters (kind, district, topic, designation, audience, age, open at a moment, near a point),
 * Chinese full-text `q` (jieba tokens, ranked; fused with the semantic index when configured), total and facet
 * counts over the filtered set. Every order pages by keyset on (sort key, id): each entry's sort key depends only
 * on the entry and the query, so an entry added or removed between two pages neither repeats nor hides another.
 */
export async function listResources(
  deps: RegistryDeps,
  query: ResourceListQuery,
  viewer: Viewer,
): Promise<ResourcePage> {
  const { taxonomy } = deps;
  const status = query.status ?? 'published';
  if (status !== 'published' && !(viewer.reviewer || viewer.writer)) {
    throw new ApiError(
      403,
      'forbidden',
      'Listing entries that are not published needs a key with `registry:review` or `registry:write`.',
    );
  }
  const kinds = query.kind
    ?.split(/[,，、]/)
    .map((k) => k.trim())
    .filter(Boolean);
  const badKinds = kinds?.filter((k) => !KINDS.includes(k)) ?? [];
  if (badKinds.length) {
    throw badRequest(`Unknown kind ${badKinds.map((k) => `"${k}"`).join(', ')}. Allowed: ${KINDS.join(', ')}.`, [
      { path: 'query.kind', message: `unknown kind: ${badKinds.join(', ')}` },
    ]);
  }
  const districts = codesOf(taxonomy, 'districts', query.district, 'district', 'district');
  const topics = codesOf(taxonomy, 'topics', query.topic, 'topic', 'topic');
  const audiences = codesOf(taxonomy, 'audiences', query.audience, 'audience', 'audience group');
  const schemes = codesOf(taxonomy, 'designationSchemes', query.designation, 'designation', 'designation scheme');
  const today = localToday(deps.timeZone);

  const conditions: (SQL | undefined)[] = [eq(registryResources.status, status)];
  if (kinds?.length) conditions.push(inArray(registryResources.kind, kinds));
  if (districts) conditions.push(inArray(registryResources.district, districts));
  if (query.organization) conditions.push(eq(registryResources.organizationId, query.organization));
  if (topics) conditions.push(sql`${registryResources.topics} && ${textArray(topics)}`);
  if (audiences) conditions.push(sql`${registryResources.audienceGroups} && ${textArray(audiences)}`);
  if (query.audienceAge !== undefined) {
    conditions.push(
      sql`coalesce(${registryResources.ageMin}, 0) <= ${query.audienceAge} and coalesce(${registryResources.ageMax}, 200) >= ${query.audienceAge}`,
    );
  }
  if (schemes) {
    conditions.push(
      sql`exists (select 1 from registry_designations d where d.resource_id = ${registryResources.id} and d.scheme in (${sql.join(
        schemes.map((s) => sql`${s}`),
        sql`, `,
      )}) and ${activeDesignationSql(today)})`,
    );
  }
  if (query.openAt)
    conditions.push(
      openAtCondition(registryResources.openingHours, localMoment(new Date(query.openAt), deps.timeZone)),
    );
  let distance: SQL | undefined;
  if (query.radiusKm !== undefined && !query.near) {
    throw badRequest('radiusKm needs near=lat,lng, e.g. near=22.54,114.06&radiusKm=5.', [
      { path: 'query.radiusKm', message: 'given without near' },
    ]);
  }
  if (query.near) {
    const [lat = 0, lng = 0] = query.near.split(',').map(Number);
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      throw badRequest('near must be "lat,lng" with lat in -90..90 and lng in -180..180, e.g. 22.54,114.06.', [
        { path: 'query.near', message: 'latitude or longitude out of range' },
      ]);
    }
    distance = sql`round(${distanceSql(lat, lng)}::numeric, ${sql.raw(String(KEY_SCALE))})`;
    conditions.push(sql`${registryResources.lat} is not null and ${distance} <= ${query.radiusKm ?? 10}`);
  }
  let rank: SQL | undefined;
  let ranking: ResourcePage['ranking'];
  if (query.q) {
    const search = textSearch(query.q);
    const vector = deps.semantic ? await embedQuery(deps.semantic, query.q) : null;
    if (deps.semantic && vector) {
      const semantic = semanticScoreSql(await semanticScores(deps.db, deps.semantic, vector));
      // An entry matches by a shared word or by meaning alone (similarity above the model's floor).
      conditions.push(sql`(${search.where} or ${semantic} > 0)`);
      rank = sql`round((${search.rank} + ${SEMANTIC_WEIGHT} * ${semantic})::numeric, ${sql.raw(String(KEY_SCALE))})`;
      ranking = 'hybrid';
    } else {
      conditions.push(search.where);
      rank = sql`round((${search.rank})::numeric, ${sql.raw(String(KEY_SCALE))})`;
      ranking = 'lexical';
    }
  }
  const where = and(...conditions);

  // The sort key of this order; distance wins over rank when both are given.
  const mode: CursorMode = distance ? 'd' : rank ? (ranking === 'hybrid' ? 'h' : 'l') : 'k';
  const sortKey = distance ?? rank;
  const filters = fingerprintOf(query);
  const pageConditions = [where];
  if (query.cursor) {
    const after = readCursor(query.cursor, mode, filters, Boolean(deps.semantic));
    if (distance)
      pageConditions.push(
        sql`(${distance} > ${after.key}::numeric or (${distance} = ${after.key}::numeric and ${registryResources.id} > ${after.id}))`,
      );
    else if (rank)
      pageConditions.push(
        sql`(${rank} < ${after.key}::numeric or (${rank} = ${after.key}::numeric and ${registryResources.id} > ${after.id}))`,
      );
    else pageConditions.push(sql`${registryResources.id} > ${after.id}`);
  }
  const order = distance
    ? [asc(distance), asc(registryResources.id)]
    : rank
      ? [desc(rank), asc(registryResources.id)]
      : [asc(registryResources.id)];
  const rows = await deps.db
    .select({
      row: registryResources,
      distance: distance ? sql<string>`${distance}::text` : sql<null>`null`,
      key: sortKey ? sql<string>`${sortKey}::text` : sql<string>`''`,
    })
    .from(registryResources)
    .where(and(...pageConditions))
    .orderBy(...order)
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor([mode, last.key, last.row.id, filters]) : null;
  const designations = await designationsOf(
    deps.db,
    page.map((r) => r.row),
    taxonomy,
    today,
  );
  const organizations = await organizationsOf(
    deps.db,
    page.map((r) => r.row),
  );
  const [{ total } = { total: 0 }] = await deps.db
    .select({ total: sql<number>`count(*)::int` })
    .from(registryResources)
    .where(where);
  const result: ResourcePage = {
    data: page.map((r) =>
      toResource(r.row, taxonomy, designations.get(r.row.id) ?? [], {
        ...(r.distance !== null ? { distanceKm: Number(r.distance) } : {}),
        organization: r.row.organizationId ? organizations.get(r.row.organizationId) : undefined,
      }),
    ),
    nextCursor,
    total,
    ...(ranking ? { ranking } : {}),
  };
  if (query.facets) result.facets = await facetsOf(deps, where, today);
  return result;
}

async function facetsOf(
  deps: RegistryDeps,
  where: SQL | undefined,
  today: string,
): Promise<NonNullable<ResourcePage['facets']>> {
  const { db, taxonomy } = deps;
  const count = sql<number>`count(*)::int`;
  const [kinds, districts, topics, designations] = await Promise.all([
    db
      .select({ code: registryResources.kind, count })
      .from(registryResources)
      .where(where)
      .groupBy(registryResources.kind),
    db
      .select({ code: sql<string>`${registryResources.district}`, count })
      .from(registryResources)
      .where(and(where, sql`${registryResources.district} is not null`))
      .groupBy(registryResources.district),
    db
      .select({ code: sql<string>`t.code`, count })
      .from(registryResources)
      .innerJoin(sql`unnest(${registryResources.topics}) as t(code)`, sql`true`)
      .where(where)
      .groupBy(sql`t.code`),
    db
      .select({ code: sql<string>`d.scheme`, count: sql<number>`count(distinct ${registryResources.id})::int` })
      .from(registryResources)
      .innerJoin(
        sql`registry_designations d`,
        sql`d.resource_id = ${registryResources.id} and ${activeDesignationSql(today)}`,
      )
      .where(where)
      .groupBy(sql`d.scheme`),
  ]);
  const sort = <T extends { count: number; code: string }>(list: T[]) =>
    list.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return {
    kind: sort(
      kinds.map((k) => ({
        code: k.code,
        name: KIND_NAMES[k.code as keyof typeof KIND_NAMES] ?? k.code,
        count: k.count,
      })),
    ),
    district: sort(
      districts.map((d) => ({ code: d.code, name: taxonomy.nameOf('districts', d.code), count: d.count })),
    ),
    topic: sort(topics.map((t) => ({ code: t.code, name: taxonomy.nameOf('topics', t.code), count: t.count }))),
    designation: sort(
      designations.map((d) => ({ code: d.code, name: taxonomy.nameOf('designationSchemes', d.code), count: d.count })),
    ),
  };
}
