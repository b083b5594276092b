import type {
  Designation,
  ResourceInput,
  ResourceListQuery,
  ResourcePage,
  ResourcePatch,
  ResourceStatus,
  ReviewRequest,
} from '@kepu/sdk/schema';
import { ResourceInput as ResourceInputSchema } from '@kepu/sdk/schema';
import { and, asc, desc, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { AuditEntry } from '../../access/audit.js';
import type { Db, Tx } from '../../db/create-database.js';
import { registryResources, registryRevisions, registryTransitions } from '../../db/schema/registry.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { activeDesignationSql, designationsOf, localToday } from './designations.js';
import { onResourcePublished, onResourceWithdrawn } from './knowledge-sync.js';
import { KIND_NAMES, type ResourceRow, toInput, toResource } from './mapping.js';
import { localMoment, openAtCondition } from './opening-hours.js';
import { type InputIssue, type ResourceContent, resolveResourceInput } from './resolve-input.js';
import { searchVectorOf, textSearch } from './search.js';
import type { Taxonomy, TaxonomyList } from './taxonomy/profile.js';

/** What the registry needs from outside. */
export interface RegistryDeps {
  db: Db;
  taxonomy: Taxonomy;
  timeZone: string;
}

/** Who acts, and how their actions are audited (the route passes `recordAudit` bound to the request). */
export interface Actor {
  keyId: string | null;
  organizationId: string | null;
  /** Holds `registry:review` (or admin). */
  reviewer: boolean;
  /** Holds `registry:write` (or admin). */
  writer: boolean;
  audit(tx: Tx, entry: AuditEntry): Promise<void>;
}

/** Readers: anyone; staff and the submitting organisation also see entries that are not published. */
export type Viewer = Pick<Actor, 'organizationId' | 'reviewer' | 'writer'>;

type TransitionAction = 'submit' | 'revise' | 'approve' | 'reject' | 'request_changes' | 'archive' | 'import';

function invalid(issues: InputIssue[], prefix = 'body'): ApiError {
  const details = issues.map((i) => ({ path: [prefix, ...i.path].join('.'), message: i.message }));
  return badRequest(
    `Invalid request. ${details
      .slice(0, 3)
      .map((d) => `${d.path}: ${d.message}`)
      .join('; ')}`,
    details,
  );
}

/** The searchable text of an entry, with taxonomy names and aliases so that 南山, 航天 or 少儿 find it. */
export function searchVectorFor(content: ResourceContent, taxonomy: Taxonomy): SQL {
  const spellings = (list: TaxonomyList, code: string) => {
    const term = taxonomy.profile[list].find((t) => t.code === code);
    return term ? [term.name, ...term.aliases.filter((a) => !/^[A-Za-z' ]+$/.test(a))] : [code];
  };
  return searchVectorOf({
    name: content.name,
    about: [
      ...(content.topics ?? []).flatMap((t) => spellings('topics', t)),
      ...(content.audienceGroups ?? []).flatMap((a) => spellings('audiences', a)),
      ...(content.district ? spellings('districts', content.district) : []),
      KIND_NAMES[content.kind as keyof typeof KIND_NAMES] ?? '',
    ],
    rest: [content.description, content.address ?? '', content.organization?.name ?? '', content.transitHint ?? ''],
  });
}

export async function recordTransition(
  tx: Tx,
  actor: Actor,
  t: {
    resourceId: string;
    revisionId?: string | null;
    action: TransitionAction;
    from: string | null;
    to: string;
    reason?: string | null;
  },
): Promise<void> {
  await tx.insert(registryTransitions).values({
    id: newId('rtr'),
    resourceId: t.resourceId,
    revisionId: t.revisionId ?? null,
    action: t.action,
    fromStatus: t.from,
    toStatus: t.to,
    actorKeyId: actor.keyId,
    actorOrganizationId: actor.organizationId,
    reason: t.reason ?? null,
  });
  await actor.audit(tx, {
    action: `resource.${t.action}`,
    targetType: 'resource',
    targetId: t.resourceId,
    reason: t.reason ?? null,
    details: { from: t.from, to: t.to, ...(t.revisionId ? { revisionId: t.revisionId } : {}) },
  });
}

export interface DuplicateHit {
  id: string;
  name: string;
  status: ResourceStatus;
  reason: 'name_district' | 'address';
}

/** Entries (not archived or rejected) with the same normalised name in the same district, or the same address. */
export async function findDuplicates(
  db: Db | Tx,
  content: ResourceContent,
  excludeId?: string,
): Promise<DuplicateHit[]> {
  const byName = content.district
    ? and(
        eq(registryResources.normalizedName, content.normalizedName),
        eq(registryResources.district, content.district),
      )
    : eq(registryResources.normalizedName, content.normalizedName);
  const byAddress = content.normalizedAddress
    ? eq(registryResources.normalizedAddress, content.normalizedAddress)
    : undefined;
  const rows = await db
    .select({
      id: registryResources.id,
      name: registryResources.name,
      status: registryResources.status,
      normalizedName: registryResources.normalizedName,
    })
    .from(registryResources)
    .where(
      and(
        byAddress ? or(byName, byAddress) : byName,
        inArray(registryResources.status, ['submitted', 'changes_requested', 'published']),
        excludeId ? ne(registryResources.id, excludeId) : undefined,
      ),
    )
    .limit(10);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status as ResourceStatus,
    reason: r.normalizedName === content.normalizedName ? 'name_district' : 'address',
  }));
}

function resolveOrThrow(input: ResourceInput, taxonomy: Taxonomy): ResourceContent {
  const resolved = resolveResourceInput(input, taxonomy);
  if (!resolved.ok) throw invalid(resolved.issues);
  return resolved.content;
}

/**
 * A submission from the public call or a partner: stored as `submitted`, duplicates flagged (not refused: the
 * reviewer decides). An `externalId` already in use is a 409.
 */
export async function submitResource(deps: RegistryDeps, actor: Actor, input: ResourceInput) {
  const content = resolveOrThrow(input, deps.taxonomy);
  return deps.db.transaction(async (tx) => {
    if (content.externalId) {
      const [taken] = await tx
        .select({ id: registryResources.id })
        .from(registryResources)
        .where(eq(registryResources.externalId, content.externalId));
      if (taken)
        throw conflict(`externalId ${content.externalId} is already used by ${taken.id}. PATCH that entry instead.`);
    }
    const duplicates = await findDuplicates(tx, content);
    const [row] = await tx
      .insert(registryResources)
      .values({
        id: newId('res'),
        ...content,
        status: 'submitted',
        submitterOrganizationId: actor.organizationId,
        source: 'submission',
        searchVector: searchVectorFor(content, deps.taxonomy),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await recordTransition(tx, actor, {
      resourceId: row.id,
      action: 'submit',
      from: null,
      to: 'submitted',
      reason: duplicates.length ? `possible duplicate of ${duplicates.map((d) => d.id).join(', ')}` : null,
    });
    return { row, duplicates };
  });
}

async function loadForUpdate(tx: Tx, id: string): Promise<ResourceRow> {
  const [row] = await tx.select().from(registryResources).where(eq(registryResources.id, id)).for('update');
  if (!row) throw notFound(`Resource ${id}`);
  return row;
}

function canSee(row: Pick<ResourceRow, 'status' | 'submitterOrganizationId'>, viewer: Viewer): boolean {
  return (
    row.status === 'published' ||
    viewer.reviewer ||
    viewer.writer ||
    (viewer.organizationId !== null && viewer.organizationId === row.submitterOrganizationId)
  );
}

function mergePatch(base: ResourceInput, patch: ResourcePatch): ResourceInput {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'note' || value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const parsed = ResourceInputSchema.safeParse(merged);
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
      })),
    );
  }
  return parsed.data;
}

