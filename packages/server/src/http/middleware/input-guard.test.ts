import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase } from '../../test/database.js';
import { findUnstorable, MAX_JSON_DEPTH } from './input-guard.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

function echoApp() {
  const { app } = createTestApp(database);
  let reached = 0;
  app.post('/v1/echo', async (c) => {
    reached++;
    return c.json(await c.req.json());
  });
  app.get('/v1/echo/:id', (c) => c.json({ id: c.req.param('id') }));
  return { app, reached: () => reached };
}

const post = (body: string | Uint8Array, type = 'application/json') => ({
  method: 'POST',
  headers: { 'content-type': type },
  body,
});

describe('input guard', () => {
  it('passes ordinary JSON through unchanged, including Chinese, emoji and escaped text', async () => {
    const { app } = echoApp();
    const body = { 名称: '深圳科普 😀', sql: "' OR '1'='1", nested: [[{ a: 1 }]] };
    const res = await app.request('/v1/echo', post(JSON.stringify(body)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(body);
  });

  it('refuses NUL characters and unpaired surrogates with the field path, before any route runs', async () => {
    const { app, reached } = echoApp();
    for (const [raw, path] of [
      ['{"name":"a\\u0000b"}', 'body.name'],
      ['{"list":["ok","\\ud800"]}', 'body.list.1'],
      ['{"x":{"y":"\\udc00z"}}', 'body.x.y'],
    ] as const) {
      const res = await app.request('/v1/echo', post(raw));
      expect(res.status, raw).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', details: [{ path }] } });
    }
    expect(reached()).toBe(0);
  });

  it('refuses invalid UTF-8, broken JSON and too deep nesting', async () => {
    const { app, reached } = echoApp();
    const invalid = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    const utf8 = await app.request('/v1/echo', post(invalid));
    expect(utf8.status).toBe(400);
    expect(((await utf8.json()) as { error: { message: string } }).error.message).toContain('UTF-8');
    expect((await app.request('/v1/echo', post('{"a":'))).status).toBe(400);
    const deep = `${'['.repeat(MAX_JSON_DEPTH + 2)}${']'.repeat(MAX_JSON_DEPTH + 2)}`;
    expect((await app.request('/v1/echo', post(deep))).status).toBe(400);
    const veryDeep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect((await app.request('/v1/echo', post(veryDeep))).status).toBe(400);
    expect(reached()).toBe(0);
    const ok = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect((await app.request('/v1/echo', post(ok))).status).toBe(200);
  });

  it('refuses %00 in paths and queries', async () => {
    const { app } = echoApp();
    expect((await app.request('/v1/echo/a%00b')).status).toBe(400);
    expect((await app.request('/v1/echo/a?q=%00')).status).toBe(400);
    expect((await app.request('/v1/echo/%E7%A7%91')).status).toBe(200);
  });

  it('finds problems without recursion', () => {
    expect(findUnstorable({ a: [1, 'fine', { b: null }] })).toBeNull();
    expect(findUnstorable({ 'k\u0000': 1 })).toMatchObject({ path: 'body' });
  });
});
