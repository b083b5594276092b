import type { RumourTipListQuery, TriageRumourTip } from '@kepu/sdk/schema';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { rumourEntries, rumourTips } from '../../db/schema/rumours.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { createRumourEntry } from './entry-service.js';
import { type RumourTipRow, toRumourTip } from './mappers.js';

/** The queue, most-reported first (then newest), keyset-paginated on (count, id). */
export async function listRumourTips(db: Db, query: RumourTipListQuery) {
  const where: SQL[] = [eq(rumourTips.status, query.status)];
  if (query.cursor) {
    const [lastCount, lastId] = decodeCursor(query.cursor, 2);
    const c = Number(lastCount);
    const cursorWhere = or(lt(rumourTips.count, c), and(eq(rumourTips.count, c), lt(rumourTips.id, String(lastId))));
    if (cursorWhere) where.push(cursorWhere);
  }
  const rows = await db
    .select()
    .from(rumourTips)
    .where(and(...where))
    .orderBy(desc(rumourTips.count), desc(rumourTips.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toRumourTip),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.count, last.id]) : null,
  };
}

/**
 * An expert's triage of a new tip: link it to the entry that covers it, dismiss it (with a note), or start a draft
 * entry from it. Only `new` tips are triaged; a decision is final (a later similar text still counts on it).
 */
export async function triageRumourTip(tx: Tx, id: string, input: TriageRumourTip, now: Date): Promise<RumourTipRow> {
  const [tip] = await tx.select().from(rumourTips).where(eq(rumourTips.id, id)).for('update');
  if (!tip) throw notFound(`Tip ${id}`);
  if (tip.status !== 'new') throw conflict(`Tip ${id} was already triaged (${tip.status}).`);
  let entryId: string | null = null;
  if (input.action === 'link') {
    const [entry] = await tx
      .select({ id: rumourEntries.id })
      .from(rumourEntries)
      .where(eq(rumourEntries.id, input.entryId));
    if (!entry) {
      throw badRequest(`No rumour entry ${input.entryId} to link to.`, [
        { path: 'body.entryId', message: 'no such entry' },
      ]);
    }
    entryId = entry.id;
  } else if (input.action === 'draft') {
    const draft = await createRumourEntry(
      tx,
      {
        claim: input.claim,
        aliases: tip.text !== input.claim ? [tip.text.slice(0, 300)] : [],
        rating: input.rating,
        explanation: input.explanation,
        topics: [],
        sources: [],
        reviewerIds: [],
        firstSeenAt: tip.firstSeenAt.toISOString(),
      },
      now,
    );
    entryId = draft.id;
  }
  const status = input.action === 'link' ? 'linked' : input.action === 'dismiss' ? 'dismissed' : 'drafted';
  const [updated] = await tx
    .update(rumourTips)
    .set({ status, entryId, note: input.note ?? null })
    .where(eq(rumourTips.id, id))
    .returning();
  return updated as RumourTipRow;
}

export async function getRumourTip(db: Db | Tx, id: string): Promise<RumourTipRow> {
  const [row] = await db.select().from(rumourTips).where(eq(rumourTips.id, id));
  if (!row) throw notFound(`Tip ${id}`);
  return row;
}
