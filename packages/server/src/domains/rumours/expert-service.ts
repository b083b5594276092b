import type { CreateExpert, ExpertListQuery, UpdateExpert } from '@kepu/sdk/schema';
import { and, arrayContains, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { experts } from '../../db/schema/rumours.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { type ExpertRow, toExpert } from './mappers.js';

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
  return row as ExpertRow;
}

export async function updateExpert(tx: Tx, id: string, patch: UpdateExpert, now: Date): Promise<ExpertRow> {
  const [row] = await tx
    .update(experts)
    .set({ ...patch, updatedAt: now })
    .where(eq(experts.id, id))
    .returning();
  if (!row) throw notFound(`Expert ${id}`);
  return row;
}

export async function getExpert(db: Db, id: string): Promise<ExpertRow> {
  const [row] = await db.select().from(experts).where(eq(experts.id, id));
  if (!row) throw notFound(`Expert ${id}`);
  return row;
}

/** The public pool: newest first, optionally by specialty or reviewer flag. */
export async function listExperts(db: Db, query: ExpertListQuery) {
  const where: SQL[] = [];
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
