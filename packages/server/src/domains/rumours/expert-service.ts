import type { KnowledgeDocument } from '@kepu/assistant';
import type { CreateExpert, ExpertListQuery, UpdateExpert } from '@kepu/sdk/schema';
import { and, arrayContains, desc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { experts } from '../../db/schema/rumours.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { conflict, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { upsertKnowledge, withdrawKnowledge } from '../assistant/knowledge.js';
import { type ExpertRow, toExpert } from './mappers.js';

/** Who sees an expert: the public and the assistant only verified members of the pool; staff everyone. */
const isPublic = (row: ExpertRow) => row.verified && row.removedAt === null;

/**
 * A verified expert's public profile as the assistant's index holds it ("有没有营养方面的专家？"): name, title,
 * institution, specialties and profile — the same fields `GET /v1/experts/{id}` shows, never contact data.
 */
export function expertKnowledge(row: ExpertRow): KnowledgeDocument {
  const role = [row.title, row.institution].filter(Boolean).join('，');
  const lines = [
    `${row.name}${role ? `，${role}` : ''}。`,
    // "营养方面的专家" is how people ask for an expert, so the profile says it the same way.
    `${row.specialties.length ? `${row.specialties.join('、')}方面的专家` : '专家'}，健康科普专家库成员${
      row.reviewer ? '，参与审核辟谣条目和健康科普资源' : ''
    }。`,
    row.profile ?? '',
  ].filter(Boolean);
  return {
    sourceType: 'expert',
    sourceId: row.id,
    title: row.title ? `${row.name}（${row.title}）` : row.name,
    text: lines.join('\n'),
    url: `/v1/experts/${row.id}`,
    topics: row.specialties,
    facts: {
      name: row.name,
      title: row.title,
      institution: row.institution,
      specialties: row.specialties,
      reviewer: row.reviewer,
      isExample: row.isExample,
    },
  };
}

/** Keeps the expert's index document in step with the row, in the caller's transaction. */
export async function syncExpertKnowledge(tx: Db | Tx, row: ExpertRow): Promise<void> {
  if (isPublic(row)) await upsertKnowledge(tx, expertKnowledge(row));
  else await withdrawKnowledge(tx, 'expert', row.id);
}

export async function createExpert(tx: Tx, input: CreateExpert, now: Date): Promise<ExpertRow> {
  const [row] = await tx
    .insert(experts)
    .values({
      id: newId('exp'),
      name: input.name,
      title: input.title ?? null,
      institution: input.institution ?? null,
      specialties: input.specialties,
      profile: input.profile ?? null,
      verified: input.verified,
      reviewer: input.reviewer,
      isExample: input.isExample,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const created = row as ExpertRow;
  await syncExpertKnowledge(tx, created);
  return created;
}

export async function updateExpert(tx: Tx, id: string, patch: UpdateExpert, now: Date): Promise<ExpertRow> {
  const [current] = await tx.select().from(experts).where(eq(experts.id, id)).for('update');
  if (!current) throw notFound(`Expert ${id}`);
  if (current.removedAt) throw conflict(`Expert ${id} left the pool; add them again with POST /v1/experts.`);
  const [row] = await tx
    .update(experts)
    .set({ ...patch, updatedAt: now })
    .where(eq(experts.id, id))
    .returning();
  const updated = row as ExpertRow;
  await syncExpertKnowledge(tx, updated);
  return updated;
}

/**
 * Takes an expert out of the pool: no longer public, a reviewer or in the assistant's index. The row stays, because
 * published entries and resources name them as their reviewer at the time.
 */
export async function removeExpert(tx: Tx, id: string, now: Date): Promise<ExpertRow> {
  const [current] = await tx.select().from(experts).where(eq(experts.id, id)).for('update');
  if (!current) throw notFound(`Expert ${id}`);
  if (current.removedAt) return current;
  const [row] = await tx
    .update(experts)
    .set({ removedAt: now, reviewer: false, updatedAt: now })
    .where(eq(experts.id, id))
    .returning();
  const removed = row as ExpertRow;
  await withdrawKnowledge(tx, 'expert', id);
  return removed;
}

/** One expert; unverified and removed ones exist only for staff (404 otherwise, so nothing leaks). */
export async function getExpert(db: Db, id: string, staff = false): Promise<ExpertRow> {
  const [row] = await db.select().from(experts).where(eq(experts.id, id));
  if (!row || (!staff && !isPublic(row))) throw notFound(`Expert ${id}`);
  return row;
}

/** The pool, newest first, optionally by specialty or reviewer flag; the public sees verified members only. */
export async function listExperts(db: Db, query: ExpertListQuery, staff = false) {
  const where: SQL[] = [];
  if (!staff) where.push(eq(experts.verified, true), isNull(experts.removedAt));
  if (query.specialty) where.push(arrayContains(experts.specialties, [query.specialty]));
  if (query.reviewer !== undefined) where.push(eq(experts.reviewer, query.reviewer));
  if (query.cursor) where.push(lt(experts.id, String(decodeCursor(query.cursor, 1)[0])));
  const rows = await db
    .select()
    .from(experts)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(experts.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toExpert),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** Every public expert profile, for `reindex`. */
export async function expertDocuments(db: Db): Promise<KnowledgeDocument[]> {
  const rows = await db
    .select()
    .from(experts)
    .where(and(eq(experts.verified, true), isNull(experts.removedAt)));
  return rows.map(expertKnowledge);
}
