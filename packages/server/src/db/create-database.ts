import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type DatabaseConfig, redactUrl } from '../config.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;

/** What both drivers' raw `execute()` results share: the rows. */
export interface RowsResultHKT extends PgQueryResultHKT {
  type: RowsResult<this['row']>;
}
export type RowsResult<R> = { rows: (R extends Record<string, unknown> ? R : Record<string, unknown>)[] };
/** drizzle over either driver; domain code only ever sees this type. */
export type Db = PgDatabase<RowsResultHKT, Schema>;
/** A transaction handle, as passed to `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  readonly driver: DatabaseConfig['driver'];
  readonly db: Db;
  /** Round-trip time of `select 1`, or throws when the database cannot be reached. */
  ping(timeoutMs?: number): Promise<number>;
  /** Runs `fn` on one connection while holding a session-level advisory lock (e.g. migrations). */
  withAdvisoryLock<T>(key: number, fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The database could not be opened; the message says why and what to do. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

/**
 * Opens the database: embedded PGlite (a directory, or `memory://`) with pgvector, or PostgreSQL through a `pg.Pool`.
 * The same schema, migrations and queries run on both.
 * @example const database = await createDatabase({ driver: 'pglite', dataDir: 'memory://' })
 */
export async function createDatabase(
  config: DatabaseConfig,
  options: { onPoolError?: (error: Error) => void } = {},
): Promise<Database> {
  return config.driver === 'pglite' ? openPglite(config.dataDir) : openPostgres(config, options.onPoolError);
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === 'memory://';
  if (!inMemory) await assertPgliteDirectory(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? undefined : dataDir, { extensions: { vector } });
  } catch (error) {
    throw new DatabaseOpenError(
      `Could not open the embedded database in ${dataDir}: ${(error as Error).message}. ` +
        'If another Kepu process uses this directory, stop it or set KEPU_DATA_DIR to another directory.',
      { cause: error },
    );
  }
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    driver: 'pglite',
    db,
    async ping() {
      const started = performance.now();
      await client.query('select 1');
      return performance.now() - started;
    },
    // PGlite has a single connection, so the lock simply serialises with other work in this process.
    async withAdvisoryLock(key, fn) {
      await client.query('select pg_advisory_lock($1)', [key]);
      try {
        return await fn(db);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [key]);
      }
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

/** Refuses a directory that holds something other than a PGlite database, so nothing is overwritten. */
async function assertPgliteDirectory(dataDir: string): Promise<void> {
  if (existsSync(dataDir)) {
    if (!statSync(dataDir).isDirectory()) {
      throw new DatabaseOpenError(
        `KEPU_DATA_DIR=${dataDir} is a file, not a directory. Point KEPU_DATA_DIR at an empty or existing Kepu data directory.`,
      );
    }
    const entries = readdirSync(dataDir);
    if (entries.length > 0 && !entries.includes('PG_VERSION')) {
      throw new DatabaseOpenError(
        `KEPU_DATA_DIR=${dataDir} is not empty and is not a Kepu (PGlite) database: nothing was changed. ` +
          'Point KEPU_DATA_DIR at an empty directory or at an existing Kepu data directory.',
      );
    }
  } else {
    await mkdir(path.resolve(dataDir), { recursive: true });
  }
}

async function openPostgres(
  config: Extract<DatabaseConfig, { driver: 'postgres' }>,
  onPoolError?: (error: Error) => void,
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server went away emits here; without a listener the process would crash.
  pool.on('error', (error) => onPoolError?.(error));
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  const database: Database = {
    driver: 'postgres',
    db,
    async ping(timeoutMs = 2_000) {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          pool.query('select 1'),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('database is unavailable: ping timed out')), timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
      return performance.now() - started;
    },
    async withAdvisoryLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        try {
          return await fn(drizzlePg({ client, schema, casing: 'snake_case' }) as unknown as Db);
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
  try {
    await database.ping(5_000);
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseOpenError(
      `Could not connect to PostgreSQL at ${redactUrl(config.url)}: ${(error as Error).message}. ` +
        'Check that the server is running and reachable, and that DATABASE_URL is right ' +
        '(e.g. DATABASE_URL=postgres://kepu:secret@localhost:5432/kepu).',
      { cause: error },
    );
  }
  return database;
}
