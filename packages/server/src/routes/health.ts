import { createRoute } from '@hono/zod-openapi';
import { Health, Readiness } from '@kepu/sdk/schema';
import type { Database } from '../db/create-database.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../http/errors.js';
import { createRouter } from '../http/openapi-app.js';

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['System'],
  summary: 'Liveness: the process is up',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: Health } } } },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['System'],
  summary: 'Readiness: the database answers',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: Readiness } } },
    503: { description: 'The database cannot be reached', content: { 'application/json': { schema: Readiness } } },
  },
});

export function healthRoutes(deps: { database: Database }) {
  return createRouter()
    .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyz, async (c) => {
      const driver = deps.database.driver;
      try {
        const latencyMs = await deps.database.ping(1_000);
        return c.json({ status: 'ready' as const, database: { driver, ok: true, latencyMs } }, 200);
      } catch {
        c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        return c.json({ status: 'unavailable' as const, database: { driver, ok: false } }, 503);
      }
    });
}
