import { createRoute, z } from '@hono/zod-openapi';
import {
  ApiKey,
  ApiKeyList,
  ApiKeyListQuery,
  AuditList,
  AuditQuery,
  CreateApiKey,
  CreatedApiKey,
  CreateWidgetSession,
  ErrorEnvelope,
  RevokeApiKey,
  WidgetSession,
} from '@kepu/sdk/schema';
import type { Context } from 'hono';
import { recordAudit } from '../../access/audit.js';
import { listAudit } from '../../access/audit-query.js';
import { createKey, listKeys, newKeyFrom, revokeKey } from '../../access/key-management.js';
import { access } from '../../access/route-access.js';
import { issueWidgetSession } from '../../access/sessions.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/create-database.js';
import type { AppEnv } from '../../http/app-env.js';
import { createRouter } from '../../http/openapi-app.js';

const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 429)[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: 'Error', content: { 'application/json': { schema: ErrorEnvelope } } }]),
  );

const KeyId = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'id', in: 'path' }, example: 'key_06c2…' }),
});

const createSession = createRoute({
  method: 'post',
  path: '/sessions',
  tags: ['Access'],
  summary: 'Exchange a publishable key for a short-lived widget session',
  description:
    "Called by the widget from a partner page. The `Origin` header must be one of the key's allowed origins; the " +
    'session token only works from that same origin and expires after minutes. A key copied to another site gets nothing.',
  ...access.publishable(),
  request: {
    body: { required: false, content: { 'application/json': { schema: CreateWidgetSession } } },
  },
  responses: {
    201: { description: 'Session created', content: { 'application/json': { schema: WidgetSession } } },
    ...errors(400, 401, 403, 429),
  },
});

const createKeyRoute = createRoute({
  method: 'post',
  path: '/keys',
  tags: ['Access'],
  summary: 'Create an API key for a partner (admin)',
  ...access.scope('admin'),
  request: { body: { required: true, content: { 'application/json': { schema: CreateApiKey } } } },
  responses: {
    201: {
      description: 'The key; its token is shown this once',
      content: { 'application/json': { schema: CreatedApiKey } },
    },
    ...errors(400, 401, 403, 404, 429),
  },
});

const listKeysRoute = createRoute({
  method: 'get',
  path: '/keys',
  tags: ['Access'],
  summary: 'List API keys (admin); tokens are never shown again, only their prefix',
  ...access.scope('admin'),
  request: { query: ApiKeyListQuery },
  responses: {
    200: { description: 'A page of keys', content: { 'application/json': { schema: ApiKeyList } } },
    ...errors(400, 401, 403, 429),
  },
});

const revokeKeyRoute = createRoute({
  method: 'post',
  path: '/keys/{id}/revoke',
  tags: ['Access'],
  summary: 'Revoke an API key (admin); idempotent',
  ...access.scope('admin'),
  request: {
    params: KeyId,
    body: { required: false, content: { 'application/json': { schema: RevokeApiKey } } },
  },
  responses: {
    200: { description: 'The revoked key', content: { 'application/json': { schema: ApiKey } } },
    ...errors(400, 401, 403, 404, 429),
  },
});

const listAuditRoute = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['Access'],
  summary: 'Read the audit log (admin), newest first',
  description:
    'Append-only: the API has no way to change or delete entries; old entries expire after KEPU_AUDIT_RETENTION_DAYS.',
  ...access.scope('admin'),
  request: { query: AuditQuery },
  responses: {
    200: { description: 'A page of entries', content: { 'application/json': { schema: AuditList } } },
    ...errors(400, 401, 403, 429),
  },
});

function actorOf(c: Context<AppEnv>) {
  const principal = c.get('principal');
  return { keyId: principal.keyId, organizationId: principal.organizationId, requestId: c.get('requestId') ?? null };
}

/** `/v1/sessions`, `/v1/keys`, `/v1/audit`. */
export function accessRoutes(deps: { config: Config; database: Database; now?: () => Date }) {
  const { db } = deps.database;
  const now = deps.now ?? (() => new Date());
  return createRouter()
    .openapi(createSession, async (c) => {
      const principal = c.get('principal');
      // requirePublishable and authenticate guarantee a publishable key from one of its origins.
      const origin = principal.origin ?? '';
      const ttlSeconds = deps.config.access.sessionTtlSeconds;
      const { token, expiresAt } = await issueWidgetSession(db, {
        keyId: principal.keyId ?? '',
        organizationId: principal.organizationId ?? '',
        origin,
        ttlSeconds,
        now: now(),
      });
      c.header('Cache-Control', 'no-store');
      return c.json({ token, origin, expiresAt: expiresAt.toISOString(), expiresInSeconds: ttlSeconds }, 201);
    })
    .openapi(createKeyRoute, async (c) => {
      const created = await createKey(db, newKeyFrom(c.req.valid('json')), actorOf(c));
      c.header('Cache-Control', 'no-store');
      return c.json(created, 201);
    })
    .openapi(listKeysRoute, async (c) => c.json(await listKeys(db, c.req.valid('query')), 200))
    .openapi(revokeKeyRoute, async (c) => {
      const body = (c.req.header('content-type') ?? '').includes('json') ? c.req.valid('json') : {};
      const revoked = await revokeKey(db, c.req.valid('param').id, body?.reason ?? null, actorOf(c), now());
      return c.json(revoked, 200);
    })
    .openapi(listAuditRoute, async (c) => {
      const query = c.req.valid('query');
      const page = await listAudit(db, query);
      // Reading the log is itself worth knowing about; recorded after the read so it never lists itself.
      await recordAudit(db, c, {
        action: 'audit.read',
        targetType: 'audit_log',
        details: { filter: { ...query, cursor: undefined } },
      });
      return c.json(page, 200);
    });
}
