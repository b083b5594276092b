import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
