import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRateLimit } from '../../access/access-config.js';
import { createMemoryRateLimitStore, createPostgresRateLimitStore } from '../../access/rate-limit-store.js';
import type { Database } from '../../db/create-database.js';
import { organizations } from '../../db/schema/access.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase, TEST_DRIVERS } from '../../test/database.js';
import { dayIn, routeGroupOf } from './rate-limit.js';

const SITE = 'https://www.partner.example';

describe('rate limit settings', () => {
  it('parses rates and refuses nonsense', () => {
    expect(parseRateLimit('20/min')).toEqual({ capacity: 20, periodSeconds: 60 });
    expect(parseRateLimit('100/10s')).toEqual({ capacity: 100, periodSeconds: 10 });
    expect(parseRateLimit('5000/day')).toEqual({ capacity: 5000, periodSeconds: 86_400 });
    expect(parseRateLimit('off')).toBe('off');
    for (const bad of ['', '20', 'min/20', '0/min', '20/0s', '-1/min', '20/fortnight'])
      expect(parseRateLimit(bad)).toBeNull();
  });

  it('puts the assistant and browser submissions into stricter groups', () => {
    expect(routeGroupOf('POST', '/v1/assistant/chat')).toBe('assistant');
    expect(routeGroupOf('POST', '/v1/chat/completions', 'secret')).toBe('assistant');
    expect(routeGroupOf('POST', '/v1/rumours/check', 'session')).toBe('assistant');
    expect(routeGroupOf('POST', '/v1/events/evt_1/occurrences/occ_1/registrations', 'session')).toBe('registrations');
    expect(routeGroupOf('POST', '/v1/shifts/sh_1/sign-up')).toBe('registrations');
    expect(routeGroupOf('POST', '/v1/rumours/tips', 'publishable')).toBe('registrations');
    // Servers submitting with secret keys, reads, and look-alike paths stay in the default group.
    expect(routeGroupOf('POST', '/v1/events/evt_1/occurrences/occ_1/registrations', 'secret')).toBe('default');
    expect(routeGroupOf('GET', '/v1/events/evt_1/occurrences/occ_1/registrations', 'session')).toBe('default');
    expect(routeGroupOf('GET', '/v1/assistants-and-more')).toBe('default');
  });

  it('knows the day and what is left of it in the configured time zone', () => {
    expect(dayIn(new Date('2026-03-01T15:30:00Z'), 'Asia/Shanghai')).toEqual({
      day: '2026-03-01',
      secondsLeft: 30 * 60,
    });
    expect(dayIn(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai').day).toBe('2026-03-02');
  });
});

describe.each(TEST_DRIVERS)('token buckets in PostgreSQL (%s)', (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await database.close();
  });

  it('takes exactly the capacity under concurrency, then refills with time', async () => {
    const store = createPostgresRateLimitStore(database.db);
    const limit = { capacity: 5, periodSeconds: 10 };
    const t0 = new Date('2026-03-01T00:00:00Z');
    const results = await Promise.all(Array.from({ length: 12 }, () => store.take([{ key: 'k', limit }], t0)));
    expect(results.filter(([s]) => s?.allowed)).toHaveLength(5);
    const [denied] = await store.take([{ key: 'k', limit }], t0);
    expect(denied).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 2, resetSeconds: 10 });
    // 2 s later two tokens are back (0.5 per second).
    const later = new Date(t0.getTime() + 4_000);
    const [a] = await store.take([{ key: 'k', limit }], later);
    const [b] = await store.take([{ key: 'k', limit }], later);
    const [c] = await store.take([{ key: 'k', limit }], later);
    expect([a?.allowed, b?.allowed, c?.allowed]).toEqual([true, true, false]);
    // A clock that runs behind (another process) never refills.
    const [d] = await store.take([{ key: 'k', limit }], t0);
    expect(d?.allowed).toBe(false);
  });

  it('counts a daily quota exactly, and forgets old entries', async () => {
    const store = createPostgresRateLimitStore(database.db);
    const expires = new Date('2026-03-02T00:00:00Z');
    const counted = await Promise.all(Array.from({ length: 8 }, () => store.countDaily('q', 5, expires)));
    expect(counted.filter((r) => r.allowed)).toHaveLength(5);
    expect((await store.countDaily('q', 5, expires)).allowed).toBe(false);
    await store.prune(new Date('2026-03-03T00:00:00Z'));
    expect((await store.countDaily('q', 5, expires)).allowed).toBe(true);
  });
});

