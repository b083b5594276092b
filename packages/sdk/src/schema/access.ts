import { z } from 'zod';

/** What a secret key may do. `admin` implies every other scope. */
export const Scope = z
  .enum([
    'registry:write',
    'registry:review',
    'events:write',
    'registrations:read',
    'volunteers:write',
    'volunteers:pii',
    'rumours:write',
    'rumours:review',
    'stats:read',
    'admin',
  ])
  .meta({ id: 'Scope' });
export type Scope = z.infer<typeof Scope>;

export const KeyKind = z.enum(['publishable', 'secret']).meta({ id: 'KeyKind' });
export type KeyKind = z.infer<typeof KeyKind>;

/**
 * Who may call an operation, declared on every route as the OpenAPI extension `x-kepu-access`:
 * `public` (anyone, no key needed), `client` (any valid key: publishable from an allowed origin, widget session,
 * or secret key), `publishable` (only a publishable key from an allowed origin), `scope` (a secret key holding
 * `scope`, or `admin`), `token` (the route checks its own credential, e.g. a volunteer's token, and optionally also
 * accepts a secret key holding `orScope`).
 */
export const RouteAccess = z
  .discriminatedUnion('level', [
    z.object({ level: z.literal('public') }),
    z.object({ level: z.literal('client') }),
    z.object({ level: z.literal('publishable') }),
    z.object({
      level: z.literal('token'),
      credential: z.string().meta({ description: "The security scheme of the route's own credential." }),
      orScope: Scope.optional().meta({ description: 'A secret key with this scope is accepted instead.' }),
    }),
    z.object({ level: z.literal('scope'), scope: Scope }),
  ])
  .meta({ id: 'RouteAccess' });
export type RouteAccess = z.infer<typeof RouteAccess>;

/** A browser origin: scheme, host and optional port; no path, no trailing slash. */
export const Origin = z
  .string()
  .max(255)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'must be an origin like https://www.example.org (no path, no slash)')
  .meta({ description: 'A browser origin (scheme://host[:port]).', example: 'https://www.example.org' });

const KeyName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .meta({ description: 'What the key is for, shown in lists.', example: '科技馆官网 widget' });

/** A key as listed: never the token, only its first characters. */
export const ApiKey = z
  .object({
    id: z.string().meta({ example: 'key_06c2…' }),
    organizationId: z.string(),
    name: z.string(),
    kind: KeyKind,
    prefix: z
      .string()
      .meta({ description: 'The first characters of the token, to recognise it.', example: 'pk_7d2kq9' }),
    scopes: z.array(Scope),
    allowedOrigins: z.array(z.string()),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKey>;

/** Body of `POST /v1/keys` (admin). */
export const CreateApiKey = z
  .object({
    organizationId: z.string().min(1).max(64).meta({ description: 'The partner that owns the key.' }),
    name: KeyName,
    kind: KeyKind.default('secret'),
    scopes: z
      .array(Scope)
      .max(20)
      .default([])
      .meta({ description: 'Secret keys only: what the key may do. Publishable keys have none.' }),
    allowedOrigins: z
      .array(Origin)
      .max(50)
      .default([])
      .meta({ description: 'Publishable keys: the sites (origins) that may use the key. Required for them.' }),
    expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'publishable' && value.allowedOrigins.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowedOrigins'],
        message: 'a publishable key needs at least one allowed origin, e.g. ["https://www.example.org"]',
      });
    }
    if (value.kind === 'publishable' && value.scopes.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['scopes'],
        message: 'publishable keys cannot hold scopes; create a secret key for staff operations',
      });
    }
    if (value.expiresAt !== null && Date.parse(value.expiresAt) <= Date.now()) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be in the future' });
    }
  })
  .meta({ id: 'CreateApiKey' });
export type CreateApiKey = z.input<typeof CreateApiKey>;

/** Answer of `POST /v1/keys`: the token is shown this once and never again. */
export const CreatedApiKey = z
  .object({
    key: ApiKey,
    token: z.string().meta({ description: 'The whole key. Store it now: only its hash is kept.' }),
  })
  .meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const ApiKeyList = z
  .object({ data: z.array(ApiKey), nextCursor: z.string().nullable() })
  .meta({ id: 'ApiKeyList' });

export const ApiKeyListQuery = z.object({
  organizationId: z.string().max(64).optional(),
  includeRevoked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'Also list revoked keys.' }),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const RevokeApiKey = z
  .object({ reason: z.string().trim().min(1).max(500).optional() })
  .meta({ id: 'RevokeApiKey' });

/** Body of `POST /v1/sessions`: nothing needed besides the publishable key in `Authorization` and the Origin. */
export const CreateWidgetSession = z.object({}).strict().meta({ id: 'CreateWidgetSession' });

/** A short-lived token for the widget, bound to the origin it was created from. */
export const WidgetSession = z
  .object({
    token: z.string().meta({ description: 'Send as `Authorization: Bearer <token>` from the same origin.' }),
    origin: z.string(),
    expiresAt: z.iso.datetime({ offset: true }),
    expiresInSeconds: z.number().int().positive(),
  })
  .meta({ id: 'WidgetSession' });
export type WidgetSession = z.infer<typeof WidgetSession>;

/** One audit-log entry. */
export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.iso.datetime({ offset: true }),
    keyId: z.string().nullable(),
    organizationId: z.string().nullable(),
    action: z.string().meta({ example: 'key.revoke' }),
    targetType: z.string(),
    targetId: z.string().nullable(),
    requestId: z.string().nullable(),
    reason: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditList = z
  .object({ data: z.array(AuditEntry), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditList' });

/** Filters of `GET /v1/audit`; newest first. */
export const AuditQuery = z.object({
  action: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'Exact action, or a prefix ending in `.` (e.g. `key.`).' }),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(200).optional(),
  keyId: z.string().max(64).optional(),
  organizationId: z.string().max(64).optional(),
  requestId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Inclusive lower bound of `at`.' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Exclusive upper bound of `at`.' }),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