/**
 * A change by the submitter or staff. A published entry stays as it is: the change becomes a revision to review
 * (one open revision per entry; a newer change replaces it). An entry still in review is changed in place and goes
 * back to `submitted`. Rejected and archived entries cannot change (409).
 */
export async function reviseResource(deps: RegistryDeps, actor: Actor, id: string, patch: ResourcePatch) {
  return deps.db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, id);
    const own = actor.organizationId !== null && actor.organizationId === row.submitterOrganizationId;
    if (!own && !actor.writer) {
      if (row.status !== 'published') throw notFound(`Resource ${id}`);
      throw new ApiError(
        403,
        'forbidden',
        'Only the submitting organisation or staff with `registry:write` may change this entry.',
      );
    }
    if (row.status === 'rejected' || row.status === 'archived') {
      throw conflict(`Resource ${id} is ${row.status} and cannot be changed. Submit a new entry instead.`);
    }
    const [pending] = await tx
      .select()
      .from(registryRevisions)
      .where(
        and(
          eq(registryRevisions.resourceId, id),
          inArray(registryRevisions.status, ['submitted', 'changes_requested']),
        ),
      );
    const base = pending ? (pending.payload as unknown as ResourceInput) : toInput(row);
    const input = mergePatch(base, patch);
    const content = resolveOrThrow(input, deps.taxonomy);
    if (row.status === 'published') {
      const revisionId = pending?.id ?? newId('rev');
      const values = {
        status: 'submitted',
        payload: input as unknown as Record<string, unknown>,
        note: patch.note ?? null,
        submitterOrganizationId: actor.organizationId,
        reason: null,
        decidedAt: null,
      };
      if (pending) await tx.update(registryRevisions).set(values).where(eq(registryRevisions.id, pending.id));
      else await tx.insert(registryRevisions).values({ id: revisionId, resourceId: id, ...values });
      await recordTransition(tx, actor, {
        resourceId: id,
        revisionId,
        action: 'revise',
        from: 'published',
        to: 'published',
        reason: patch.note ?? null,
      });
      return { row, revision: { id: revisionId, status: 'submitted' as const } };
    }
    const [updated] = await tx
      .update(registryResources)
      .set({
        ...content,
        status: 'submitted',
        updatedAt: new Date(),
        searchVector: searchVectorFor(content, deps.taxonomy),
      })
      .where(eq(registryResources.id, id))
      .returning();
    if (!updated) throw notFound(`Resource ${id}`);
    await recordTransition(tx, actor, {
      resourceId: id,
      action: 'revise',
      from: row.status,
      to: 'submitted',
      reason: patch.note ?? null,
    });
    return { row: updated, revision: null };
  });
}

