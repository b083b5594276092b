import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config.js';
import type { Database } from '../db/create-database.js';
import { apiKeys } from '../db/schema/access.js';
import { startServer } from '../server.js';
import { createTestApp, memoryLogger, testConfig } from '../test/app.js';
import { createTestDatabase } from '../test/database.js';
import { DEV_KEYS_FILE, DevKeys, ensureDemoKeys, readDevKeys } from './dev-keys.js';
import { hashToken } from './keys.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('demo keys on the first start', () => {
  it('creates a local partner with a publishable and an admin key once, storing only hashes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-dev-keys-'));
    const config: Config = { ...testConfig(), database: { driver: 'pglite', dataDir: dir } };
    const keys = await ensureDemoKeys(database.db, config);
    expect(keys?.allowedOrigins).toEqual(expect.arrayContaining(['http://localhost:8787', 'http://127.0.0.1:8787']));
    const file = path.join(dir, DEV_KEYS_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(DevKeys.parse(JSON.parse(await readFile(file, 'utf8')))).toEqual(keys);
    expect(await readDevKeys(config)).toEqual(keys);

    const rows = await database.db.select().from(apiKeys);
    expect(rows.map((r) => r.secretHash).sort()).toEqual(
      [hashToken(keys?.adminKey ?? ''), hashToken(keys?.publishableKey ?? '')].sort(),
    );
    expect(JSON.stringify(rows)).not.toContain(keys?.adminKey);

    // The keys work: the publishable one from localhost, the admin one everywhere.
    const { app } = createTestApp(database);
    const session = await app.request('/v1/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys?.publishableKey}`, origin: 'http://localhost:8787' },
    });
    expect(session.status).toBe(201);
    expect((await app.request('/v1/keys', { headers: { authorization: `Bearer ${keys?.adminKey}` } })).status).toBe(
      200,
    );

    // Second start: nothing new.
    expect(await ensureDemoKeys(database.db, config)).toBeNull();
    expect(await database.db.select().from(apiKeys)).toHaveLength(2);
  });

  it('creates nothing for PostgreSQL or in-memory databases', async () => {
    expect(await ensureDemoKeys(database.db, testConfig())).toBeNull();
    const pg = { ...testConfig(), database: { driver: 'postgres' as const, url: 'postgres://x@y/z', poolSize: 1 } };
    expect(await ensureDemoKeys(database.db, pg)).toBeNull();
  });

  it('startServer returns the keys on the first start of an empty data directory only', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-first-start-'));
    const config = testConfig({ KEPU_DATA_DIR: dir, PORT: '0' });
    const first = await startServer({ config, logger: memoryLogger() });
    try {
      expect(first.demoKeys?.publishableKey).toMatch(/^pk_/);
    } finally {
      await first.close();
    }
    const second = await startServer({ config, logger: memoryLogger() });
    try {
      expect(second.demoKeys).toBeNull();
      expect((await readDevKeys(config))?.adminKey).toBe(first.demoKeys?.adminKey);
    } finally {
      await second.close();
    }
  });
});

/** Starts `kepu serve` in a child process, returns what it printed until it was ready, then stops it. */
function serveOnce(dataDir: string): Promise<string> {
  const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@kepu/source', '--import', 'tsx', cli, 'serve', '--data-dir', dataDir, '--port', '0'],
      { env: { ...process.env, LOG_LEVEL: 'silent', CI: '1' } },
    );
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start: ${out}`));
    }, 90_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Readiness')) {
        // Wait for the block after the URLs, then stop the server.
        setTimeout(() => child.kill('SIGTERM'), 300);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe('kepu serve', () => {
  it('prints the demo keys on the first start only', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-serve-keys-'));
    const first = await serveOnce(dir);
    const keys = DevKeys.parse(JSON.parse(await readFile(path.join(dir, DEV_KEYS_FILE), 'utf8')));
    expect(first).toContain(keys.publishableKey);
    expect(first).toContain(keys.adminKey);
    expect(first).toContain(DEV_KEYS_FILE);
    const second = await serveOnce(dir);
    expect(second).toContain('Kepu is running');
    expect(second).not.toContain(keys.adminKey);
    expect(second).not.toContain('pk_');
  }, 200_000);
});
