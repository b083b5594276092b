import { lt } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Db } from '../db/create-database.js';
import { idempotencyKeys } from '../db/schema/access.js';
import type { Logger } from '../logger.js';
import { pruneAuditLog } from './audit-query.js';
import { createPostgresRateLimitStore } from './rate-limit-store.js';
import { deleteExpiredSessions } from './sessions.js';

const DAY_MS = 86_400_000;

/** How long a stored response answers a retried `Idempotency-Key` (as Stripe does: a day). */
export const IDEMPOTENCY_WINDOW_MS = DAY_MS;

/**
 * One pass: audit entries past retention, expired widget sessions, idle rate-limit buckets and old counters, and
 * stored idempotent responses past their window (they may hold tokens, so they are not kept longer than needed).
 */
export async function runAccessMaintenance(db: Db, config: Config, now = new Date()) {
  const auditDeleted = await pruneAuditLog(db, config.access.auditRetentionDays, now);
  const sessionsDeleted = await deleteExpiredSessions(db, now);
  await createPostgresRateLimitStore(db).prune(new Date(now.getTime() - DAY_MS));
  const idempotencyDeleted = (
    await db
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS)))
      .returning({ key: idempotencyKeys.key })
  ).length;
  return { auditDeleted, sessionsDeleted, idempotencyDeleted };
}

/**
 * Runs the maintenance at start and then daily (several processes may run it at once: every step is an idempotent
 * delete). Returns a function that stops the timer.
 */
export function startAccessMaintenance(db: Db, config: Config, logger: Logger): () => void {
  const run = () =>
    runAccessMaintenance(db, config).then(
      (result) => logger.info('access maintenance', result),
      (error: unknown) => logger.warn('access maintenance failed', { error: (error as Error).message }),
    );
  void run();
  const timer = setInterval(run, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
