import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './db/create-database.js';
import { createTestApp } from './test/app.js';
import { createTestDatabase } from './test/database.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('the app skeleton', () => {
  it('is alive and ready', async () => {
    const { app } = createTestApp(database);
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { driver: 'pglite', ok: true } });
  });

  it('echoes a valid X-Request-Id and generates one otherwise', async () => {
    const { app } = createTestApp(database);
    const echoed = await app.request('/healthz', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const generated = await app.request('/healthz');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with the JSON error envelope', async () => {
    const { app } = createTestApp(database);
    const res = await app.request('/v1/nothing-here', { headers: { 'X-Request-Id': 'r1' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('GET /v1/nothing-here'), requestId: 'r1' },
    });
  });

  it('turns a bug into 500 with the request id, logs the stack, and shows the client no stack', async () => {
    const { app, logger } = createTestApp(database);
    app.get('/v1/boom', () => {
      throw new Error('kaboom secret detail');
    });
    const res = await app.request('/v1/boom', { headers: { 'X-Request-Id': 'r2' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal_error', requestId: 'r2' } });
    expect(text).not.toContain('kaboom');
    expect(text).not.toMatch(/at .*\.ts/);
    const logged = logger.lines.find((l) => l.msg === 'unhandled error');
    expect(JSON.stringify(logged)).toContain('kaboom');
  });

  it('rejects bodies over the limit with 413', async () => {
    const { app } = createTestApp(database, { KEPU_BODY_LIMIT_BYTES: '100' });
    app.post('/v1/echo', async (c) => c.json(await c.req.json()));
    const res = await app.request('/v1/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(500) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('times out slow requests with 503 timeout', async () => {
    const { app } = createTestApp(database, { KEPU_REQUEST_TIMEOUT_MS: '50' });
    app.get('/v1/slow', async (c) => {
      await new Promise((r) => setTimeout(r, 300));
      return c.json({ ok: true });
    });
    const res = await app.request('/v1/slow');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ error: { code: 'timeout' } });
  });

  it('answers CORS preflight for the API', async () => {
    const { app } = createTestApp(database);
    const res = await app.request('/v1/events', {
      method: 'OPTIONS',
      headers: { origin: 'https://partner.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves a valid OpenAPI 3.1 document', async () => {
    const { app } = createTestApp(database);
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
  });

  it('serves the API reference and the home page with security headers', async () => {
    const { app } = createTestApp(database);
    const docs = await app.request('/docs');
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('/openapi.json');
    expect(html).toContain('/docs/assets/scalar-standalone.js');
    const nonce = /'nonce-([a-f0-9]+)'/.exec(docs.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce}"`);
    const bundle = await app.request('/docs/assets/scalar-standalone.js');
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);

    const home = await app.request('/');
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(home.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
