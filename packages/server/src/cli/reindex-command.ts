import type { Command } from 'commander';
import type { Config } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { runMigrations } from '../db/migrate.js';
import { createConfiguredEmbedder } from '../domains/assistant/embedder.js';
import { reindexKnowledge } from '../domains/assistant/reindex.js';
import { loadTaxonomy } from '../domains/registry/taxonomy/profile.js';
import { createProgress } from './progress.js';

type DatabaseFlags = { dataDir?: string; databaseUrl?: string };

/** `kepu reindex`: rebuild the assistant's knowledge index from the published records, with progress. */
export function registerReindexCommand(
  program: Command,
  withDatabaseFlags: (command: Command) => Command,
  configFrom: (flags: DatabaseFlags) => Config,
): void {
  withDatabaseFlags(program.command('reindex'))
    .description(
      "Rebuild the assistant's knowledge index from every published record (unchanged records are skipped; " +
        'withdrawn ones removed; chunks of another embedding model re-embedded).',
    )
    .action(async (flags: DatabaseFlags) => {
      const config = configFrom(flags);
      const database = await createDatabase(config.database);
      try {
        await runMigrations(database);
        const embedder = createConfiguredEmbedder(config.assistant.embedding);
        const report = await reindexKnowledge(database.db, {
          embedder,
          taxonomy: loadTaxonomy(config.taxonomyProfile),
          progress: createProgress(),
        });
        process.stdout.write(
          `Knowledge index rebuilt with ${embedder.model}: ${report.documents} documents (${report.changed} changed, ` +
            `${report.removed} removed), ${report.chunks} chunks, ${report.reembedded} re-embedded, in ${report.seconds} s.\n`,
        );
      } finally {
        await database.close();
      }
    });
}
