import type { RumourTipListQuery, TriageRumourTip } from '@kepu/sdk/schema';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { rumourEntries, rumourTips } from '../../db/schema/rumours.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { upsertKnowledge } from '../assistant/knowledge.js';
import { createRumourEntry, rumourKnowledge } from './entry-service.js';
import { type RumourEntryRow, type RumourTipRow, toRumourTip } from './mappers.js';

/** The queue, most-reported first (then newest), keyset-paginated on (count, id). */
export async function listRumourTips(db: Db, query: RumourTipListQuery) {
  const where: SQL[] = [eq(rumourTips.status, query.status)];
  if (query.cursor) {
    const [lastCount, lastId] = decodeCursor(query.cursor, 2);
    const c = Number(lastCount);
    if (!Number.isSafeInteger(c) || c < 0) {
      throw badRequest('The cursor is not valid; start again without it.', [
        { path: 'query.cursor', message: 'use nextCursor of the previous page as it is' },
      ]);
    }
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
    const [entry] = await tx.select().from(rumourEntries).where(eq(rumourEntries.id, input.entryId)).for('update');
    if (!entry) {
      throw badRequest(`No rumour entry ${input.entryId} to link to.`, [
        { path: 'body.entryId', message: 'no such entry' },
      ]);
    }
    entryId = entry.id;
    if (input.alias) await addAlias(tx, entry, input.alias, now);
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

/**
 * An expert's triage decision that a phrasing means an entry's claim: it joins the aliases (a matching signal, not a
 * change of verdict), so a published entry stays published; its index document follows in the same transaction,
 * and the claim matcher sees the change through the base's fingerprint (`updatedAt`).
 */
async function addAlias(tx: Tx, entry: RumourEntryRow, alias: string, now: Date): Promise<void> {
  if (entry.claim === alias || entry.aliases.includes(alias)) return;
  if (entry.aliases.length >= 50) {
    throw badRequest(`Entry ${entry.id} already has 50 aliases; remove some before adding another.`, [
      { path: 'body.alias', message: 'too many aliases on the entry' },
    ]);
  }
  const [updated] = await tx
    .update(rumourEntries)
    .set({ aliases: [...entry.aliases, alias], updatedAt: now })
    .where(eq(rumourEntries.id, entry.id))
    .returning();
  if (updated?.status === 'published') await upsertKnowledge(tx, rumourKnowledge(updated));
}

export async function getRumourTip(db: Db | Tx, id: string): Promise<RumourTipRow> {
  const [row] = await db.select().from(rumourTips).where(eq(rumourTips.id, id));
  if (!row) throw notFound(`Tip ${id}`);
  return row;
}
