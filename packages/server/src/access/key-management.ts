import type { ApiKey, CreateApiKey as CreateApiKeySchema, Scope } from '@kepu/sdk/schema';
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/create-database.js';
import { apiKeys, organizations } from '../db/schema/access.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { ApiError } from '../http/errors.js';
import { type AuditActor, appendAudit } from './audit.js';
import { issueApiKey } from './keys.js';

type KeyRow = typeof apiKeys.$inferSelect;

/** The public view of a key: its prefix, never its hash. */
export function toApiKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    kind: row.kind,
    prefix: row.prefix,
    scopes: row.scopes as Scope[],
    allowedOrigins: row.allowedOrigins,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface NewKey {
  organizationId: string;
  name: string;
  kind: 'publishable' | 'secret';
  scopes: Scope[];
  allowedOrigins: string[];
  expiresAt: Date | null;
}

/**
 * Creates a key for an existing organisation and audits it (`key.create`), in one transaction.
 * Returns the token, shown this once.
 */
export async function createKey(db: Db, input: NewKey, actor: AuditActor) {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, input.organizationId));
    if (!org) {
      throw new ApiError(404, 'not_found', `Organisation ${input.organizationId} was not found. Create it first.`, [
        { path: 'body.organizationId', message: 'no such organisation' },
      ]);
    }
    const txDb = tx as unknown as Db;
    const { token, key } = await issueApiKey(txDb, {
      ...input,
      scopes: input.kind === 'secret' ? [...new Set(input.scopes)] : [],
      allowedOrigins: [...new Set(input.allowedOrigins)],
    });
    await appendAudit(
      txDb,
      {
        action: 'key.create',
        targetType: 'api_key',
        targetId: key.id,
        details: { kind: key.kind, name: key.name, scopes: key.scopes, allowedOrigins: key.allowedOrigins },
      },
      actor,
    );
    return { token, key: toApiKey(key) };
  });
}

/** Body of `POST /v1/keys` after validation → `NewKey`. */
export function newKeyFrom(body: z.output<typeof CreateApiKeySchema>): NewKey {
  return {
    organizationId: body.organizationId,
    name: body.name,
    kind: body.kind,
    scopes: body.scopes,
    allowedOrigins: body.allowedOrigins,
    expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
  };
}

export async function listKeys(
  db: Db,
  query: { organizationId?: string; includeRevoked: boolean; cursor?: string; limit: number },
) {
  const conditions = [];
  if (query.organizationId) conditions.push(eq(apiKeys.organizationId, query.organizationId));
  if (!query.includeRevoked) conditions.push(isNull(apiKeys.revokedAt));
  if (query.cursor) conditions.push(lt(apiKeys.id, String(decodeCursor(query.cursor, 1)[0])));
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(...conditions))
    .orderBy(desc(apiKeys.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toApiKey),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** Revokes a key (idempotent: revoking a revoked key changes nothing and is not audited again). */
export async function revokeKey(db: Db, id: string, reason: string | null, actor: AuditActor, now = new Date()) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for('update');
    if (!row) throw new ApiError(404, 'not_found', `Key ${id} was not found. List keys with GET /v1/keys.`);
    if (row.revokedAt) return toApiKey(row);
    const [updated] = await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).returning();
    if (!updated) throw new Error('update returned no row');
    await appendAudit(
      tx as unknown as Db,
      { action: 'key.revoke', targetType: 'api_key', targetId: id, reason, details: { prefix: row.prefix } },
      actor,
    );
    return toApiKey(updated);
  });
}
