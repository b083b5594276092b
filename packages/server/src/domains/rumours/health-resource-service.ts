import type { KnowledgeDocument } from '@kepu/assistant';
import type {
  CreateHealthResource,
  HealthResource,
  HealthResourceListQuery,
  HealthReviewQueueQuery,
  HealthReviewSweepResult,
  ReviewHealthResource,
  UpdateHealthResource,
} from '@kepu/sdk/schema';
import { and, arrayContains, asc, desc, eq, gt, inArray, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import { type AuditEntry, appendAudit } from '../../access/audit.js';
import type { Db, Tx } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import { experts, healthResources } from '../../db/schema/rumours.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { upsertKnowledge, withdrawKnowledge } from '../assistant/knowledge.js';
import { reviewersOf } from './entry-service.js';

type Row = typeof healthResources.$inferSelect;
type ExpertRow = typeof experts.$inferSelect;

/** Health content is reviewed again after this long unless the reviewer sets another date. */
export const DEFAULT_REVIEW_MONTHS = 12;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toHealthResource(row: Row, reviewer: ExpertRow | undefined, now: Date): HealthResource {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    body: row.body,
    url: row.url,
    author: row.author,
    reviewer: reviewer
      ? { id: reviewer.id, name: reviewer.name, title: reviewer.title, institution: reviewer.institution }
      : null,
    audience: row.audience,
    topics: row.topics,
    sources: row.sources,
    status: row.status,
    publishedAt: iso(row.publishedAt),
    reviewedAt: iso(row.reviewedAt),
    reviewDueAt: iso(row.reviewDueAt),
    overdue: row.status === 'published' && row.reviewDueAt !== null && row.reviewDueAt <= now,
    overdueSince: iso(row.overdueSince),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function reviewerMap(db: Db | Tx, rows: Row[]): Promise<Map<string, ExpertRow>> {
  const ids = [...new Set(rows.flatMap((r) => (r.reviewerId ? [r.reviewerId] : [])))];
  if (ids.length === 0) return new Map();
  return new Map((await db.select().from(experts).where(inArray(experts.id, ids))).map((e) => [e.id, e]));
}

export async function presentHealthResource(db: Db | Tx, row: Row, now: Date): Promise<HealthResource> {
  return toHealthResource(row, (await reviewerMap(db, [row])).get(row.reviewerId ?? ''), now);
}

export async function createHealthResource(tx: Tx, input: CreateHealthResource, now: Date): Promise<Row> {
  const [row] = await tx
    .insert(healthResources)
    .values({
      id: newId('hr'),
      kind: input.kind,
      title: input.title,
      summary: input.summary ?? null,
      body: input.body ?? null,
      url: input.url ?? null,
      author: input.author ?? null,
      audience: input.audience,
      topics: input.topics,
      sources: input.sources,
      status: 'draft',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row as Row;
}

/** The resource as the assistant's index holds it; `reviewDueAt` keeps it from being cited once overdue. */
export function healthResourceKnowledge(row: Row): KnowledgeDocument {
  return {
    sourceType: 'health_resource',
    sourceId: row.id,
    title: row.title,
    text: [row.summary ?? '', row.body ?? ''].filter(Boolean).join('\n') || row.title,
    url: row.url ?? `/v1/health-resources/${row.id}`,
    topics: row.topics,
    publishedAt: row.publishedAt,
    reviewDueAt: row.reviewDueAt,
    facts: { kind: row.kind, audience: row.audience, sources: row.sources },
  };
}

/**
 * An expert reviews a resource (first publication or periodic re-review): it is published, its review dates are
 * stamped, the overdue flag is cleared, and it (re-)enters the assistant's index in the same transaction.
 */
export async function reviewHealthResource(tx: Tx, id: string, input: ReviewHealthResource, now: Date): Promise<Row> {
  return applyReview(tx, await resourceForUpdate(tx, id), input, now);
}

async function resourceForUpdate(tx: Tx, id: string): Promise<Row> {
  const [row] = await tx.select().from(healthResources).where(eq(healthResources.id, id)).for('update');
  if (!row) throw notFound(`Health resource ${id}`);
  if (row.status === 'withdrawn') throw conflict(`Health resource ${id} was withdrawn; create a new one instead.`);
  return row;
}

async function applyReview(tx: Tx, row: Row, input: ReviewHealthResource, now: Date): Promise<Row> {
  await reviewersOf(tx, [input.reviewerId], 'body.reviewerId');
  const due = input.reviewDueAt ? new Date(input.reviewDueAt) : addMonths(now, DEFAULT_REVIEW_MONTHS);
  if (due <= now) {
    throw badRequest('reviewDueAt must be in the future.', [
      { path: 'body.reviewDueAt', message: 'must be later than now, e.g. a year from today' },
    ]);
  }
  const [updated] = await tx
    .update(healthResources)
    .set({
      status: 'published',
      reviewerId: input.reviewerId,
      reviewedAt: now,
      reviewDueAt: due,
      overdueSince: null,
      publishedAt: row.publishedAt ?? now,
      updatedAt: now,
    })
    .where(eq(healthResources.id, row.id))
    .returning();
  const published = updated as Row;
  await upsertKnowledge(tx, healthResourceKnowledge(published));
  return published;
}

/**
 * Edits a resource. A draft's content changes freely; a published resource's content only together with a review
 * (`reviewerId`), so what citizens and the assistant see is always reviewed text. `reviewerId` (re-)reviews: the
 * resource is published until the new review date and its index document follows in the same transaction.
 * The caller checks that a review comes from a key holding `rumours:review`.
 */
export async function updateHealthResource(
  tx: Tx,
  id: string,
  patch: UpdateHealthResource,
  now: Date,
): Promise<{ row: Row; reviewed: boolean }> {
  const current = await resourceForUpdate(tx, id);
  const { reviewerId, reviewDueAt, ...content } = patch;
  const fields = Object.keys(content);
  if (current.status === 'published' && fields.length > 0 && reviewerId === undefined) {
    throw conflict(
      `Health resource ${id} is published, so its content changes only with a review: send reviewerId (the expert ` +
        'who reviewed the new text, with a key holding rumours:review) in the same request, or withdraw it.',
      [{ path: 'body.reviewerId', message: 'required to change a published resource' }],
    );
  }
  const body = content.body !== undefined ? content.body : current.body;
  const url = content.url !== undefined ? content.url : current.url;
  if (!body && !url) {
    throw badRequest('A health resource needs its content (body) or a link to it (url).', [
      { path: 'body.body', message: 'keep the body or a url' },
    ]);
  }
  let row = current;
  if (fields.length > 0) {
    const [updated] = await tx
      .update(healthResources)
      .set({ ...content, updatedAt: now })
      .where(eq(healthResources.id, id))
      .returning();
    row = updated as Row;
  }
  if (reviewerId === undefined) return { row, reviewed: false };
  return {
    row: await applyReview(tx, row, reviewDueAt ? { reviewerId, reviewDueAt } : { reviewerId }, now),
    reviewed: true,
  };
}

export async function withdrawHealthResource(tx: Tx, id: string, now: Date): Promise<Row> {
  const [row] = await tx
    .update(healthResources)
    .set({ status: 'withdrawn', updatedAt: now })
    .where(eq(healthResources.id, id))
    .returning();
  if (!row) throw notFound(`Health resource ${id}`);
  await withdrawKnowledge(tx, 'health_resource', id);
  return row;
}

export async function getHealthResource(db: Db, id: string, canSeeUnpublished: boolean): Promise<Row> {
  const [row] = await db.select().from(healthResources).where(eq(healthResources.id, id));
  if (!row || (!canSeeUnpublished && row.status !== 'published')) throw notFound(`Health resource ${id}`);
  return row;
}

/** Published resources, newest first; `overdue` filters on the review date. */
export async function listHealthResources(db: Db, query: HealthResourceListQuery, now: Date) {
  const where: SQL[] = [eq(healthResources.status, 'published')];
  if (query.kind) where.push(eq(healthResources.kind, query.kind));
  if (query.topic) where.push(arrayContains(healthResources.topics, [query.topic]));
  if (query.overdue === true) where.push(lte(healthResources.reviewDueAt, now));
  if (query.overdue === false) where.push(gt(healthResources.reviewDueAt, now));
  if (query.cursor) where.push(lt(healthResources.id, String(decodeCursor(query.cursor, 1)[0])));
  const rows = await db
    .select()
    .from(healthResources)
    .where(and(...where))
    .orderBy(desc(healthResources.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const reviewers = await reviewerMap(db, page);
  const last = page.at(-1);
  return {
    data: page.map((r) => toHealthResource(r, reviewers.get(r.reviewerId ?? ''), now)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** Published resources still within their review date: an overdue one stays out of the index until re-reviewed. */
const citable = (now: Date) =>
  and(
    eq(healthResources.status, 'published'),
    isNull(healthResources.overdueSince),
    or(isNull(healthResources.reviewDueAt), gt(healthResources.reviewDueAt, now)),
  );

/** Every citable resource, for `reindex`. */
export async function healthResourceDocuments(db: Db, now = new Date()): Promise<KnowledgeDocument[]> {
  const rows = await db.select().from(healthResources).where(citable(now));
  return rows.map(healthResourceKnowledge);
}

/** Published resources past their review date (flagged or not yet). */
const overdueAt = (now: Date) => and(eq(healthResources.status, 'published'), lte(healthResources.reviewDueAt, now));

/** Attributes the sweep's audit entries when no request runs it (server timer, CLI). */
export const SWEEP_ACTOR = { keyId: null, organizationId: null, requestId: 'review-sweep' } as const;

/**
 * The review sweep: flags every published resource past its review date (`overdueSince`) and takes every overdue
 * resource out of the assistant's index, in one transaction. Idempotent, and safe when several processes run it at
 * once (a row is flagged by one of them only). It also withdraws overdue resources a rebuild of the index put back.
 * Each newly flagged resource is audited (`health_resource.overdue`) through `audit`.
 */
export async function sweepOverdueHealthResources(
  db: Db,
  now: Date,
  options: {
    /** Records the audit entries; by default attributed to `SWEEP_ACTOR`. */
    audit?: (tx: Tx, entry: AuditEntry) => Promise<void>;
    /** Also audit the run itself (`health_resource.sweep`): when staff ask for it, not for the timer's runs. */
    auditRun?: boolean;
  } = {},
): Promise<HealthReviewSweepResult> {
  const audit = options.audit ?? ((tx: Tx, entry: AuditEntry) => appendAudit(tx, entry, SWEEP_ACTOR));
  return db.transaction(async (tx) => {
    const flagged = await tx
      .update(healthResources)
      .set({ overdueSince: now })
      .where(and(overdueAt(now), isNull(healthResources.overdueSince)))
      .returning({ id: healthResources.id, title: healthResources.title, reviewDueAt: healthResources.reviewDueAt });
    const overdueIds = tx.select({ id: healthResources.id }).from(healthResources).where(overdueAt(now));
    const withdrawn = await tx
      .delete(knowledgeDocuments)
      .where(
        and(eq(knowledgeDocuments.sourceType, 'health_resource'), inArray(knowledgeDocuments.sourceId, overdueIds)),
      )
      .returning({ id: knowledgeDocuments.id });
    for (const item of flagged) {
      await audit(tx, {
        action: 'health_resource.overdue',
        targetType: 'health_resource',
        targetId: item.id,
        details: { reviewDueAt: item.reviewDueAt?.toISOString() },
      });
    }
    const result = {
      flagged: flagged.map((f) => ({ id: f.id, title: f.title, reviewDueAt: (f.reviewDueAt ?? now).toISOString() })),
      withdrawn: withdrawn.length,
      overdue: await tx.$count(healthResources, overdueAt(now)),
      ranAt: now.toISOString(),
    };
    if (options.auditRun) {
      await audit(tx, {
        action: 'health_resource.sweep',
        targetType: 'health_resource',
        details: { flagged: result.flagged.length, withdrawn: result.withdrawn, overdue: result.overdue },
      });
    }
    return result;
  });
}

/**
 * The experts' work queue: published resources past their review date, or due within `withinDays`, most overdue
 * first; keyset-paginated on (reviewDueAt, id).
 */
export async function listHealthReviewQueue(db: Db, query: HealthReviewQueueQuery, now: Date) {
  const horizon = new Date(now.getTime() + query.withinDays * 86_400_000);
  const where: SQL[] = [eq(healthResources.status, 'published'), lte(healthResources.reviewDueAt, horizon)];
  if (query.cursor) {
    const [due, lastId] = decodeCursor(query.cursor, 2);
    const at = new Date(String(due));
    // Only dates this API can have written (PostgreSQL refuses years outside its range with an error).
    if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1970 || at.getUTCFullYear() > 9999) {
      throw badRequest('The cursor is not valid; start again without it.', [
        { path: 'query.cursor', message: 'use nextCursor of the previous page as it is' },
      ]);
    }
    const after = or(
      gt(healthResources.reviewDueAt, at),
      and(eq(healthResources.reviewDueAt, at), gt(healthResources.id, String(lastId))),
    );
    if (after) where.push(after);
  }
  const rows = await db
    .select()
    .from(healthResources)
    .where(and(...where))
    .orderBy(asc(healthResources.reviewDueAt), asc(healthResources.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const reviewers = await reviewerMap(db, page);
  const last = page.at(-1);
  return {
    data: page.map((r) => toHealthResource(r, reviewers.get(r.reviewerId ?? ''), now)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.reviewDueAt?.toISOString() ?? '', last.id]) : null,
  };
}

function addMonths(date: Date, months: number): Date {
  const next = new Date(date);
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}
