import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.js';
import { errorBody, zodDetails } from './errors.js';

const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
};

/**
 * A router whose zod validation failures become the 400 error envelope listing every field and its problem.
 * Every route module builds its sub-app with this so the behaviour is the same everywhere.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const target = TARGET_NAMES[result.target] ?? result.target;
        const details = zodDetails(result.error, target);
        const summary = details
          .slice(0, 3)
          .map((d) => `${d.path}: ${d.message}`)
          .join('; ');
        return c.json(errorBody(c, 'invalid_request', `Invalid request. ${summary}`, details), 400);
      }
    },
  });
}
export type Router = ReturnType<typeof createRouter>;
