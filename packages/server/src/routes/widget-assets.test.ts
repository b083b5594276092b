import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorEnvelope } from '@kepu/sdk/schema';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findKeyByToken } from '../access/keys.js';
import { apiKeys } from '../db/schema/access.js';
import type { AppEnv } from '../http/app-env.js';
import { renderError } from '../http/errors.js';
import { createTestApp } from '../test/app.js';
import { createTestDatabase, resetDatabase } from '../test/database.js';
import { demoPublishableKey } from './demo-key.js';
import { widgetAssetRoutes } from './widget-assets.js';
import { widgetBundle } from './widget-bundle.js';

/** A bundle directory as `build:bundle` writes it (the real build is exercised by the widget's browser tests). */
async function writeBundle(dir: string, buildId: string) {
  await writeFile(path.join(dir, 'kepu-assistant.js'), 'import("./kepu-assistant-panel-abc.js");');
  await writeFile(path.join(dir, 'kepu-assistant-panel-abc.js'), 'export const panel = 1;');
  await writeFile(path.join(dir, 'kepu-assistant-panel-abc.js.map'), '{"version":3}');
  await writeFile(path.join(dir, 'secret.txt'), 'not part of the bundle');
  await writeFile(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      version: '0.1.0',
      buildId,
      entry: 'kepu-assistant.js',
      files: [
        { name: 'kepu-assistant.js', bytes: 40, gzipBytes: 50 },
        { name: 'kepu-assistant-panel-abc.js', bytes: 24, gzipBytes: 40 },
      ],
    }),
  );
}

function appWith(dir: string) {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.route('/', widgetAssetRoutes(widgetBundle(dir)));
  app.onError(renderError);
  return app;
}

describe('widget bundle routes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kepu-widget-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('answers 404 with the envelope and the command to run while nothing is built', async () => {
    const res = await appWith(path.join(dir, 'missing')).request('/widget/kepu-assistant.js');
    expect(res.status).toBe(404);
    expect(ErrorEnvelope.parse(await res.json()).error.message).toContain('pnpm build:widget');
  });

  it('serves each file of the current build immutable, with CORS for module scripts, and redirects the alias', async () => {
    await writeBundle(dir, '0.1.0-aaaaaaaaaa');
    const app = appWith(dir);
    const entry = await app.request('/widget/0.1.0-aaaaaaaaaa/kepu-assistant.js');
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(entry.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(entry.headers.get('access-control-allow-origin')).toBe('*');
    expect(await entry.text()).toContain('kepu-assistant-panel-abc.js');
    const map = await app.request('/widget/0.1.0-aaaaaaaaaa/kepu-assistant-panel-abc.js.map');
    expect(map.headers.get('content-type')).toBe('application/json');

    const alias = await app.request('/widget/kepu-assistant.js');
    expect(alias.status).toBe(302);
    expect(alias.headers.get('location')).toBe('/widget/0.1.0-aaaaaaaaaa/kepu-assistant.js');
    expect(alias.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('follows a rebuild without a restart, and names the current build when an old one is asked for', async () => {
    await writeBundle(dir, '0.1.0-bbbbbbbbbb');
    const app = appWith(dir);
    const old = await app.request('/widget/0.1.0-aaaaaaaaaa/kepu-assistant.js');
    expect(old.status).toBe(404);
    expect(ErrorEnvelope.parse(await old.json()).error.message).toContain('/widget/0.1.0-bbbbbbbbbb/kepu-assistant.js');
    expect((await app.request('/widget/0.1.0-bbbbbbbbbb/kepu-assistant.js')).status).toBe(200);
  });

  it.each([
    '/widget/0.1.0-bbbbbbbbbb/secret.txt',
    '/widget/0.1.0-bbbbbbbbbb/manifest.json',
    '/widget/0.1.0-bbbbbbbbbb/..%2Fsecret.txt',
    '/widget/0.1.0-bbbbbbbbbb/other.js',
  ])('serves nothing outside the manifest: %s', async (url) => {
    const res = await appWith(dir).request(url);
    expect(res.status).toBe(404);
    expect(ErrorEnvelope.safeParse(await res.json()).success).toBe(true);
  });
});

describe('demo pages', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());
  beforeEach(async () => resetDatabase(database));

  it('derive one publishable key per origin, accepted only from that origin, created once', async () => {
    const publicUrl = 'https://kepu.example.org';
    const a = await demoPublishableKey(database.db, 'http://localhost:8787', publicUrl);
    const again = await demoPublishableKey(database.db, 'http://localhost:8787', publicUrl);
    const b = await demoPublishableKey(database.db, 'https://kepu.example.org', publicUrl);
    expect(again).toBe(a);
    expect(b).not.toBe(a);
    expect(a).toMatch(/^pk_demo[0-9a-f]{40}$/);
    const key = await findKeyByToken(database.db, a ?? '');
    expect(key).toMatchObject({ kind: 'publishable', allowedOrigins: ['http://localhost:8787'], scopes: [] });
  });

  it('never mints a key for an origin named only by the Host header', async () => {
    expect(await demoPublishableKey(database.db, 'http://evil1.example', 'http://localhost:8787')).toBeUndefined();
    const { app } = createTestApp(database);
    const page = await (await app.request('http://evil1.example/')).text();
    expect(page).not.toMatch(/pk_demo[0-9a-f]{40}/);
    const keys = await database.db.select().from(apiKeys);
    expect(keys.filter((k) => k.allowedOrigins.includes('http://evil1.example'))).toEqual([]);
  });

  it('serves the home page under the strict CSP with no inline script or style, and only known example files', async () => {
    const { app } = createTestApp(database);
    const home = await app.request('http://localhost:8787/');
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'; style-src 'self'");
    const css = await app.request('/assets/demo.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const html = await home.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script
    expect(html).not.toMatch(/\sstyle=/); // no inline style
    // Whether or not the bundle is built in this checkout, the page links the examples and says what to do.
    expect(html).toContain('/examples/partner-site/');
    expect((await app.request('/examples/nope/')).status).toBe(404);
    expect((await app.request('/examples/partner-site/..%2F..%2Fpackage.json')).status).toBe(404);
    const css2 = await app.request('/examples/partner-site/site.css');
    expect(css2.status).toBe(200);
    expect(css2.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});
