import type { Designation, ResourceInput, ResourcePatch, ResourceStatus, ReviewRequest } from '@kepu/sdk/schema';
import { ResourceInput as ResourceInputSchema } from '@kepu/sdk/schema';
import { and, asc, eq, inArray, ne, or, type SQL } from 'drizzle-orm';
import type { AuditEntry } from '../../access/audit.js';
import type { Db, Tx } from '../../db/create-database.js';
import { registryResources, registryRevisions, registryTransitions } from '../../db/schema/registry.js';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { designationsOf, localToday } from './designations.js';
import { onResourcePublished, onResourceWithdrawn } from './knowledge-sync.js';
import { KIND_NAMES, type ResourceRow, toInput, toResource } from './mapping.js';
import { organizationsOf, withOrganization } from './organizations.js';
import { type InputIssue, type ResourceContent, resolveResourceInput } from './resolve-input.js';
import { searchVectorOf } from './search.js';
import type { SemanticRanking } from './semantic-search.js';
import type { Taxonomy, TaxonomyList } from './taxonomy/profile.js';

/** What the registry needs from outside. */
export interface RegistryDeps {
  db: Db;
  taxonomy: Taxonomy;
  timeZone: string;
  /** The semantic index as a ranking signal of `q`, when a semantic embedder is configured (list-resources.ts). */
  semantic?: SemanticRanking | null;
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
        ...(await withOrganization(tx, content)),
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
        ...(await withOrganization(tx, content)),
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
          .set({
            ...(await withOrganization(tx, content)),
            updatedAt: now,
            searchVector: searchVectorFor(content, deps.taxonomy),
          })
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

/** An entry as the API shows it, with its designations and deduplicated organisation. */
export async function resourceView(
  deps: RegistryDeps,
  row: ResourceRow,
  extra: { pendingRevisionId?: string | null } = {},
) {
  const today = localToday(deps.timeZone);
  const designations = (await designationsOf(deps.db, [row], deps.taxonomy, today)).get(row.id) ?? [];
  const organization = row.organizationId ? (await organizationsOf(deps.db, [row])).get(row.organizationId) : undefined;
  return toResource(row, deps.taxonomy, designations, { ...extra, organization });
}

/** One entry as its viewer may see it (404 for entries the viewer may not see, so their existence does not leak). */
export async function getResource(deps: RegistryDeps, id: string, viewer: Viewer) {
  const [row] = await deps.db.select().from(registryResources).where(eq(registryResources.id, id));
  if (!row || !canSee(row, viewer)) throw notFound(`Resource ${id}`);
  const privileged =
    row.status !== 'published' ||
    viewer.reviewer ||
    viewer.writer ||
    viewer.organizationId === row.submitterOrganizationId;
  return resourceView(deps, row, privileged ? { pendingRevisionId: await pendingRevisionOf(deps.db, id) } : {});
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

export type { Designation };
