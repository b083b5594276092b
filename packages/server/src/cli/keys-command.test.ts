import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiKey, CreatedApiKey } from '@kepu/sdk/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../access/keys.js';
import type { Database } from '../db/create-database.js';
import { apiKeys, auditLog } from '../db/schema/access.js';
import { createTestDatabase, resetDatabase } from '../test/database.js';
import { createKeyFromFlags, listKeysForCli, parseExpiry, revokeKeyFromCli } from './keys-command.js';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

function kepu(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@kepu/source', '--import', 'tsx', CLI, ...args],
      { env: { ...process.env, LOG_LEVEL: 'silent', CI: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
});

const base = { kind: 'secret' as const, json: true };

describe('keys commands', () => {
  it('creates keys with validated flags, stores only hashes and audits the change', async () => {
    const out = await createKeyFromFlags(database.db, {
      ...base,
      name: '区科协数据同步',
      scopes: 'events:write, stats:read',
      expires: parseExpiry('90d'),
      organizationName: '南山区科协',
    });
    const { key, token } = JSON.parse(out) as CreatedApiKey;
    expect(token).toMatch(/^sk_/);
    expect(key.scopes).toEqual(['events:write', 'stats:read']);
    expect(Date.parse(key.expiresAt ?? '') - Date.now()).toBeGreaterThan(89 * 86_400_000);
    const [row] = await database.db.select().from(apiKeys);
    expect(row?.secretHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const [entry] = await database.db.select().from(auditLog);
    expect(entry).toMatchObject({ action: 'key.create', targetId: key.id, requestId: 'cli' });

    // The same organisation name is reused, not duplicated.
    const second = JSON.parse(
      await createKeyFromFlags(database.db, {
        ...base,
        name: 'widget',
        kind: 'publishable',
        origins: 'https://nsast.example',
        organizationName: '南山区科协',
      }),
    ) as CreatedApiKey;
    expect(second.key.organizationId).toBe(key.organizationId);
  });

  it('refuses bad flags with a message naming the flag, and writes nothing', async () => {
    const attempts: [Parameters<typeof createKeyFromFlags>[1], string][] = [
      [{ ...base, name: 'x', scopes: 'events:write,root' }, '--scopes'],
      [{ ...base, name: 'x', kind: 'publishable' }, '--origins'],
      [{ ...base, name: 'x', kind: 'publishable', origins: 'example.org' }, '--origins'],
      [{ ...base, name: 'x', expires: '2001-01-01T00:00:00.000Z' }, '--expires'],
      [{ ...base, name: 'x', organization: 'org_missing' }, 'org_missing'],
    ];
    for (const [flags, mention] of attempts) {
      await expect(createKeyFromFlags(database.db, flags)).rejects.toThrow(mention);
    }
    expect(await database.db.select().from(apiKeys)).toHaveLength(0);
    expect(() => parseExpiry('soon')).toThrow('90d');
  });

  it('lists without tokens and revokes by prefix', async () => {
    const { key, token } = JSON.parse(
      await createKeyFromFlags(database.db, { ...base, name: 'a', scopes: 'admin' }),
    ) as CreatedApiKey;
    await createKeyFromFlags(database.db, { ...base, name: 'b' });
    const table = await listKeysForCli(database.db, { all: false, json: false });
    expect(table).toContain(`${key.prefix}…`);
    expect(table).not.toContain(token);
    expect(await revokeKeyFromCli(database.db, `${key.prefix}…`, { reason: 'leaked', json: false })).toContain(key.id);
    const active = JSON.parse(await listKeysForCli(database.db, { all: false, json: true })) as ApiKey[];
    expect(active.map((k) => k.name)).toEqual(['b']);
    const all = JSON.parse(await listKeysForCli(database.db, { all: true, json: true })) as ApiKey[];
    expect(all).toHaveLength(2);
    await expect(revokeKeyFromCli(database.db, 'sk_', { json: false })).rejects.toThrow('2 keys match');
    await expect(revokeKeyFromCli(database.db, 'key_nope', { json: false })).rejects.toThrow('No key');
  });

  it('works end to end as `kepu keys …`', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-keys-'));
    const created = await kepu(['keys', 'create', '--data-dir', dir, '--name', 'ops', '--scopes', 'admin', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { key } = JSON.parse(created.stdout) as CreatedApiKey;
    const listed = await kepu(['keys', 'list', '--data-dir', dir]);
    expect(listed.stdout).toContain(key.id);
    const bad = await kepu(['keys', 'create', '--data-dir', dir, '--name', 'x', '--scopes', 'superuser']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--scopes');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const revoked = await kepu(['keys', 'revoke', key.id, '--data-dir', dir]);
    expect(revoked.stdout).toContain(`Revoked ${key.id}`);
  }, 120_000); // four child processes, each compiling the CLI
});
