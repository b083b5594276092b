import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { ApiError } from '../http/errors.js';
import { entryPath, type WidgetBundle } from './widget-bundle.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const FILE_NAME = /^[\w.-]+\.js(\.map)?$/;

/**
 * The widget bundle. `/widget/<buildId>/<file>` is immutable (the build id holds a content hash) and cached for a
 * year; `/widget/kepu-assistant.js` redirects to the current build for pages that always want the newest. Module
 * scripts are fetched with CORS, so partner pages need `Access-Control-Allow-Origin`.
 */
export function widgetAssetRoutes(bundle: WidgetBundle) {
  const notBuilt = () =>
    new ApiError(
      404,
      'not_found',
      'The widget bundle is not built on this server. Build it with `pnpm build:widget` (pnpm start does this).',
    );
  return new Hono<AppEnv>()
    .get('/widget/kepu-assistant.js', async (c) => {
      const manifest = await bundle.manifest();
      if (!manifest) throw notBuilt();
      c.header('cache-control', 'public, max-age=300');
      c.header('access-control-allow-origin', '*');
      return c.redirect(entryPath(manifest), 302);
    })
    .get('/widget/:buildId/:file', async (c) => {
      const manifest = await bundle.manifest();
      if (!manifest) throw notBuilt();
      const { buildId, file } = c.req.param();
      if (buildId !== manifest.buildId) {
        throw new ApiError(
          404,
          'not_found',
          `Widget build ${buildId} is not on this server. The current build is ${entryPath(manifest)}; /widget/kepu-assistant.js always points to it.`,
        );
      }
      const known = manifest.files.some((f) => f.name === file || `${f.name}.map` === file);
      if (!FILE_NAME.test(file) || !known) {
        throw new ApiError(404, 'not_found', `No file ${file} in widget build ${buildId}.`);
      }
      const body = await readFile(path.join(bundle.dir, file));
      c.header('content-type', file.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8');
      c.header('cache-control', IMMUTABLE);
      c.header('access-control-allow-origin', '*');
      c.header('x-content-type-options', 'nosniff');
      return c.body(new Uint8Array(body));
    });
}
