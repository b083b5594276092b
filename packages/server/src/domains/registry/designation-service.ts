import type { AssessmentInput, Designation, DesignationInput } from '@kepu/sdk/schema';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { registryAssessments, registryDesignations, registryResources } from '../../db/schema/registry.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { designationsOf, localToday } from './designations.js';
import { validUntilOf } from './importer.js';
import type { Actor, RegistryDeps } from './service.js';

async function designationById(deps: RegistryDeps, id: string): Promise<Designation> {
  const [row] = await deps.db
    .select({ resourceId: registryDesignations.resourceId, name: registryResources.name })
    .from(registryDesignations)
    .innerJoin(registryResources, eq(registryResources.id, registryDesignations.resourceId))
    .where(eq(registryDesignations.id, id));
  if (!row) throw notFound(`Designation ${id}`);
  const all = await designationsOf(
    deps.db,
    [{ id: row.resourceId, name: row.name }],
    deps.taxonomy,
    localToday(deps.timeZone),
  );
  const found = all.get(row.resourceId)?.find((d) => d.id === id);
  if (!found) throw notFound(`Designation ${id}`);
  return found;
}

/** Records a recognition (认定) of an entry under a scheme of the profile; validity defaults from the scheme. */
export async function grantDesignation(deps: RegistryDeps, actor: Actor, resourceId: string, input: DesignationInput) {
  const scheme = deps.taxonomy.find('designationSchemes', input.scheme);
  if (!scheme) {
    throw badRequest(
      `Unknown designation scheme "${input.scheme}". Allowed: ${deps.taxonomy.allowed('designationSchemes')}.`,
      [{ path: 'body.scheme', message: `unknown scheme: ${input.scheme}` }],
    );
  }
  const id = await deps.db.transaction(async (tx) => {
    const [resource] = await tx
      .select({ id: registryResources.id })
      .from(registryResources)
      .where(eq(registryResources.id, resourceId));
    if (!resource) throw notFound(`Resource ${resourceId}`);
    const inserted = await tx
      .insert(registryDesignations)
      .values({
        id: newId('des'),
        resourceId,
        scheme: scheme.code,
        grantedOn: input.grantedOn,
        validUntil: input.validUntil ?? validUntilOf(deps.taxonomy, scheme.code, input.grantedOn),
        certificateNo: input.certificateNo ?? null,
        source: input.source ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: registryDesignations.id });
    const designationId = inserted[0]?.id;
    if (!designationId) throw conflict(`${resourceId} already holds ${scheme.name} granted on ${input.grantedOn}.`);
    await actor.audit(tx, {
      action: 'designation.grant',
      targetType: 'designation',
      targetId: designationId,
      details: { resourceId, scheme: scheme.code },
    });
    return designationId;
  });
  return designationById(deps, id);
}

/** Suspends, revokes, reinstates or expires a designation, with a reason (audited). */
export async function updateDesignationStatus(
  deps: RegistryDeps,
  actor: Actor,
  id: string,
  update: { status: Designation['status']; reason: string; validUntil?: string | null | undefined },
) {
  await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ grantedOn: registryDesignations.grantedOn })
      .from(registryDesignations)
      .where(eq(registryDesignations.id, id));
    if (!current) throw notFound(`Designation ${id}`);
    if (update.validUntil && update.validUntil <= current.grantedOn) {
      throw badRequest(`validUntil must be after the grant (${current.grantedOn}).`, [
        { path: 'body.validUntil', message: `not after grantedOn ${current.grantedOn}` },
      ]);
    }
    const [row] = await tx
      .update(registryDesignations)
      .set({ status: update.status, ...(update.validUntil !== undefined ? { validUntil: update.validUntil } : {}) })
      .where(eq(registryDesignations.id, id))
      .returning({ id: registryDesignations.id });
    if (!row) throw notFound(`Designation ${id}`);
    await actor.audit(tx, {
      action: `designation.${update.status}`,
      targetType: 'designation',
      targetId: id,
      reason: update.reason,
    });
  });
  return designationById(deps, id);
}

/** Records the annual assessment of a designation; one per year (409 for a second). */
export async function addAssessment(deps: RegistryDeps, actor: Actor, id: string, input: AssessmentInput) {
  await deps.db.transaction(async (tx) => {
    const [designation] = await tx
      .select({ id: registryDesignations.id })
      .from(registryDesignations)
      .where(eq(registryDesignations.id, id));
    if (!designation) throw notFound(`Designation ${id}`);
    const inserted = await tx
      .insert(registryAssessments)
      .values({
        id: newId('ass'),
        designationId: id,
        year: input.year,
        result: input.result,
        notes: input.notes ?? null,
        assessedOn: input.assessedOn ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: registryAssessments.id });
    if (!inserted[0]) throw conflict(`Designation ${id} already has an assessment for ${input.year}.`);
    await actor.audit(tx, {
      action: 'designation.assess',
      targetType: 'designation',
      targetId: id,
      details: { year: input.year, result: input.result },
    });
  });
  return designationById(deps, id);
}

/** Designations of published entries, optionally by scheme, entry or effective status. */
export async function listDesignations(
  deps: RegistryDeps,
  query: {
    scheme?: string | undefined;
    resourceId?: string | undefined;
    effectiveStatus?: Designation['effectiveStatus'] | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<{ data: Designation[]; nextCursor: string | null }> {
  const scheme = query.scheme ? deps.taxonomy.find('designationSchemes', query.scheme) : undefined;
  if (query.scheme && !scheme) {
    throw badRequest(
      `Unknown designation scheme "${query.scheme}". Allowed: ${deps.taxonomy.allowed('designationSchemes')}.`,
      [{ path: 'query.scheme', message: `unknown scheme: ${query.scheme}` }],
    );
  }
  const after = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
  const rows = await deps.db
    .select({ id: registryDesignations.id, resourceId: registryDesignations.resourceId, name: registryResources.name })
    .from(registryDesignations)
    .innerJoin(registryResources, eq(registryResources.id, registryDesignations.resourceId))
    .where(
      and(
        eq(registryResources.status, 'published'),
        scheme ? eq(registryDesignations.scheme, scheme.code) : undefined,
        query.resourceId ? eq(registryDesignations.resourceId, query.resourceId) : undefined,
        after ? gt(registryDesignations.id, after) : undefined,
        sql`true`,
      ),
    )
    .orderBy(asc(registryDesignations.id));
  const byResource = await designationsOf(
    deps.db,
    [...new Map(rows.map((r) => [r.resourceId, { id: r.resourceId, name: r.name }])).values()],
    deps.taxonomy,
    localToday(deps.timeZone),
  );
  const all = rows
    .map((r) => byResource.get(r.resourceId)?.find((d) => d.id === r.id))
    .filter((d): d is Designation => d !== undefined)
    .filter((d) => !query.effectiveStatus || d.effectiveStatus === query.effectiveStatus);
  const page = all.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page, nextCursor: all.length > query.limit && last ? encodeCursor([last.id]) : null };
}
