import type { RouteAccess, Scope } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { apiKeys } from '../../db/schema/access.js';
import { createTestApp } from '../app.js';
import { createTestDatabase, createTestKey } from '../database.js';
import { fillPath, listOperations, loadOpenApi, type Operation } from '../openapi-operations.js';

// Every operation of the OpenAPI document × every kind of caller → exactly the result its `x-kepu-access` declares.
// Routes are found by walking /openapi.json, so new routes are covered as soon as they are mounted.

const SITE = 'https://www.partner.example';
const OTHER_SITE = 'https://copycat.example';

type Outcome = 'allowed' | 'denied' | 401 | 403;
type Caller =
  | 'no key'
  | 'publishable, allowed origin'
  | 'publishable, other origin'
  | 'publishable, no origin'
  | 'session, its origin'
  | 'session, other origin'
  | 'revoked secret key'
  | 'expired secret key'
  | 'secret key without scopes'
  | 'secret key with the scope'
  | 'admin key';

/** The documented result for a caller, from the route's declared access. */
function expected(access: RouteAccess, caller: Caller): Outcome {
  if (access.level === 'token') {
    // The route's own credential is never sent here: only a key with `orScope` may pass.
    if (caller === 'no key') return 401;
    if (caller === 'secret key with the scope' || caller === 'admin key') return access.orScope ? 'allowed' : 'denied';
    if (!['publishable, allowed origin', 'session, its origin', 'secret key without scopes'].includes(caller)) {
      return expected({ level: 'public' }, caller);
    }
    return 'denied';
  }
  switch (caller) {
    case 'no key':
      return access.level === 'public' ? 'allowed' : 401;
    case 'publishable, other origin':
    case 'publishable, no origin':
    case 'session, other origin':
      return 403; // refused by authentication, whatever the route
    case 'revoked secret key':
    case 'expired secret key':
      return 401;
    case 'publishable, allowed origin':
      return access.level === 'scope' ? 403 : 'allowed';
    case 'session, its origin':
    case 'secret key without scopes':
      return access.level === 'public' || access.level === 'client' ? 'allowed' : 403;
    case 'secret key with the scope':
    case 'admin key':
      return access.level === 'publishable' ? 403 : 'allowed';
  }
}

let database: Database;
let app: ReturnType<typeof createTestApp>['app'];
let operations: Operation[];
let headersOf: (caller: Caller, scope: Scope | null) => Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ app } = createTestApp(database));
  operations = listOperations(await loadOpenApi(app));

  const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
  const sessionRes = await app.request('/v1/sessions', { method: 'POST', headers: { ...pk.auth, origin: SITE } });
  const session = ((await sessionRes.json()) as { token: string }).token;
  const revoked = await createTestKey(database, { scopes: ['admin'] });
  await database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, revoked.keyId));
  const expired = await createTestKey(database, { scopes: ['admin'], expiresAt: new Date(Date.now() - 60_000) });
  const none = await createTestKey(database, { scopes: [] });
  const admin = await createTestKey(database, { scopes: ['admin'] });
  const scoped = new Map<Scope, string>();
  for (const op of operations) {
    const scope =
      op.access?.level === 'scope' ? op.access.scope : op.access?.level === 'token' ? op.access.orScope : undefined;
    if (scope && !scoped.has(scope)) scoped.set(scope, (await createTestKey(database, { scopes: [scope] })).token);
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  headersOf = (caller, scope) => {
    switch (caller) {
      case 'no key':
        return {};
      case 'publishable, allowed origin':
        return { ...pk.auth, origin: SITE };
      case 'publishable, other origin':
        return { ...pk.auth, origin: OTHER_SITE };
      case 'publishable, no origin':
        return pk.auth;
      case 'session, its origin':
        return { ...bearer(session), origin: SITE };
      case 'session, other origin':
        return { ...bearer(session), origin: OTHER_SITE };
      case 'revoked secret key':
        return revoked.auth;
      case 'expired secret key':
        return expired.auth;
      case 'secret key without scopes':
        return none.auth;
      case 'secret key with the scope':
        return bearer((scope && scoped.get(scope)) ?? admin.token);
      case 'admin key':
        return admin.auth;
    }
  };
});
afterAll(async () => {
  await database.close();
});

const CALLERS: Caller[] = [
  'no key',
  'publishable, allowed origin',
  'publishable, other origin',
  'publishable, no origin',
  'session, its origin',
  'session, other origin',
  'revoked secret key',
  'expired secret key',
  'secret key without scopes',
  'secret key with the scope',
  'admin key',
];

describe('authorization matrix over every operation of /openapi.json', () => {
  it('finds the operations, including the access routes', () => {
    expect(operations.map((o) => o.label)).toEqual(expect.arrayContaining(['POST /v1/sessions', 'GET /v1/audit']));
  });

  it('has every /v1 operation declare who may call it (x-kepu-access, see docs/security.md)', () => {
    const undeclared = operations.filter((o) => o.path.startsWith('/v1/') && !o.access).map((o) => o.label);
    expect(
      undeclared,
      'spread access.public()/client()/scope(…) from src/access/route-access.ts into createRoute',
    ).toEqual([]);
  });

  it('documents the same access in OpenAPI `security` as in x-kepu-access (what /docs shows)', () => {
    const disagreements: string[] = [];
    let compared = 0;
    for (const op of operations) {
      if (!op.access || !op.path.startsWith('/v1/')) continue;
      compared++;
      const security = op.security ?? [];
      const has = (scheme: string, scopes: string[]) =>
        security.some((r) => JSON.stringify(r[scheme] ?? null) === JSON.stringify(scopes));
      const anonymousAllowed = security.some((r) => Object.keys(r).length === 0);
      const access = op.access;
      const ok =
        access.level === 'public'
          ? anonymousAllowed
          : access.level === 'client' || access.level === 'publishable'
            ? !anonymousAllowed && has('bearer', [])
            : access.level === 'scope'
              ? !anonymousAllowed && has('bearer', [access.scope])
              : !anonymousAllowed && has(access.credential, []) && (!access.orScope || has('bearer', [access.orScope]));
      if (!ok)
        disagreements.push(
          `${op.label}: x-kepu-access ${JSON.stringify(access)} vs security ${JSON.stringify(security)}`,
        );
    }
    expect(compared).toBeGreaterThan(10);
    expect(disagreements).toEqual([]);
  });

  it('gives each caller exactly the documented result on every declared operation', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const op of operations) {
      // Only /v1 is authenticated; /healthz, /readyz, /openapi.json are open to everyone by design.
      const access = op.access;
      if (!access || !op.path.startsWith('/v1/')) continue;
      const url = fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p.name, 'x_matrix'])));
      for (const caller of CALLERS) {
        const scope =
          access.level === 'scope' ? access.scope : access.level === 'token' ? (access.orScope ?? null) : null;
        const headers = headersOf(caller, scope);
        const hasBody = op.method !== 'get' && op.method !== 'delete';
        const res = await app.request(url, {
          method: op.method.toUpperCase(),
          headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
          ...(hasBody ? { body: '{}' } : {}),
        });
        await res.body?.cancel();
        checked++;
        const want = expected(access, caller);
        const got = res.status;
        const ok =
          want === 'allowed'
            ? got !== 401 && got !== 403 && got < 500
            : want === 'denied'
              ? got === 401 || got === 403
              : got === want;
        if (!ok)
          mismatches.push(
            `${op.label} [${access.level}${access.level === 'scope' ? ` ${access.scope}` : ''}] ${caller}: expected ${want}, got ${got}`,
          );
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  });
});
