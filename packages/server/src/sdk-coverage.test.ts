import { Kepu, OPERATIONS, type OperationId } from '@kepu/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './db/create-database.js';
import { createTestApp } from './test/app.js';
import { createTestDatabase } from './test/database.js';

// The SDK and the server must describe the same API: every operation of the OpenAPI document has an SDK method,
// and every SDK method calls an operation that exists.

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** `/v1/events/{eventId}` and `/v1/events/{id}` are the same route. */
const normalise = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;

let database: Database;
let served: Map<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  const { app } = createTestApp(database);
  const doc = (await (await app.request('/openapi.json')).json()) as {
    paths: Record<string, Partial<Record<(typeof HTTP_METHODS)[number], { operationId?: string; summary?: string }>>>;
  };
  served = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      served.set(normalise(method, path), `${method.toUpperCase()} ${path} — ${operation.summary ?? ''}`);
    }
  }
});
afterAll(async () => {
  await database.close();
});

describe('SDK coverage of the OpenAPI document', () => {
  const called = new Map(
    (Object.entries(OPERATIONS) as [OperationId, (typeof OPERATIONS)[OperationId]][]).map(([id, op]) => [
      normalise(op.method, op.path),
      id,
    ]),
  );

  it('has an SDK method for every operation of the API', () => {
    const missing = [...served.entries()].filter(([key]) => !called.has(key)).map(([, label]) => label);
    expect(
      missing,
      `operations without an SDK method (add them to packages/sdk/src/operations.ts and a resource)`,
    ).toEqual([]);
  });

  it('calls only operations that exist', () => {
    const dangling = [...called.entries()]
      .filter(([key]) => !served.has(key))
      .map(([key, id]) => `kepu.${id}() → ${key}`);
    expect(dangling, 'SDK methods whose route is not in /openapi.json').toEqual([]);
    expect(called.size, 'two SDK methods call the same route').toBe(Object.keys(OPERATIONS).length);
  });

  it('exposes every operation of its table as a method of the client', () => {
    const kepu = new Kepu({ apiKey: null, baseURL: 'http://localhost' });
    // `volunteers.me.retrieve` is `kepu.volunteers.me.retrieve`.
    const absent = Object.keys(OPERATIONS).filter((id) => {
      const member = id
        .split('.')
        .reduce<unknown>((at, name) => (at as Record<string, unknown> | undefined)?.[name], kepu);
      return typeof member !== 'function';
    });
    expect(absent).toEqual([]);
  });
});
