import type { Context } from 'hono';
import type { Db } from '../db/create-database.js';
import { auditLog } from '../db/schema/access.js';
import type { AppEnv } from '../http/app-env.js';
import { newId } from '../ids.js';

export interface AuditEntry {
  /** Verb in dotted form, e.g. `resource.review.approve`, `volunteer.pii.read`, `key.revoke`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  /** Required for reads of unmasked personal data. */
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** Who an entry is attributed to when there is no request (the CLI, maintenance jobs). */
export interface AuditActor {
  keyId: string | null;
  organizationId: string | null;
  requestId: string | null;
}

/**
 * Appends to the audit log, attributed to the request's key and request id. Pass the transaction handle when the
 * audited change is transactional, so the entry commits (or rolls back) with it.
 */
export async function recordAudit(db: Db, c: Context<AppEnv>, entry: AuditEntry): Promise<void> {
  const principal = c.get('principal');
  await appendAudit(db, entry, {
    keyId: principal?.keyId ?? null,
    organizationId: principal?.organizationId ?? null,
    requestId: c.get('requestId') ?? null,
  });
}

/** `recordAudit` without a request: the actor is given explicitly (e.g. `{ keyId: null, …, requestId: 'cli' }`). */
export async function appendAudit(db: Db, entry: AuditEntry, actor: AuditActor): Promise<void> {
  await db.insert(auditLog).values({
    id: newId('aud'),
    keyId: actor.keyId,
    organizationId: actor.organizationId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    requestId: actor.requestId,
    reason: entry.reason ?? null,
    details: entry.details ?? null,
  });
}
