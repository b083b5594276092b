import type { AuditEntry } from '@kepu/sdk/schema';
import { and, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/create-database.js';
import { auditLog } from '../db/schema/access.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';

export interface AuditFilter {
  action?: string;
  targetType?: string;
  targetId?: string;
  keyId?: string;
  organizationId?: string;
  requestId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/** `LIKE` pattern matching `prefix` literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Audit entries, newest first, keyset-paginated on the id (ids sort by creation time). */
export async function listAudit(
  db: Db,
  filter: AuditFilter,
): Promise<{ data: AuditEntry[]; nextCursor: string | null }> {
  const conditions: (SQL | undefined)[] = [];
  if (filter.action) {
    conditions.push(
      filter.action.endsWith('.')
        ? like(auditLog.action, `${escapeLike(filter.action)}%`)
        : eq(auditLog.action, filter.action),
    );
  }
  if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
  if (filter.keyId) conditions.push(eq(auditLog.keyId, filter.keyId));
  if (filter.organizationId) conditions.push(eq(auditLog.organizationId, filter.organizationId));
  if (filter.requestId) conditions.push(eq(auditLog.requestId, filter.requestId));
  if (filter.from) conditions.push(gte(auditLog.at, new Date(filter.from)));
  if (filter.to) conditions.push(lt(auditLog.at, new Date(filter.to)));
  if (filter.cursor) conditions.push(lt(auditLog.id, String(decodeCursor(filter.cursor, 1)[0])));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      keyId: r.keyId,
      organizationId: r.organizationId,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      requestId: r.requestId,
      reason: r.reason,
      details: isRecord(r.details) ? r.details : null,
    })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.id]) : null,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deletes entries older than `retentionDays` (0 keeps everything); returns how many. */
export async function pruneAuditLog(db: Db, retentionDays: number, now: Date): Promise<number> {
  if (retentionDays <= 0) return 0;
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const deleted = await db.delete(auditLog).where(lt(auditLog.at, cutoff)).returning({ id: auditLog.id });
  return deleted.length;
}
