import type { KnowledgeDocument } from '@kepu/assistant';
import type {
  CreateRumourEntry,
  RumourListQuery,
  RumourReviewAction,
  RumourReviewer,
  RumourStatus,
  UpdateRumourEntry,
} from '@kepu/sdk/schema';
import { and, arrayContains, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { experts, rumourEntries } from '../../db/schema/rumours.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { upsertKnowledge, withdrawKnowledge } from '../assistant/knowledge.js';
import { type RumourEntryRow, toRumourEntry } from './mappers.js';

type Queryable = Db | Tx;

/**
 * Snapshots the reviewing experts of `ids` (which must exist, be verified and be reviewers) as they are shown on the
 * entry.
 * An unknown id or a non-reviewer is the caller's mistake: 400 naming it.
 */
export async function reviewersOf(
  db: Queryable,
  ids: readonly string[],
  path = 'body.reviewerIds',
): Promise<RumourReviewer[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const rows = await db.select().from(experts).where(inArray(experts.id, unique));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const problems = unique.flatMap((id, i) => {
    const row = byId.get(id);
    if (!row) return [{ path: `${path}.${i}`, message: `no expert ${id}; list experts with GET /v1/experts` }];
    if (!row.reviewer) return [{ path: `${path}.${i}`, message: `expert ${id} is not a reviewer` }];
    // A reviewer is named publicly on verdicts, so their credentials must have been checked (and their profile public).
    if (!row.verified) {
      return [
        {
          path: `${path}.${i}`,
          message: `expert ${id} is not verified yet: PATCH /v1/experts/${id} {"verified":true}`,
        },
      ];
    }
    return [];
  });
  if (problems.length) throw badRequest('Some reviewers are not reviewing experts of the pool.', problems);
  return unique.map((id) => {
    const r = byId.get(id) as (typeof rows)[number];
    return {
      expertId: r.id,
      name: r.name,
      ...(r.title ? { title: r.title } : {}),
      ...(r.institution ? { institution: r.institution } : {}),
    };
  });
}

/**
 * Drafts an entry. A taken `externalId` is a 409 naming the entry that holds it. The unique index decides (insert
 * … on conflict do nothing, no check-then-insert), so two creates racing with the same id give one entry and one
 * 409, never a 500, and no statement fails inside the transaction.
 */
export async function createRumourEntry(tx: Tx, input: CreateRumourEntry, now: Date): Promise<RumourEntryRow> {
  const reviewedBy = await reviewersOf(tx, input.reviewerIds);
  const [row] = await tx
    .insert(rumourEntries)
    .values({
      id: newId('rum'),
      externalId: input.externalId ?? null,
      claim: input.claim,
      aliases: input.aliases,
      rating: input.rating,
      explanation: input.explanation,
      analysis: input.analysis ?? null,
      topics: input.topics,
      sources: input.sources,
      reviewerIds: reviewedBy.flatMap((r) => (r.expertId ? [r.expertId] : [])),
      reviewedBy,
      status: 'draft',
      firstSeenAt: input.firstSeenAt ? new Date(input.firstSeenAt) : null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: rumourEntries.externalId })
    .returning();
  if (row) return row;
  const [taken] = await tx
    .select({ id: rumourEntries.id })
    .from(rumourEntries)
    .where(eq(rumourEntries.externalId, input.externalId ?? ''));
  throw conflict(
    `externalId ${input.externalId} is already used by ${taken ? `entry ${taken.id}` : 'another entry'}; ` +
      'update that entry instead, or choose another externalId.',
    [{ path: 'body.externalId', message: 'already used' }],
  );
}

/** Loads an entry for change, locking its row so concurrent transitions serialise. */
export async function entryForUpdate(tx: Tx, id: string): Promise<RumourEntryRow> {
  const [row] = await tx.select().from(rumourEntries).where(eq(rumourEntries.id, id)).for('update');
  if (!row) throw notFound(`Rumour entry ${id}`);
  return row;
}

export async function updateRumourEntry(
  tx: Tx,
  id: string,
  patch: UpdateRumourEntry,
  now: Date,
): Promise<RumourEntryRow> {
  const row = await entryForUpdate(tx, id);
  if (row.status !== 'draft' && row.status !== 'expert_review') {
    throw conflict(
      `Entry ${id} is ${row.status}; only draft and expert_review entries are edited. ` +
        'To change a published entry, send it back with POST /v1/rumours/{id}/review {"action":"revise"}.',
    );
  }
  const reviewedBy = patch.reviewerIds ? await reviewersOf(tx, patch.reviewerIds) : undefined;
  const [updated] = await tx
    .update(rumourEntries)
    .set({
      ...(patch.claim !== undefined ? { claim: patch.claim } : {}),
      ...(patch.aliases !== undefined ? { aliases: patch.aliases } : {}),
      ...(patch.rating !== undefined ? { rating: patch.rating } : {}),
      ...(patch.explanation !== undefined ? { explanation: patch.explanation } : {}),
      ...(patch.analysis !== undefined ? { analysis: patch.analysis } : {}),
      ...(patch.topics !== undefined ? { topics: patch.topics } : {}),
      ...(patch.sources !== undefined ? { sources: patch.sources } : {}),
      ...(reviewedBy ? { reviewedBy, reviewerIds: reviewedBy.flatMap((r) => (r.expertId ? [r.expertId] : [])) } : {}),
      updatedAt: now,
    })
    .where(eq(rumourEntries.id, id))
    .returning();
  return updated as RumourEntryRow;
}

export async function submitRumourEntry(tx: Tx, id: string, now: Date): Promise<RumourEntryRow> {
  const row = await entryForUpdate(tx, id);
  if (row.status !== 'draft') {
    throw conflict(`Entry ${id} is ${row.status}; only a draft can be submitted for expert review.`);
  }
  return setStatus(tx, id, { status: 'expert_review', updatedAt: now });
}

/** Allowed review actions by current status. */
const REVIEW_FROM: Record<RumourReviewAction, RumourStatus> = {
  publish: 'expert_review',
  return: 'expert_review',
  retract: 'published',
  revise: 'published',
};

/**
 * An expert's decision. Publishing needs a reviewer and at least one source, stamps the review dates and puts the
 * entry in the assistant's index in the same transaction; retracting or revising takes it out of checks and out of
 * the index at once.
 */
export async function reviewRumourEntry(
  tx: Tx,
  id: string,
  action: RumourReviewAction,
  now: Date,
): Promise<RumourEntryRow> {
  const row = await entryForUpdate(tx, id);
  if (row.status !== REVIEW_FROM[action]) {
    throw conflict(`Entry ${id} is ${row.status}; "${action}" applies to ${REVIEW_FROM[action]} entries.`);
  }
  if (action === 'publish') {
    const problems = [
      ...(row.reviewedBy.length === 0
        ? [{ path: 'reviewerIds', message: 'name at least one reviewing expert (PATCH reviewerIds) before publishing' }]
        : []),
      ...(row.sources.length === 0
        ? [{ path: 'sources', message: 'add at least one authoritative source before publishing' }]
        : []),
    ];
    if (problems.length) throw new ApiError(422, 'unprocessable', 'The entry is not ready to publish.', problems);
    const published = await setStatus(tx, id, {
      status: 'published',
      publishedAt: row.publishedAt ?? now,
      lastReviewedAt: now,
      updatedAt: now,
    });
    await upsertKnowledge(tx, rumourKnowledge(published));
    return published;
  }
  if (action === 'return') return setStatus(tx, id, { status: 'draft', updatedAt: now });
  const next = await setStatus(tx, id, {
    status: action === 'retract' ? 'retracted' : 'expert_review',
    updatedAt: now,
  });
  await withdrawKnowledge(tx, 'rumour', id);
  return next;
}

async function setStatus(
  tx: Tx,
  id: string,
  values: Partial<typeof rumourEntries.$inferInsert>,
): Promise<RumourEntryRow> {
  const [row] = await tx.update(rumourEntries).set(values).where(eq(rumourEntries.id, id)).returning();
  return row as RumourEntryRow;
}

/** The entry as the assistant's knowledge index holds it; `facts` feed the verdict card. */
export function rumourKnowledge(row: RumourEntryRow): KnowledgeDocument {
  return {
    sourceType: 'rumour',
    sourceId: row.id,
    externalId: row.externalId,
    title: row.claim,
    text: [row.claim, ...row.aliases, `真相：${row.explanation}`, row.analysis ?? ''].filter(Boolean).join('\n'),
    url: `/v1/rumours/${row.id}`,
    topics: row.topics,
    publishedAt: row.publishedAt,
    facts: {
      claim: row.claim,
      rating: row.rating,
      explanation: row.explanation,
      reviewedBy: row.reviewedBy.map(({ name, title, institution }) => ({ name, title, institution })),
      sources: row.sources,
      ...(row.lastReviewedAt ? { dateReviewed: row.lastReviewedAt.toISOString().slice(0, 10) } : {}),
    },
  };
}

export async function getRumourEntry(db: Queryable, id: string, canSeeUnpublished: boolean): Promise<RumourEntryRow> {
  const [row] = await db.select().from(rumourEntries).where(eq(rumourEntries.id, id));
  // Unpublished entries do not exist for the public: 404, not 403, so drafts leak nothing.
  if (!row || (!canSeeUnpublished && row.status !== 'published')) throw notFound(`Rumour entry ${id}`);
  return row;
}

/** Newest first by id (time-sortable), keyset-paginated. */
export async function listRumourEntries(db: Queryable, query: RumourListQuery, canSeeUnpublished: boolean) {
  const status = query.status ?? 'published';
  if (status !== 'published' && !canSeeUnpublished) {
    throw new ApiError(403, 'forbidden', `Listing ${status} entries needs a key with rumours:write or rumours:review.`);
  }
  const where: SQL[] = [eq(rumourEntries.status, status)];
  if (query.rating) where.push(eq(rumourEntries.rating, query.rating));
  if (query.topic) where.push(arrayContains(rumourEntries.topics, [query.topic]));
  if (query.cursor) {
    const [lastId] = decodeCursor(query.cursor, 1);
    where.push(lt(rumourEntries.id, String(lastId)));
  }
  const rows = await db
    .select()
    .from(rumourEntries)
    .where(and(...where))
    .orderBy(desc(rumourEntries.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toRumourEntry),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** Every published entry as knowledge documents: what `reindex` keeps in (and puts back into) the index. */
export async function rumourDocuments(db: Db): Promise<KnowledgeDocument[]> {
  const rows = await db.select().from(rumourEntries).where(eq(rumourEntries.status, 'published'));
  return rows.map(rumourKnowledge);
}
