#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { devKeysPath } from './access/dev-keys.js';
import { registerEvalAssistantCommand } from './cli/eval-assistant-command.js';
import { registerEvalCommand } from './cli/eval-command.js';
import { registerImportCommand } from './cli/import-command.js';
import { registerKeysCommand } from './cli/keys-command.js';
import { createProgress } from './cli/progress.js';
import { registerReindexCommand } from './cli/reindex-command.js';
import { registerReviewSweepCommand } from './cli/review-sweep-command.js';
import { ConfigError, loadConfig, redactUrl } from './config.js';
import { createDatabase, DatabaseOpenError } from './db/create-database.js';
import { runMigrations } from './db/migrate.js';
import { createLogger } from './logger.js';
import { DEMO_SEEDERS } from './seed/demo-seeders.js';
import { runSeeders } from './seed/run-seeders.js';
import { ListenError, startServer } from './server.js';

/** Options every command takes; they override the environment variables of the same meaning. */
interface DatabaseFlags {
  dataDir?: string;
  databaseUrl?: string;
}

function withDatabaseFlags(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'embedded database directory (env KEPU_DATA_DIR, default ./.kepu-data)')
    .option('--database-url <url>', 'PostgreSQL URL (env DATABASE_URL); overrides --data-dir');
}

function configFrom(flags: DatabaseFlags & { port?: string; host?: string }) {
  return loadConfig({
    ...process.env,
    ...(flags.dataDir ? { KEPU_DATA_DIR: flags.dataDir } : {}),
    ...(flags.databaseUrl ? { DATABASE_URL: flags.databaseUrl } : {}),
    ...(flags.port ? { PORT: flags.port } : {}),
    ...(flags.host ? { HOST: flags.host } : {}),
  });
}

function describeDatabase(config: ReturnType<typeof loadConfig>): string {
  return config.database.driver === 'pglite'
    ? `embedded PGlite at ${config.database.dataDir}`
    : `PostgreSQL at ${redactUrl(config.database.url)}`;
}

function portArg(value: string): string {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError('must be a port number 0–65535, e.g. 8787.');
  }
  return value;
}

export function buildCli(): Command {
  const program = new Command('kepu')
    .description('Kepu (科普) server and administration commands.')
    .showHelpAfterError('(run with --help for usage)');

  withDatabaseFlags(program.command('serve'))
    .description('Start the API server (migrates the database first).')
    .option('--port <port>', 'port to listen on (env PORT, default 8787)', portArg)
    .option('--host <host>', 'interface to bind (env HOST, default 0.0.0.0)')
    .option('--demo', 'load the demo data set on first start (once per database)', false)
    .action(async (flags: DatabaseFlags & { port?: string; host?: string; demo: boolean }) => {
      const config = configFrom(flags);
      const logger = createLogger({ level: config.logLevel });
      const server = await startServer({ config, logger, demo: flags.demo });
      const lines = [
        '',
        `  Kepu is running (${describeDatabase(config)})`,
        '',
        `  Demo page       ${server.url}/`,
        `  API             ${server.url}/v1`,
        `  API reference   ${server.url}/docs`,
        `  OpenAPI         ${server.url}/openapi.json`,
        `  Readiness       ${server.url}/readyz`,
        '',
        ...(server.demoKeys
          ? [
              `  Demo keys (created now, shown once; also in ${devKeysPath(config)}, development only):`,
              `  Publishable     ${server.demoKeys.publishableKey}  (${server.demoKeys.allowedOrigins.join(', ')})`,
              `  Admin secret    ${server.demoKeys.adminKey}`,
              '',
            ]
          : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info('shutting down', { signal });
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error('shutdown failed', { error });
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });

  withDatabaseFlags(program.command('migrate'))
    .description('Apply pending database migrations and exit.')
    .action(async (flags: DatabaseFlags) => {
      const config = configFrom(flags);
      const database = await createDatabase(config.database);
      try {
        await runMigrations(database);
        process.stdout.write(`Migrations applied to ${describeDatabase(config)}.\n`);
      } finally {
        await database.close();
      }
    });

  withDatabaseFlags(program.command('seed'))
    .description('Load the demo data set (each part once per database).')
    .action(async (flags: DatabaseFlags) => {
      const config = configFrom(flags);
      const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
      const database = await createDatabase(config.database);
      try {
        await runMigrations(database);
        const ran = await runSeeders(DEMO_SEEDERS, {
          db: database.db,
          now: new Date(),
          logger,
          progress: createProgress(),
        });
        process.stdout.write(
          ran.length ? `Demo data loaded: ${ran.join(', ')}.\n` : 'Demo data was already loaded; nothing to do.\n',
        );
      } finally {
        await database.close();
      }
    });

  registerImportCommand(program, withDatabaseFlags, configFrom);
  registerEvalCommand(program, withDatabaseFlags, configFrom);
  registerKeysCommand(program, withDatabaseFlags, configFrom);
  registerEvalAssistantCommand(program, withDatabaseFlags, configFrom);
  registerReindexCommand(program, withDatabaseFlags, configFrom);
  registerReviewSweepCommand(program, withDatabaseFlags, configFrom);

  return program;
}

/** Errors we expect (bad config, unreachable database, busy port) print one clear message, never a stack. */
function reportFatal(error: unknown): never {
  if (error instanceof ConfigError || error instanceof DatabaseOpenError || error instanceof ListenError) {
    process.stderr.write(`kepu: ${error.message}\n`);
  } else {
    process.stderr.write(
      `kepu: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}

buildCli().parseAsync(process.argv).catch(reportFatal);
