import type { KnowledgeDocument } from '@kepu/assistant';
import type {
  CreateHealthResource,
  HealthResource,
  HealthResourceListQuery,
  ReviewHealthResource,
} from '@kepu/sdk/schema';
import { and, arrayContains, desc, eq, gt, inArray, lt, lte, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
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
 * stamped, and it (re-)enters the assistant's index in the same transaction.
 */
export async function reviewHealthResource(tx: Tx, id: string, input: ReviewHealthResource, now: Date): Promise<Row> {
  const [row] = await tx.select().from(healthResources).where(eq(healthResources.id, id)).for('update');
  if (!row) throw notFound(`Health resource ${id}`);
  if (row.status === 'withdrawn') throw conflict(`Health resource ${id} was withdrawn; create a new one instead.`);
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
      publishedAt: row.publishedAt ?? now,
      updatedAt: now,
    })
    .where(eq(healthResources.id, id))
    .returning();
  const published = updated as Row;
  await upsertKnowledge(tx, healthResourceKnowledge(published));
  return published;
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

/** Every published resource for `reindex` (overdue ones too: the index itself never cites them past the date). */
export async function healthResourceDocuments(db: Db): Promise<KnowledgeDocument[]> {
  const rows = await db.select().from(healthResources).where(eq(healthResources.status, 'published'));
  return rows.map(healthResourceKnowledge);
}

function addMonths(date: Date, months: number): Date {
  const next = new Date(date);
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}
