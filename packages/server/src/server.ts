import type { Server } from 'node:http';
import { type AddressInfo, Server as NetServer, type Socket } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { type DevKeys, ensureDemoKeys } from './access/dev-keys.js';
import { startAccessMaintenance } from './access/maintenance.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { createDatabase, type Database } from './db/create-database.js';
import { runMigrations } from './db/migrate.js';
import { createConfiguredEmbedder } from './domains/assistant/embedder.js';
import { startEmbeddingQueue } from './domains/assistant/embedding-queue.js';
import { startKnowledgeExpiry } from './domains/assistant/knowledge-expiry.js';
import { loadTaxonomy } from './domains/registry/taxonomy/profile.js';
import { loadClaimBase } from './domains/rumours/claim-check.js';
import { startReviewSweep } from './domains/rumours/review-sweep.js';
import type { Logger } from './logger.js';
import { DEMO_SEEDERS } from './seed/demo-seeders.js';
import { runSeeders } from './seed/run-seeders.js';

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  /** Demo keys created on this first start of an empty data directory (print them once), else null. */
  demoKeys: DevKeys | null;
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
  let demoKeys: DevKeys | null = null;
  try {
    await runMigrations(database);
    if (options.demo) await runSeeders(DEMO_SEEDERS, { db: database.db, now: new Date(), logger });
    demoKeys = await ensureDemoKeys(database.db, config);
  } catch (error) {
    await database.close();
    throw error;
  }
  const app = createApp({ config, database, logger });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const connections = trackConnections(server);
  try {
    await listen(server, config.port, config.host);
  } catch (error) {
    await database.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const stopMaintenance = startAccessMaintenance(database.db, config, logger);
  // Vectors of the configured embedder for what publishes indexed (and for everything after a model change).
  const embeddingQueue = startEmbeddingQueue({
    db: database.db,
    embedder: createConfiguredEmbedder(config.assistant.embedding),
    logger,
  });
  const stopKnowledgeExpiry = startKnowledgeExpiry(database.db, logger, {
    taxonomy: loadTaxonomy(config.taxonomyProfile),
    timeZone: config.timeZone,
  });
  const stopReviewSweep = startReviewSweep(database.db, config.rumours.reviewSweepIntervalMs, logger);
  // The claim index (jieba, CC-CEDICT, every published entry) is built now, not on a citizen's first check.
  const claimIndexStarted = performance.now();
  const claimIndex = loadClaimBase(database.db).then(
    (base) =>
      logger.info('claim index ready', {
        entries: base.matcher.size,
        ms: Math.round(performance.now() - claimIndexStarted),
      }),
    (error: unknown) =>
      logger.warn('claim index not built at start; the first check builds it', {
        error: error instanceof Error ? error.message : String(error),
      }),
  );
  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    port,
    database,
    demoKeys,
    close() {
      closing ??= (async () => {
        stopMaintenance();
        stopKnowledgeExpiry();
        stopReviewSweep();
        await claimIndex;
        await embeddingQueue.stop();
        await connections.drain(config.shutdownGraceMs);
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

/**
 * Tracks each connection's in-flight requests so that a shutdown can end idle connections gracefully.
 * Node's own `server.close()` destroys "idle" sockets, which cuts a large response still sitting in the socket's
 * buffer; ending them (`socket.end()`) flushes what was written first.
 */
function trackConnections(server: Server) {
  const active = new Map<Socket, number>();
  let draining = false;
  server.on('connection', (socket: Socket) => {
    active.set(socket, 0);
    socket.once('close', () => active.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      const left = (active.get(socket) ?? 1) - 1;
      active.set(socket, left);
      if (draining && left === 0) socket.end();
    });
  });
  return {
    /** Stop accepting, end idle connections, let busy ones finish; cut what is left after `graceMs`. */
    drain(graceMs: number): Promise<void> {
      draining = true;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          for (const socket of active.keys()) socket.destroy();
        }, graceMs);
        timer.unref();
        // net.Server#close: stop listening without http.Server's destroy-idle-sockets pre-close step.
        NetServer.prototype.close.call(server, () => {
          clearTimeout(timer);
          resolve();
        });
        for (const [socket, requests] of active) if (requests === 0) socket.end();
      });
    },
  };
}
