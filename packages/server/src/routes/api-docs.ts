import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';

const require = createRequire(import.meta.url);
/** Scalar's prebuilt browser bundle, served from here so the reference works offline and under our CSP. */
const SCALAR_BUNDLE = path.join(path.dirname(require.resolve('@scalar/api-reference')), 'browser', 'standalone.js');
const SCALAR_ASSET_PATH = '/docs/assets/scalar-standalone.js';

/** The interactive API reference at `/docs`, rendering `/openapi.json`. */
export function apiDocsRoutes() {
  let bundle: Promise<Buffer> | undefined;
  return new Hono<AppEnv>()
    .get(SCALAR_ASSET_PATH, async (c) => {
      bundle ??= readFile(SCALAR_BUNDLE);
      c.header('content-type', 'text/javascript; charset=utf-8');
      c.header('cache-control', 'public, max-age=86400');
      return c.body(new Uint8Array(await bundle));
    })
    .get('/docs', async (c, next) => {
      // Scalar's page boots from one inline script and injects styles at run time: allow exactly that script by nonce.
      const nonce = crypto.randomUUID().replaceAll('-', '');
      c.header(
        'content-security-policy',
        `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; ` +
          "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'",
      );
      const handler = Scalar<AppEnv>({
        url: '/openapi.json',
        cdn: SCALAR_ASSET_PATH,
        pageTitle: 'Kepu API reference',
        nonce,
        withDefaultFonts: false,
      });
      return handler(c, next);
    });
}
