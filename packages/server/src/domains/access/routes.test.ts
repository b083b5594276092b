import type { ApiKey, AuditEntry, CreatedApiKey, WidgetSession } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../access/keys.js';
import type { Database } from '../../db/create-database.js';
import { apiKeys, auditLog, widgetSessions } from '../../db/schema/access.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase } from '../../test/database.js';

const SITE = 'https://www.partner.example';
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

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('widget sessions', () => {
  it('exchanges a publishable key from an allowed origin for an origin-bound session', async () => {
    const { app } = createTestApp(database, { KEPU_SESSION_TTL_SECONDS: '600' });
    app.get('/v1/whoami', (c) => c.json(c.get('principal')));
    const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
    const res = await app.request('/v1/sessions', { method: 'POST', headers: { ...pk.auth, origin: SITE } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const session = (await res.json()) as WidgetSession;
    expect(session).toMatchObject({ origin: SITE, expiresInSeconds: 600 });
    expect(session.token).toMatch(/^st_[0-9a-z]{20,}$/);
    expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(590_000);

    // Only the hash is stored.
    const rows = await database.db.select().from(widgetSessions);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashToken(session.token));
    expect(JSON.stringify(rows)).not.toContain(session.token);

    const bearer = { authorization: `Bearer ${session.token}` };
    const me = await app.request('/v1/whoami', { headers: { ...bearer, origin: SITE } });
    expect(await me.json()).toMatchObject({ kind: 'session', keyId: pk.keyId, organizationId: pk.organizationId });

    // Copied to another site, or used without an origin (a server-side script): refused.
    const copied = await app.request('/v1/whoami', { headers: { ...bearer, origin: 'https://copycat.example' } });
    expect(copied.status).toBe(403);
    expect(((await copied.json()) as { error: { message: string } }).error.message).toContain(SITE);
    expect((await app.request('/v1/whoami', { headers: bearer })).status).toBe(403);
  });

  it('gives nothing to a key used from another origin, to secret keys, or to sessions', async () => {
    const { app } = createTestApp(database);
    const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
    const other = await app.request('/v1/sessions', {
      method: 'POST',
      headers: { ...pk.auth, origin: 'https://copycat.example' },
    });
    expect(other.status).toBe(403);
    const sk = await createTestKey(database, { scopes: ['admin'] });
    const secret = await app.request('/v1/sessions', { method: 'POST', headers: sk.auth });
    expect(secret.status).toBe(403);
    expect((await app.request('/v1/sessions', { method: 'POST' })).status).toBe(401);
    expect(await database.db.select().from(widgetSessions)).toHaveLength(0);
  });

  it('stops working when it expires or when its key is revoked', async () => {
    const { app: first } = createTestApp(database, { KEPU_SESSION_TTL_SECONDS: '60' });
    const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
    const res = await first.request('/v1/sessions', { method: 'POST', headers: { ...pk.auth, origin: SITE } });
    const { token } = (await res.json()) as WidgetSession;
    const headers = { authorization: `Bearer ${token}`, origin: SITE };
    expect((await first.request('/v1/keys', { headers })).status).toBe(403); // valid session, no admin scope
    // Time passes: the session's expiry is now behind us.
    await database.db
      .update(widgetSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(widgetSessions.keyId, pk.keyId));
    const expired = await first.request('/v1/keys', { headers });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toContain('expired');

    const again = await first.request('/v1/sessions', { method: 'POST', headers: { ...pk.auth, origin: SITE } });
    const fresh = (await again.json()) as WidgetSession;
    await database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, pk.keyId));
    const revoked = await first.request('/v1/keys', {
      headers: { authorization: `Bearer ${fresh.token}`, origin: SITE },
    });
    expect(revoked.status).toBe(401);
  });

  it("never replays one visitor's response to another visitor of the same site", async () => {
    const { app } = createTestApp(database, { KEPU_TRUSTED_PROXY_HOPS: '1' });
    let n = 0;
    app.post('/v1/echo', (c) => c.json({ n: ++n }, 201));
    const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
    const sessionHeaders = async () => {
      const res = await app.request('/v1/sessions', { method: 'POST', headers: { ...pk.auth, origin: SITE } });
      return { authorization: `Bearer ${((await res.json()) as WidgetSession).token}`, origin: SITE };
    };
    const send = (headers: Record<string, string>) =>
      app.request('/v1/echo', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': 'same-uuid' },
        body: '{}',
      });
    const a = await sessionHeaders();
    const b = await sessionHeaders();
    expect(await (await send(a)).json()).toEqual({ n: 1 });
    expect(await (await send(a)).json()).toEqual({ n: 1 }); // the same visitor retrying: replayed
    expect(await (await send(b)).json()).toEqual({ n: 2 }); // another visitor: a request of its own
    // Publishable keys used directly: scoped by client IP.
    const fromIp = (ip: string) => send({ ...pk.auth, origin: SITE, 'x-forwarded-for': ip });
    expect(await (await fromIp('203.0.113.1')).json()).toEqual({ n: 3 });
    expect(await (await fromIp('203.0.113.2')).json()).toEqual({ n: 4 });
    expect(await (await fromIp('203.0.113.1')).json()).toEqual({ n: 3 });
  });

  it('can require sessions for citizen actions, leaving the key itself only reads and session creation', async () => {
    const { app } = createTestApp(database, { KEPU_REQUIRE_WIDGET_SESSIONS: 'true' });
    app.post('/v1/echo', (c) => c.json({ kind: c.get('principal').kind }, 201));
    app.get('/v1/echo', (c) => c.json({ kind: c.get('principal').kind }));
    const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
    const direct = await app.request('/v1/echo', { method: 'POST', headers: { ...pk.auth, origin: SITE } });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { error: { message: string } }).error.message).toContain('POST /v1/sessions');
    expect((await app.request('/v1/echo', { headers: { ...pk.auth, origin: SITE } })).status).toBe(200);
    const created = await app.request('/v1/sessions', { method: 'POST', headers: { ...pk.auth, origin: SITE } });
    const { token } = (await created.json()) as WidgetSession;
    const viaSession = await app.request('/v1/echo', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: SITE },
    });
    expect(await viaSession.json()).toEqual({ kind: 'session' });
  });

  it('rejects a body that is not an empty object', async () => {
    const { app } = createTestApp(database);
    const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
    const res = await app.request(
      '/v1/sessions',
      json({ origin: 'https://evil.example' }, { ...pk.auth, origin: SITE }),
    );
    expect(res.status).toBe(400);
    expect(await database.db.select().from(widgetSessions)).toHaveLength(0);
  });
});

