import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { createDatabase, type Database } from './db/create-database.js';
import { runMigrations } from './db/migrate.js';
import type { Logger } from './logger.js';
import { DEMO_SEEDERS } from './seed/demo-seeders.js';
import { runSeeders } from './seed/run-seeders.js';

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  /** Stops accepting, drains in-flight requests (up to the grace period), closes the database. */
  close(): Promise<void>;
}

/** The port is taken or cannot be bound; the message says what to do. */
export class ListenError extends Error {
  override name = 'ListenError';
}

/**
 * Opens and migrates the database, loads demo data when asked (once per database), and listens.
 * @example const server = await startServer({ config, logger, demo: true })
 */
export async function startServer(options: { config: Config; logger: Logger; demo?: boolean }): Promise<RunningServer> {
  const { config, logger } = options;
  const database = await createDatabase(config.database, {
    onPoolError: (error) => logger.warn('database connection lost', { error: error.message }),
  });
  try {
    await runMigrations(database);
    if (options.demo) await runSeeders(DEMO_SEEDERS, { db: database.db, now: new Date(), logger });
  } catch (error) {
    await database.close();
    throw error;
  }
  const app = createApp({ config, database, logger });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  try {
    await listen(server, config.port, config.host);
  } catch (error) {
    await database.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    port,
    database,
    close() {
      closing ??= (async () => {
        await drain(server, config.shutdownGraceMs);
        await database.close();
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new ListenError(
            `Port ${port} on ${host} is already in use. Stop the other process, or choose another port: PORT=${port + 1} (or --port ${port + 1}).`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(new ListenError(`Not allowed to listen on port ${port}. Use a port above 1024, e.g. PORT=8787.`));
      } else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Stop accepting connections, let in-flight requests finish, then cut whatever is left after `graceMs`. */
function drain(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