/**
 * A reviewer's decision on what is in review: the open revision of a published entry if there is one, else the
 * entry itself. `archive` takes a published entry out of public view and out of the assistant's index.
 * Reviewers cannot decide on their own organisation's submissions (403); nothing in review → 409.
 */
export async function reviewResource(deps: RegistryDeps, actor: Actor, id: string, request: ReviewRequest) {
  return deps.db.transaction(async (tx) => {
    const row = await loadForUpdate(tx, id);
    const reason = request.reason ?? null;
    if (request.action === 'archive') {
      if (row.status === 'archived') throw conflict(`Resource ${id} is already archived.`);
      const [archived] = await tx
        .update(registryResources)
        .set({ status: 'archived', updatedAt: new Date() })
        .where(eq(registryResources.id, id))
        .returning();
      await tx
        .update(registryRevisions)
        .set({ status: 'rejected', reason: 'entry archived', decidedAt: new Date() })
        .where(
          and(
            eq(registryRevisions.resourceId, id),
            inArray(registryRevisions.status, ['submitted', 'changes_requested']),
          ),
        );
      await onResourceWithdrawn(tx, id);
      await recordTransition(tx, actor, {
        resourceId: id,
        action: 'archive',
        from: row.status,
        to: 'archived',
        reason,
      });
      return archived ?? row;
    }
    const [revision] = await tx
      .select()
      .from(registryRevisions)
      .where(and(eq(registryRevisions.resourceId, id), eq(registryRevisions.status, 'submitted')));
    const inReview = revision ?? (row.status === 'submitted' ? row : undefined);
    if (!inReview) {
      throw conflict(
        `Resource ${id} is ${row.status} and has no revision in review; only submitted entries and revisions can be reviewed.`,
      );
    }
    const submitterOrg = inReview.submitterOrganizationId;
    if (actor.organizationId !== null && submitterOrg === actor.organizationId) {
      throw new ApiError(
        403,
        'forbidden',
        'Reviewers cannot decide on a submission of their own organisation; ask another reviewer.',
      );
    }
    const now = new Date();
    if (revision) {
      const toStatus = { approve: 'approved', reject: 'rejected', request_changes: 'changes_requested' }[
        request.action
      ];
      await tx
        .update(registryRevisions)
        .set({ status: toStatus, reason, decidedAt: now })
        .where(eq(registryRevisions.id, revision.id));
      let result = row;
      if (request.action === 'approve') {
        const content = resolveOrThrow(revision.payload as unknown as ResourceInput, deps.taxonomy);
        const [updated] = await tx
          .update(registryResources)
          .set({ ...content, updatedAt: now, searchVector: searchVectorFor(content, deps.taxonomy) })
          .where(eq(registryResources.id, id))
          .returning();
        if (updated) {
          await onResourcePublished(tx, updated, deps.taxonomy);
          result = updated;
        }
      }
      await recordTransition(tx, actor, {
        resourceId: id,
        revisionId: revision.id,
        action: request.action,
        from: 'submitted',
        to: toStatus,
        reason,
      });
      return result;
    }
    const toStatus = { approve: 'published', reject: 'rejected', request_changes: 'changes_requested' }[request.action];
    const [updated] = await tx
      .update(registryResources)
      .set({ status: toStatus, updatedAt: now, ...(request.action === 'approve' ? { publishedAt: now } : {}) })
      .where(eq(registryResources.id, id))
      .returning();
    if (!updated) throw notFound(`Resource ${id}`);
    if (request.action === 'approve') await onResourcePublished(tx, updated, deps.taxonomy);
    await recordTransition(tx, actor, {
      resourceId: id,
      action: request.action,
      from: row.status,
      to: toStatus,
      reason,
    });
    return updated;
  });
}

