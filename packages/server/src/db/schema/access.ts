import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Organisations: the association itself, partners that own API keys (venues, schools, districts, enterprises),
 * and the organisations behind registry resources (HSDS `organization`). No personal phones: a contact *role*.
 */
export const organizations = pgTable('organizations', {
  id: text().primaryKey(),
  name: text().notNull(),
  kind: text().notNull().default('partner'),
  unifiedSocialCreditCode: text(),
  contactRole: text(),
  website: text(),
  /** Assistant questions per day for this partner's keys; null = the configured default. */
  assistantDailyQuota: integer(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** API keys. Only the SHA-256 of the secret is stored; `prefix` is what is shown again. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id),
    name: text().notNull(),
    kind: text({ enum: ['publishable', 'secret'] }).notNull(),
    prefix: text().notNull(),
    secretHash: text().notNull(),
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    allowedOrigins: text().array().notNull().default(sql`'{}'::text[]`),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('api_keys_secret_hash_idx').on(t.secretHash), index().on(t.organizationId)],
);

/** Append-only record of writes, review decisions, key changes and every read of unmasked personal data. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: text().primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    keyId: text(),
    organizationId: text(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    requestId: text(),
    reason: text(),
    details: jsonb(),
  },
  (t) => [index().on(t.at), index().on(t.targetType, t.targetId)],
);

/** Responses of POSTs sent with an `Idempotency-Key`, replayed when the same key comes again. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    principal: text().notNull(),
    key: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    requestHash: text().notNull(),
    status: integer(),
    responseBody: text(),
    responseHeaders: jsonb().$type<Record<string, string>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] })],
);

/** Short-lived widget tokens, exchanged for a publishable key from an allowed origin; bound to that origin. */
export const widgetSessions = pgTable(
  'widget_sessions',
  {
    id: text().primaryKey(),
    tokenHash: text().notNull(),
    keyId: text()
      .notNull()
      .references(() => apiKeys.id),
    organizationId: text().notNull(),
    origin: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('widget_sessions_token_hash_idx').on(t.tokenHash), index().on(t.expiresAt)],
);

/** Token buckets of the rate limiter (shared by every server process using this database). */
export const rateLimitBuckets = pgTable(
  'rate_limit_buckets',
  {
    key: text().primaryKey(),
    tokens: doublePrecision().notNull(),
    capacity: doublePrecision().notNull(),
    refillPerSecond: doublePrecision().notNull(),
    /** Whether the last take succeeded (returned by the same atomic upsert). */
    allowed: boolean().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.updatedAt)],
);

/** Daily usage counters (e.g. assistant questions per organisation per day). */
export const quotaUsage = pgTable('quota_usage', {
  key: text().primaryKey(),
  used: integer().notNull(),
  /** When the counter's day is over and the row may be deleted. */
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});
