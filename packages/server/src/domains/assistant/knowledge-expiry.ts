import { lte } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import type { Logger } from '../../logger.js';

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
 * Runs `withdrawExpiredKnowledge` at start and then every `intervalMs` (a minute) in the server process; several
 * processes may run it at once (an idempotent delete). Returns a function that stops the timer.
 */
export function startKnowledgeExpiry(db: Db, logger: Logger, intervalMs = 60_000): () => void {
  const run = () =>
    withdrawExpiredKnowledge(db).then(
      (withdrawn) => {
        if (withdrawn > 0) logger.info('expired knowledge withdrawn', { documents: withdrawn });
      },
      (error: unknown) => logger.warn('knowledge expiry failed', { error: (error as Error).message }),
    );
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
