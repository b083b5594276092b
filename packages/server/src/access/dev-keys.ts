import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/create-database.js';
import { apiKeys, organizations } from '../db/schema/access.js';
import { appendAudit } from './audit.js';
import { issueApiKey } from './keys.js';

/** Development-only file in the data directory with the demo keys in clear (mode 0600). */
export const DEV_KEYS_FILE = 'dev-keys.json';
export const DEMO_ORGANIZATION_ID = 'org_local_demo';

export const DevKeys = z.object({
  note: z.string(),
  organizationId: z.string(),
  publishableKey: z.string().regex(/^pk_[0-9a-z]+$/),
  allowedOrigins: z.array(z.string()),
  adminKey: z.string().regex(/^sk_[0-9a-z]+$/),
  createdAt: z.string(),
});
export type DevKeys = z.infer<typeof DevKeys>;

/** Where the dev-keys file lives, or null when there is no data directory (PostgreSQL, in-memory). */
export function devKeysPath(config: Config): string | null {
  return config.database.driver === 'pglite' && config.database.dataDir !== 'memory://'
    ? path.join(config.database.dataDir, DEV_KEYS_FILE)
    : null;
}

/** The origins a local demo runs on: localhost and 127.0.0.1 on the configured port, plus the public URL. */
export function demoOrigins(config: Config): string[] {
  const origins = [
    `http://localhost:${config.port}`,
    `http://127.0.0.1:${config.port}`,
    new URL(config.publicUrl).origin,
  ];
  if (config.port !== 8787) origins.push('http://localhost:8787', 'http://127.0.0.1:8787');
  return [...new Set(origins)];
}

/**
 * On the first start of an embedded database (no keys at all yet), creates a local demo partner with a publishable
 * key for the local origins and an admin secret key; stores only their hashes, writes them in clear to
 * `<data dir>/dev-keys.json` (mode 0600) and returns them so that `serve` prints them once. Later starts return
 * null. With PostgreSQL (production) nothing is created: use `kepu keys create`.
 */
export async function ensureDemoKeys(db: Db, config: Config, now = new Date()): Promise<DevKeys | null> {
  const file = devKeysPath(config);
  if (!file) return null;
  const keys = await db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    const existing = await tx.select({ id: apiKeys.id }).from(apiKeys).limit(1);
    if (existing.length > 0) return null;
    await tx
      .insert(organizations)
      .values({ id: DEMO_ORGANIZATION_ID, name: '本地演示合作方 (local demo partner)', kind: 'partner' })
      .onConflictDoNothing();
    const allowedOrigins = demoOrigins(config);
    const publishable = await issueApiKey(txDb, {
      organizationId: DEMO_ORGANIZATION_ID,
      name: 'local demo widget',
      kind: 'publishable',
      allowedOrigins,
    });
    const admin = await issueApiKey(txDb, {
      organizationId: DEMO_ORGANIZATION_ID,
      name: 'local admin',
      kind: 'secret',
      scopes: ['admin'],
    });
    for (const { key } of [publishable, admin]) {
      await appendAudit(
        txDb,
        { action: 'key.create', targetType: 'api_key', targetId: key.id, details: { kind: key.kind, demo: true } },
        { keyId: null, organizationId: DEMO_ORGANIZATION_ID, requestId: 'first-start' },
      );
    }
    return {
      note: 'Development only: demo keys of this local data directory. Do not use them for real data.',
      organizationId: DEMO_ORGANIZATION_ID,
      publishableKey: publishable.token,
      allowedOrigins,
      adminKey: admin.token,
      createdAt: now.toISOString(),
    } satisfies DevKeys;
  });
  if (keys) await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

/** The demo keys of this data directory, if it has them (for the demo page and tooling); null otherwise. */
export async function readDevKeys(config: Config): Promise<DevKeys | null> {
  const file = devKeysPath(config);
  if (!file) return null;
  try {
    const parsed = DevKeys.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