describe('keys (admin)', () => {
  it('creates, lists and revokes keys, auditing each change, and never shows a token twice', async () => {
    const { app, logger } = createTestApp(database, { LOG_LEVEL: 'info' });
    const admin = await createTestKey(database, { scopes: ['admin'] });
    const created = await app.request(
      '/v1/keys',
      json(
        { organizationId: admin.organizationId, name: '科技馆 widget', kind: 'publishable', allowedOrigins: [SITE] },
        { ...admin.auth, 'x-request-id': 'req-create' },
      ),
    );
    expect(created.status).toBe(201);
    const { key, token } = (await created.json()) as CreatedApiKey;
    expect(token.startsWith(key.prefix)).toBe(true);
    expect(key).toMatchObject({ kind: 'publishable', scopes: [], allowedOrigins: [SITE], revokedAt: null });

    const list = await app.request('/v1/keys', { headers: admin.auth });
    const listed = (await list.json()) as { data: ApiKey[] };
    expect(listed.data.map((k) => k.id)).toContain(key.id);
    expect(JSON.stringify(listed)).not.toContain(token);

    const revoke = await app.request(`/v1/keys/${key.id}/revoke`, json({ reason: '合作结束' }, admin.auth));
    expect(revoke.status).toBe(200);
    expect(((await revoke.json()) as ApiKey).revokedAt).not.toBeNull();
    // Revoking twice is harmless and not audited twice.
    expect((await app.request(`/v1/keys/${key.id}/revoke`, { method: 'POST', headers: admin.auth })).status).toBe(200);
    const gone = await app.request('/v1/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: SITE },
    });
    expect(gone.status).toBe(401);

    // Every request is attributed to its key in the access log, and no token is ever logged.
    const logged = logger.lines.filter((l) => l.msg === 'request');
    expect(logged.length).toBeGreaterThanOrEqual(4);
    expect(logged.every((l) => l.keyId === admin.keyId || l.keyId === null)).toBe(true);
    expect(logged.filter((l) => l.keyId === admin.keyId).length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(logger.lines)).not.toContain(token);
    expect(JSON.stringify(logger.lines)).not.toContain(admin.token);
    const entries = await database.db.select().from(auditLog).orderBy(auditLog.id);
    expect(entries.map((e) => e.action)).toEqual(['key.create', 'key.revoke']);
    expect(entries[0]).toMatchObject({ keyId: admin.keyId, targetId: key.id, requestId: 'req-create' });
    expect(entries[1]).toMatchObject({ reason: '合作结束' });
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  it('explains bad requests and writes nothing', async () => {
    const { app } = createTestApp(database);
    const admin = await createTestKey(database, { scopes: ['admin'] });
    const cases: [unknown, string][] = [
      [{ organizationId: admin.organizationId, name: 'x', kind: 'publishable' }, 'body.allowedOrigins'],
      [
        {
          organizationId: admin.organizationId,
          name: 'x',
          kind: 'publishable',
          allowedOrigins: ['https://a.example/path'],
        },
        'body.allowedOrigins.0',
      ],
      [{ organizationId: admin.organizationId, name: 'x', scopes: ['root'] }, 'body.scopes.0'],
      [
        {
          organizationId: admin.organizationId,
          name: 'x',
          kind: 'publishable',
          allowedOrigins: [SITE],
          scopes: ['admin'],
        },
        'body.scopes',
      ],
      [{ organizationId: admin.organizationId, name: 'x', expiresAt: '2001-01-01T00:00:00Z' }, 'body.expiresAt'],
      [{ organizationId: admin.organizationId, name: '' }, 'body.name'],
    ];
    for (const [body, path] of cases) {
      const res = await app.request('/v1/keys', json(body, admin.auth));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as { error: { details: { path: string }[] } };
      expect(error.details.map((d) => d.path)).toContain(path);
    }
    const unknownOrg = await app.request('/v1/keys', json({ organizationId: 'org_nope', name: 'x' }, admin.auth));
    expect(unknownOrg.status).toBe(404);
    expect((await app.request('/v1/keys/key_nope/revoke', { method: 'POST', headers: admin.auth })).status).toBe(404);
    expect(await database.db.select().from(apiKeys)).toHaveLength(1);
    expect(await database.db.select().from(auditLog)).toHaveLength(0);
  });
});

describe('audit log (admin)', () => {
  it('filters and pages newest first, and has no way to change entries', async () => {
    const { app } = createTestApp(database);
    const admin = await createTestKey(database, { scopes: ['admin'] });
    for (let i = 0; i < 5; i++) {
      const res = await app.request(
        '/v1/keys',
        json({ organizationId: admin.organizationId, name: `k${i}`, scopes: ['stats:read'] }, admin.auth),
      );
      const { key } = (await res.json()) as CreatedApiKey;
      if (i % 2 === 0) await app.request(`/v1/keys/${key.id}/revoke`, { method: 'POST', headers: admin.auth });
    }
    const seen: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/audit?action=key.&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await app.request(query, { headers: admin.auth });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { data: AuditEntry[]; nextCursor: string | null };
      seen.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(seen.map((e) => e.id)).toEqual([...seen.map((e) => e.id)].sort().reverse());
    const revokes = await app.request('/v1/audit?action=key.revoke', { headers: admin.auth });
    expect(((await revokes.json()) as { data: AuditEntry[] }).data).toHaveLength(3);
    // Reading the log is audited too.
    const reads = await app.request('/v1/audit?action=audit.read', { headers: admin.auth });
    expect(((await reads.json()) as { data: AuditEntry[] }).data.length).toBeGreaterThanOrEqual(4);

    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect((await app.request('/v1/audit', { method, headers: admin.auth })).status).toBe(404);
    }
    const bad = await app.request('/v1/audit?cursor=forged', { headers: admin.auth });
    expect(bad.status).toBe(400);
    const staff = await createTestKey(database, { scopes: ['events:write'] });
    expect((await app.request('/v1/audit', { headers: staff.auth })).status).toBe(403);
  });
});
