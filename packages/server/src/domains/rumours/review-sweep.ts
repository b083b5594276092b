import type { Db } from '../../db/create-database.js';
import type { Logger } from '../../logger.js';
import { sweepOverdueHealthResources } from './health-resource-service.js';

/**
 * Runs the health-resource review sweep once now and then every `intervalMs` (0: only now). Several server
 * processes may run it at once: a resource is flagged by one of them, and withdrawing is idempotent. A failed run
 * is logged and retried at the next tick. Returns a function that stops the timer.
 * @example const stop = startReviewSweep(db, config.rumours.reviewSweepIntervalMs, logger)
 */
export function startReviewSweep(
  db: Db,
  intervalMs: number,
  logger: Logger,
  clock: () => Date = () => new Date(),
): () => void {
  const run = () =>
    sweepOverdueHealthResources(db, clock()).then(
      (result) => {
        if (result.flagged.length || result.withdrawn) {
          logger.info('review sweep', {
            flagged: result.flagged.map((f) => f.id),
            withdrawn: result.withdrawn,
            overdue: result.overdue,
          });
        }
      },
      (error: unknown) => logger.warn('review sweep failed', { error: (error as Error).message }),
    );
  void run();
  if (intervalMs <= 0) return () => {};
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