async function pendingRevisionOf(db: Db, id: string): Promise<string | null> {
  const [pending] = await db
    .select({ id: registryRevisions.id })
    .from(registryRevisions)
    .where(
      and(eq(registryRevisions.resourceId, id), inArray(registryRevisions.status, ['submitted', 'changes_requested'])),
    );
  return pending?.id ?? null;
}

/** One entry as its viewer may see it (404 for entries the viewer may not see, so their existence does not leak). */
export async function getResource(deps: RegistryDeps, id: string, viewer: Viewer) {
  const [row] = await deps.db.select().from(registryResources).where(eq(registryResources.id, id));
  if (!row || !canSee(row, viewer)) throw notFound(`Resource ${id}`);
  const today = localToday(deps.timeZone);
  const designations = (await designationsOf(deps.db, [row], deps.taxonomy, today)).get(row.id) ?? [];
  const privileged =
    row.status !== 'published' ||
    viewer.reviewer ||
    viewer.writer ||
    viewer.organizationId === row.submitterOrganizationId;
  return toResource(
    row,
    deps.taxonomy,
    designations,
    privileged ? { pendingRevisionId: await pendingRevisionOf(deps.db, id) } : {},
  );
}

/** The workflow history of an entry: staff and the submitting organisation only. */
export async function resourceHistory(deps: RegistryDeps, id: string, viewer: Viewer) {
  const [row] = await deps.db.select().from(registryResources).where(eq(registryResources.id, id));
  const own = row && viewer.organizationId !== null && viewer.organizationId === row.submitterOrganizationId;
  if (!row || !(viewer.reviewer || viewer.writer || own)) throw notFound(`Resource ${id}`);
  const rows = await deps.db
    .select()
    .from(registryTransitions)
    .where(eq(registryTransitions.resourceId, id))
    .orderBy(asc(registryTransitions.at), asc(registryTransitions.id));
  return rows.map((t) => ({
    id: t.id,
    resourceId: t.resourceId,
    revisionId: t.revisionId,
    action: t.action as TransitionAction,
    fromStatus: t.fromStatus,
    toStatus: t.toStatus,
    actorKeyId: t.actorKeyId,
    actorOrganizationId: t.actorOrganizationId,
    reason: t.reason,
    at: t.at.toISOString(),
  }));
}

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

