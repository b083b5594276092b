import { and, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import type { Logger } from '../../logger.js';
import type { Taxonomy } from '../registry/taxonomy/profile.js';
import { syncEventKnowledge, syncOpportunityKnowledge } from './sources.js';

/**
 * Withdraws the documents whose validity has ended (an event's last session, a volunteer opportunity's last shift):
 * the index holds what a citizen can still attend or sign up for, not history, so no search path (with or without a
 * `validAt` filter) can offer it. `kepu reindex` applies the same rule. Returns how many were withdrawn.
 */
export async function withdrawExpiredKnowledge(db: Db, now = new Date()): Promise<number> {
  const deleted = await db
    .delete(knowledgeDocuments)
    .where(lte(knowledgeDocuments.validUntil, now))
    .returning({ id: knowledgeDocuments.id });
  return deleted.length;
}

/**
 * Re-syncs the events and volunteer opportunities whose indexed text went stale (`facts.refreshAt`: an event's first
 * listed session ended, an opportunity's listed next shift started), so the text names what is still to come. Each in its own transaction, by the
 * same sync the publish paths run. Returns how many were refreshed.
 */
export async function refreshPassedSessions(
  db: Db,
  options: { taxonomy: Taxonomy; timeZone: string; now?: Date },
): Promise<number> {
  const now = options.now ?? new Date();
  const due = await db
    .select({ type: knowledgeDocuments.sourceType, id: knowledgeDocuments.sourceId })
    .from(knowledgeDocuments)
    .where(
      and(
        inArray(knowledgeDocuments.sourceType, ['event', 'opportunity']),
        sql`(${knowledgeDocuments.facts} ->> 'refreshAt')::timestamptz <= ${now.toISOString()}::timestamptz`,
      ),
    );
  for (const { type, id } of due) {
    await db.transaction(async (tx) => {
      if (type === 'event') await syncEventKnowledge(tx, id, options.taxonomy, now);
      else await syncOpportunityKnowledge(tx, id, { now, timeZone: options.timeZone });
    });
  }
  return due.length;
}

/**
 * Keeps time-bound documents current in the server process, at start and then every `intervalMs` (a minute):
 * withdraws what is over and refreshes what lists a session that has started. Several processes may run it at once
 * (idempotent). Returns a function that stops the timer.
 */
export function startKnowledgeExpiry(
  db: Db,
  logger: Logger,
  options: { taxonomy: Taxonomy; timeZone: string; intervalMs?: number },
): () => void {
  const run = async () => {
    try {
      const withdrawn = await withdrawExpiredKnowledge(db);
      const refreshed = await refreshPassedSessions(db, options);
      if (withdrawn + refreshed > 0) logger.info('time-bound knowledge updated', { withdrawn, refreshed });
    } catch (error) {
      logger.warn('knowledge expiry failed', { error: (error as Error).message });
    }
  };
  void run();
  const timer = setInterval(run, options.intervalMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
