import type { Database } from '../../db/create-database.js';
import { createTestKey } from '../../test/database.js';

type RequestApp = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** Keys of the rumour roles and a JSON POST helper, for tests of this domain. */
export async function createRumoursFixture(database: Database, app: RequestApp) {
  const writer = (await createTestKey(database, { scopes: ['rumours:write'] })).auth;
  const reviewer = (await createTestKey(database, { scopes: ['rumours:review'] })).auth;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return { writer, reviewer, post };
}
