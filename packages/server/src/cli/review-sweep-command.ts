import type { Command } from 'commander';
import type { Config } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { runMigrations } from '../db/migrate.js';
import { sweepOverdueHealthResources } from '../domains/rumours/health-resource-service.js';

type DatabaseFlags = { dataDir?: string; databaseUrl?: string };

/**
 * `kepu review-sweep`: flag health resources past their review date and take them out of the assistant's index
 * now (the server also does it at start and every KEPU_REVIEW_SWEEP_MINUTES). Prints what it flagged.
 */
export function registerReviewSweepCommand(
  program: Command,
  withDatabaseFlags: (command: Command) => Command,
  configFrom: (flags: DatabaseFlags) => Config,
): void {
  withDatabaseFlags(program.command('review-sweep'))
    .description(
      'Flag health resources past their review date and withdraw them from the assistant index (idempotent); ' +
        'they return when an expert re-reviews them.',
    )
    .option('--json', 'print the result as one JSON object', false)
    .action(async (flags: DatabaseFlags & { json: boolean }) => {
      const config = configFrom(flags);
      const database = await createDatabase(config.database);
      try {
        await runMigrations(database);
        const result = await sweepOverdueHealthResources(database.db, new Date());
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
          return;
        }
        const lines = [
          `Review sweep: ${result.flagged.length} newly overdue, ${result.withdrawn} withdrawn from the assistant index, ` +
            `${result.overdue} overdue in all.`,
          ...result.flagged.map((f) => `  ${f.id}  due ${f.reviewDueAt.slice(0, 10)}  ${f.title}`),
          ...(result.overdue
            ? [
                'Re-review them: GET /v1/health-resources/review-queue, then POST …/{id}/review {"reviewerId": "exp_…"}.',
              ]
            : []),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await database.close();
      }
    });
}
