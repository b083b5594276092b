import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { createTestApp } from '../app.js';
import { createTestDatabase } from '../database.js';
import { fillPath, listOperations, loadOpenApi } from '../openapi-operations.js';

// Every HTML page the server serves carries a CSP with the configured frame-ancestors, nosniff and a referrer policy.

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function htmlPages(app: ReturnType<typeof createTestApp>['app']): Promise<string[]> {
  const fromDocument = listOperations(await loadOpenApi(app))
    .filter((o) => o.method === 'get' && o.servesHtml)
    .map((o) => fillPath(o.path, Object.fromEntries(o.pathParams.map((p) => [p.name, 'x_page']))));
  // Pages outside the API (the demo page, examples): follow the same-site links of the home page, two levels deep.
  const found = new Set(['/', '/docs', ...fromDocument]);
  let frontier = ['/'];
  for (let depth = 0; depth < 2; depth++) {
    const next: string[] = [];
    for (const page of frontier) {
      const res = await app.request(page);
      if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
      for (const [, href] of (await res.text()).matchAll(/href="(\/[^"#?]*)/g)) {
        if (href && !found.has(href) && !href.startsWith('/v1/') && !/\.(js|css|json|png|svg|ico)$/.test(href)) {
          found.add(href);
          next.push(href);
        }
      }
    }
    frontier = next;
  }
  return [...found];
}

describe('security headers of HTML pages', () => {
  it('are on every HTML page, with frame-ancestors as configured', async () => {
    for (const [setting, expected] of [
      [undefined, "frame-ancestors 'self'"],
      ["'none'", "frame-ancestors 'none'"],
      ["'self' https://www.partner.example", "frame-ancestors 'self' https://www.partner.example"],
    ] as const) {
      const { app } = createTestApp(database, setting ? { KEPU_FRAME_ANCESTORS: setting } : {});
      let html = 0;
      for (const page of await htmlPages(app)) {
        const res = await app.request(page);
        if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
        html++;
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, page).toContain(expected);
        expect(csp, page).toMatch(/default-src 'self'/);
        expect(csp, page).toMatch(/object-src 'none'/);
        expect(csp, page).not.toMatch(/script-src[^;]*'unsafe-inline'/);
        expect(res.headers.get('x-content-type-options'), page).toBe('nosniff');
        expect(res.headers.get('referrer-policy'), page).toBeTruthy();
        expect(res.headers.get('strict-transport-security'), page).toBeTruthy();
      }
      expect(html).toBeGreaterThanOrEqual(2); // /, /docs, and the example pages once the widget bundle is built
    }
  });

  it('refuses a frame-ancestors setting that is not a source list', () => {
    for (const bad of ['*', 'javascript:alert(1)', "'none' https://a.example", 'https://a.example/path']) {
      expect(() => createTestApp(database, { KEPU_FRAME_ANCESTORS: bad }), bad).toThrow(/KEPU_FRAME_ANCESTORS/);
    }
  });
});
