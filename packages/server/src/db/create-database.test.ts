import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DRIVERS } from '../test/database.js';
import { createDatabase, type Database, DatabaseOpenError } from './create-database.js';
import { runMigrations } from './migrate.js';

describe.each(TEST_DRIVERS)('database on %s', (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await database.close();
  });

  it('has pgvector with HNSW and cosine distance', async () => {
    await database.db.execute(sql`create temporary table v (id int, e vector(3))`);
    await database.db.execute(sql`create index on v using hnsw (e vector_cosine_ops)`);
    await database.db.execute(sql`insert into v values (1, '[1,0,0]'), (2, '[0,1,0]'), (3, '[0.9,0.1,0]')`);
    const result = await database.db.execute<{ id: number }>(sql`select id from v order by e <=> '[1,0,0]' limit 2`);
    expect(result.rows.map((r) => r.id)).toEqual([1, 3]);
  });

  it('migrates idempotently, also when several migrations race', async () => {
    await Promise.all([runMigrations(database), runMigrations(database), runMigrations(database)]);
    const result = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    const files = (await readdir(new URL('../../drizzle', import.meta.url))).filter((f) => f.endsWith('.sql'));
    expect(result.rows[0]?.n).toBe(files.length);
  });

  it('answers ping', async () => {
    expect(await database.ping()).toBeGreaterThanOrEqual(0);
  });
});

describe('opening the embedded database', () => {
  it('refuses a non-empty directory that is not a PGlite database and changes nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-notdb-'));
    await writeFile(path.join(dir, 'notes.txt'), 'precious');
    await expect(createDatabase({ driver: 'pglite', dataDir: dir })).rejects.toThrow(/not a Kepu \(PGlite\) database/);
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('refuses a file given as data directory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-file-'));
    const file = path.join(dir, 'db');
    await writeFile(file, 'x');
    await expect(createDatabase({ driver: 'pglite', dataDir: file })).rejects.toBeInstanceOf(DatabaseOpenError);
  });

  it('persists in a directory across openings', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-dir-'));
    const first = await createDatabase({ driver: 'pglite', dataDir: dir });
    await runMigrations(first);
    await first.db.execute(sql`insert into kepu_meta (key, value) values ('probe', '1')`);
    await first.close();
    const second = await createDatabase({ driver: 'pglite', dataDir: dir });
    const result = await second.db.execute<{ value: number }>(sql`select value from kepu_meta where key = 'probe'`);
    await second.close();
    expect(result.rows[0]?.value).toBe(1);
  });
});

describe('opening PostgreSQL', () => {
  it('fails clearly when the server is unreachable, without leaking the password', async () => {
    const error = await createDatabase({
      driver: 'postgres',
      url: 'postgres://kepu:hunter2@127.0.0.1:1/kepu',
      poolSize: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toMatch(
      /Could not connect to PostgreSQL at postgres:\/\/kepu:\*\*\*@127\.0\.0\.1:1/,
    );
    expect((error as Error).message).not.toContain('hunter2');
  });
});