function distanceSql(lat: number, lng: number): SQL {
  return sql`(6371 * 2 * asin(sqrt(power(sin(radians(${registryResources.lat} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${registryResources.lat})) * power(sin(radians(${registryResources.lng} - ${lng}) / 2), 2))))`;
}

/**
 * The public search: filters (kind, district, topic, designation, audience, age, open at a moment, near a point),
 * Chinese full-text `q` (jieba tokens, ranked), keyset pagination (offset-in-cursor for ranked and distance order),
 * total and facet counts over the filtered set.
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
    ?.split(',')
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
  if (topics)
    conditions.push(
      sql`${registryResources.topics} && ${sql`array[${sql.join(
        topics.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]`}`,
    );
  if (audiences)
    conditions.push(
      sql`${registryResources.audienceGroups} && ${sql`array[${sql.join(
        audiences.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]`}`,
    );
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
    distance = distanceSql(lat, lng);
    conditions.push(sql`${registryResources.lat} is not null and ${distance} <= ${query.radiusKm ?? 10}`);
  }
  let rank: SQL | undefined;
  if (query.q) {
    const search = textSearch(query.q);
    conditions.push(search.where);
    rank = search.rank;
  }
  const where = and(...conditions);

  const ranked = Boolean(rank || distance);
  let offset = 0;
  const pageConditions = [where];
  if (query.cursor) {
    const [mode, position] = decodeCursor(query.cursor, 2);
    if (ranked && mode === 'o' && typeof position === 'number' && position >= 0) offset = position;
    else if (!ranked && mode === 'k' && typeof position === 'string')
      pageConditions.push(sql`${registryResources.id} > ${position}`);
    else
      throw badRequest(
        'The cursor does not belong to this query. Use `nextCursor` from the previous page with the same filters.',
      );
  }
  const order = distance
    ? [asc(distance), asc(registryResources.id)]
    : rank
      ? [desc(rank), asc(registryResources.id)]
      : [asc(registryResources.id)];
  const rows = await deps.db
    .select({ row: registryResources, distance: distance ? sql<number>`${distance}` : sql<null>`null` })
    .from(registryResources)
    .where(and(...pageConditions))
    .orderBy(...order)
    .limit(query.limit + 1)
    .offset(offset);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor(ranked ? ['o', offset + query.limit] : ['k', last.row.id]) : null;
  const designations = await designationsOf(
    deps.db,
    page.map((r) => r.row),
    taxonomy,
    today,
  );
  const [{ total } = { total: 0 }] = await deps.db
    .select({ total: sql<number>`count(*)::int` })
    .from(registryResources)
    .where(where);
  const result: ResourcePage = {
    data: page.map((r) =>
      toResource(
        r.row,
        taxonomy,
        designations.get(r.row.id) ?? [],
        r.distance !== null ? { distanceKm: Number(r.distance) } : {},
      ),
    ),
    nextCursor,
    total,
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

export type { Designation };