describe('the rate limiter in the app', () => {
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

  for (const store of ['postgres', 'memory'] as const) {
    it(`answers 429 with Retry-After and RateLimit-* headers per client (${store} store)`, async () => {
      const { app } = createTestApp(database, {
        KEPU_RATE_LIMIT_STORE: store,
        KEPU_RATE_LIMIT_DEFAULT: '3/min',
        KEPU_TRUSTED_PROXY_HOPS: '1',
      });
      app.get('/v1/ping', (c) => c.json({ ok: true }));
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': `198.51.100.7, ${ip}` } });
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await app.request('/v1/ping', from('203.0.113.1'));
        statuses.push(last.status);
        if (i === 0) {
          expect(last.headers.get('ratelimit-limit')).toBe('3');
          expect(last.headers.get('ratelimit-remaining')).toBe('2');
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(last?.headers.get('retry-after')).toBe('20');
      expect(last?.headers.get('ratelimit-remaining')).toBe('0');
      expect(await last?.json()).toMatchObject({
        error: { code: 'rate_limited', message: expect.stringContaining('3 per minute') },
      });
      // Another client IP has its own bucket; the forged left part of X-Forwarded-For is ignored.
      expect((await app.request('/v1/ping', from('203.0.113.2'))).status).toBe(200);
      // A secret key is limited per key, not per IP.
      const sk = await createTestKey(database, { scopes: [] });
      const keyed = await app.request('/v1/ping', { headers: { ...sk.auth, 'x-forwarded-for': '203.0.113.1' } });
      expect(keyed.status).toBe(200);
    });
  }

  it('is stricter for the assistant, and limits each widget session separately', async () => {
    const { app } = createTestApp(database, {
      KEPU_RATE_LIMIT_STORE: 'postgres',
      KEPU_RATE_LIMIT_ASSISTANT: '2/min',
      KEPU_ASSISTANT_DAILY_QUOTA: 'off',
    });
    app.post('/v1/assistant/echo', (c) => c.json({ ok: true }));
    app.get('/v1/ping', (c) => c.json({ ok: true }));
    const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
    const session = async () => {
      const res = await app.request('/v1/sessions', { method: 'POST', headers: { ...pk.auth, origin: SITE } });
      const { token } = (await res.json()) as { token: string };
      return { authorization: `Bearer ${token}`, origin: SITE };
    };
    const s1 = await session();
    const s2 = await session();
    const ask = (headers: Record<string, string>) => app.request('/v1/assistant/echo', { method: 'POST', headers });
    expect([(await ask(s1)).status, (await ask(s1)).status, (await ask(s1)).status]).toEqual([200, 200, 429]);
    expect((await ask(s2)).status).toBe(200);
    // Other routes are in the default group and still open for the same session.
    expect((await app.request('/v1/ping', { headers: s1 })).status).toBe(200);
  });

  it('enforces a daily assistant quota per organisation, with a per-partner override', async () => {
    const { app } = createTestApp(database, {
      KEPU_RATE_LIMIT_STORE: 'postgres',
      KEPU_RATE_LIMIT_ASSISTANT: '1000/min',
      KEPU_ASSISTANT_DAILY_QUOTA: '2',
    });
    app.post('/v1/assistant/echo', (c) => c.json({ ok: true }));
    const a = await createTestKey(database, { scopes: [] });
    const b1 = await createTestKey(database, { scopes: [] });
    const b2 = await createTestKey(database, { scopes: [], organizationId: b1.organizationId });
    const ask = (auth: Record<string, string>) => app.request('/v1/assistant/echo', { method: 'POST', headers: auth });
    expect([(await ask(a.auth)).status, (await ask(a.auth)).status]).toEqual([200, 200]);
    const over = await ask(a.auth);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    expect(((await over.json()) as { error: { message: string } }).error.message).toContain('daily assistant quota');
    // Two keys of one organisation share its quota.
    expect([(await ask(b1.auth)).status, (await ask(b2.auth)).status, (await ask(b1.auth)).status]).toEqual([
      200, 200, 429,
    ]);
    // A partner with a larger quota.
    const c = await createTestKey(database, { scopes: [] });
    await database.db
      .update(organizations)
      .set({ assistantDailyQuota: 3 })
      .where(eq(organizations.id, c.organizationId));
    expect([
      (await ask(c.auth)).status,
      (await ask(c.auth)).status,
      (await ask(c.auth)).status,
      (await ask(c.auth)).status,
    ]).toEqual([200, 200, 200, 429]);
  });

  it('shares nothing between apps with memory stores (one process each)', async () => {
    const env = { KEPU_RATE_LIMIT_STORE: 'memory', KEPU_RATE_LIMIT_DEFAULT: '1/min' };
    const { app: one } = createTestApp(database, env);
    const { app: two } = createTestApp(database, env);
    one.get('/v1/ping', (c) => c.json({ ok: true }));
    two.get('/v1/ping', (c) => c.json({ ok: true }));
    expect((await one.request('/v1/ping')).status).toBe(200);
    expect((await one.request('/v1/ping')).status).toBe(429);
    expect((await two.request('/v1/ping')).status).toBe(200);
  });

  it('shares buckets between apps with the postgres store (several processes)', async () => {
    const env = { KEPU_RATE_LIMIT_STORE: 'postgres', KEPU_RATE_LIMIT_DEFAULT: '1/min' };
    const { app: one } = createTestApp(database, env);
    const { app: two } = createTestApp(database, env);
    one.get('/v1/ping', (c) => c.json({ ok: true }));
    two.get('/v1/ping', (c) => c.json({ ok: true }));
    expect((await one.request('/v1/ping')).status).toBe(200);
    expect((await two.request('/v1/ping')).status).toBe(429);
  });
});

describe('the memory store', () => {
  it('behaves like the PostgreSQL one', async () => {
    const store = createMemoryRateLimitStore();
    const limit = { capacity: 2, periodSeconds: 60 };
    const t0 = new Date('2026-03-01T00:00:00Z');
    const taken = [];
    for (let i = 0; i < 3; i++) taken.push((await store.take([{ key: 'k', limit }], t0))[0]?.allowed);
    expect(taken).toEqual([true, true, false]);
    expect((await store.take([{ key: 'k', limit }], new Date(t0.getTime() + 30_000)))[0]?.allowed).toBe(true);
  });
});
