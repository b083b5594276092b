import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_WINDOW_MS, runAccessMaintenance } from '../../access/maintenance.js';
import { createPiiCipher } from '../../crypto/pii-cipher.js';
import type { Database } from '../../db/create-database.js';
import { idempotencyKeys } from '../../db/schema/access.js';
import { testConfig } from '../../test/app.js';
import { createTestDatabase, createTestKey } from '../../test/database.js';
import type { AppEnv } from '../app-env.js';
import { renderError } from '../errors.js';
import { authenticate } from './authenticate.js';
import { idempotency } from './idempotency.js';
import { requireClient, requireScope } from './require.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

function guardedApp() {
  let counter = 0;
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('requestId', 'rid');
    await next();
  });
  app.use('*', authenticate({ db: database.db }));
  app.use('*', idempotency({ db: database.db, cipher: createPiiCipher(randomBytes(32)) }));
  app.get('/public', (c) => c.json({ who: c.get('principal').kind }));
  app.post('/client', requireClient(), async (c) => c.json({ n: ++counter, body: await c.req.json() }, 201));
  app.get('/staff', requireScope('events:write'), (c) => c.json({ ok: true }));
  app.onError(renderError);
  return app;
}

describe('authentication and scopes', () => {
  it('lets anonymous callers read public data but not act', async () => {
    const app = guardedApp();
    expect(await (await app.request('/public')).json()).toEqual({ who: 'anonymous' });
    expect((await app.request('/client', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await app.request('/staff')).status).toBe(401);
  });

  it('accepts a publishable key only from its allowed origins', async () => {
    const app = guardedApp();
    const { auth } = await createTestKey(database, { kind: 'publishable', origins: ['https://a.example'] });
    const ok = await app.request('/public', { headers: { ...auth, origin: 'https://a.example' } });
    expect(await ok.json()).toEqual({ who: 'publishable' });
    const other = await app.request('/public', { headers: { ...auth, origin: 'https://evil.example' } });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toContain('https://evil.example');
    const staff = await app.request('/staff', { headers: { ...auth, origin: 'https://a.example' } });
    expect(staff.status).toBe(403);
  });

  it('checks scopes of secret keys; admin implies all', async () => {
    const app = guardedApp();
    const without = await createTestKey(database, { scopes: ['stats:read'] });
    const withScope = await createTestKey(database, { scopes: ['events:write'] });
    const admin = await createTestKey(database, { scopes: ['admin'] });
    const denied = await app.request('/staff', { headers: without.auth });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('events:write') },
    });
    expect((await app.request('/staff', { headers: withScope.auth })).status).toBe(200);
    expect((await app.request('/staff', { headers: admin.auth })).status).toBe(200);
  });

  it('rejects unknown, malformed, revoked and expired keys with 401', async () => {
    const app = guardedApp();
    const expired = await createTestKey(database, { scopes: ['admin'], expiresAt: new Date(Date.now() - 1000) });
    for (const authorization of [
      'Bearer sk_00000000000000000000000000',
      'Bearer nonsense',
      'Basic abc',
      expired.auth.authorization,
    ]) {
      const res = await app.request('/public', { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    }
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, and refuses another body', async () => {
    const app = guardedApp();
    const { auth } = await createTestKey(database, { scopes: [] });
    const send = (body: unknown, key = 'same-key-1') =>
      app.request('/client', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const first = await send({ a: 1 });
    expect(first.status).toBe(201);
    const replay = await send({ a: 1 });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(await first.json());
    const different = await send({ a: 2 });
    expect(different.status).toBe(409);
    // What was stored (it may hold tokens the first answer carried) is encrypted at rest.
    const stored = await database.db.select().from(idempotencyKeys);
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) expect(row.responseBody ?? '').not.toContain('"a":1');
    const fresh = await send({ a: 2 }, 'another-key');
    expect(((await fresh.json()) as { n: number }).n).toBe(2);
  });

  it('counts concurrent retries of one key once', async () => {
    const app = guardedApp();
    const { auth } = await createTestKey(database, { scopes: [] });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.request('/client', {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'burst' },
          body: '{"x":1}',
        }),
      ),
    );
    const created = responses.filter((r) => r.status === 201 && !r.headers.get('idempotent-replayed'));
    expect(created).toHaveLength(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
  });
});

describe('stored idempotent responses', () => {
  it('are pruned by the daily maintenance once past their one-day window', async () => {
    const app = guardedApp();
    const { auth } = await createTestKey(database, { scopes: [] });
    const post = () =>
      app.request('/client', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'to-prune' },
        body: '{"p":1}',
      });
    expect((await post()).status).toBe(201);
    const now = new Date();
    expect((await runAccessMaintenance(database.db, testConfig(), now)).idempotencyDeleted).toBe(0);
    const later = new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS + 60_000);
    expect((await runAccessMaintenance(database.db, testConfig(), later)).idempotencyDeleted).toBeGreaterThan(0);
    const rows = await database.db.select().from(idempotencyKeys);
    expect(rows.find((r) => r.key === 'to-prune')).toBeUndefined();
  });
});
