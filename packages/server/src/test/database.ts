import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Scope } from '@kepu/sdk/schema';
import { sql } from 'drizzle-orm';
import { issueApiKey } from '../access/keys.js';
import { createDatabase, type Database } from '../db/create-database.js';
import { runMigrations } from '../db/migrate.js';
import { organizations } from '../db/schema/access.js';
import { newId } from '../ids.js';

export type TestDriver = 'pglite' | 'postgres';
/** Data-layer tests run on both: `describe.each(TEST_DRIVERS)(…)`. */
export const TEST_DRIVERS: readonly TestDriver[] = ['pglite', 'postgres'];

/** A PGlite served over TCP, so the `pg` driver path runs against a real Postgres engine here. */
export interface PgliteTcpServer {
  url: string;
  pglite: PGlite;
  /** Stop listening and drop every connection (a database outage). */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startPgliteTcpServer(options: { maxConnections?: number } = {}): Promise<PgliteTcpServer> {
  const pglite = await PGlite.create({ extensions: { vector } });
  let port = 0;
  let server: PGLiteSocketServer | undefined;
  const start = async () => {
    server = new PGLiteSocketServer({
      db: pglite,
      port,
      host: '127.0.0.1',
      maxConnections: options.maxConnections ?? 20,
    });
    await server.start();
    port = Number(server.getServerConn().split(':').pop());
  };
  await start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    pglite,
    start,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async close() {
      await server?.stop();
      await pglite.close();
    },
  };
}

/** A migrated, empty database on the given driver. `close()` also stops the TCP server of the `postgres` path. */
export async function createTestDatabase(driver: TestDriver = 'pglite'): Promise<Database & { tcp?: PgliteTcpServer }> {
  if (driver === 'pglite') {
    const database = await createDatabase({ driver: 'pglite', dataDir: 'memory://' });
    await runMigrations(database);
    return database;
  }
  const tcp = await startPgliteTcpServer();
  const database = await createDatabase({ driver: 'postgres', url: tcp.url, poolSize: 10 });
  await runMigrations(database);
  return {
    ...database,
    tcp,
    async close() {
      await database.close();
      await tcp.close();
    },
  };
}

/** Empties every table (keeps the migrations) — far cheaper than a new database per test. */
export async function resetDatabase(database: Database): Promise<void> {
  const result = await database.db.execute<{ name: string }>(
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
  );
  const names = result.rows.map((r) => r.name);
  if (names.length) await database.db.execute(sql.raw(`truncate ${names.join(', ')} restart identity cascade`));
}

/** An organisation plus a key of the given kind for tests; returns the bearer token. */
export async function createTestKey(
  database: Database,
  options: {
    kind?: 'publishable' | 'secret';
    scopes?: Scope[];
    origins?: string[];
    organizationId?: string;
    expiresAt?: Date | null;
  } = {},
) {
  let organizationId = options.organizationId;
  if (!organizationId) {
    organizationId = newId('org');
    await database.db.insert(organizations).values({ id: organizationId, name: `测试机构 ${organizationId}` });
  }
  const { token, key } = await issueApiKey(database.db, {
    organizationId,
    name: 'test',
    kind: options.kind ?? 'secret',
    scopes: options.scopes ?? [],
    allowedOrigins: options.origins ?? ['http://localhost:8787'],
    expiresAt: options.expiresAt ?? null,
  });
  return { token, keyId: key.id, organizationId, auth: { authorization: `Bearer ${token}` } };
}
