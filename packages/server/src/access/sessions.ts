import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/create-database.js';
import { widgetSessions } from '../db/schema/access.js';
import { newId, randomToken } from '../ids.js';
import { hashToken } from './keys.js';

/** Widget session tokens look like `st_…`; like keys, only their SHA-256 is stored. */
export const SESSION_TOKEN_PREFIX = 'st';

export interface IssueSessionInput {
  keyId: string;
  organizationId: string;
  origin: string;
  ttlSeconds: number;
  now: Date;
}

/**
 * Creates a widget session bound to `origin`; returns its token (the only time it exists in clear).
 * @example const { token } = await issueWidgetSession(db, { keyId, organizationId, origin, ttlSeconds: 900, now })
 */
export async function issueWidgetSession(db: Db, input: IssueSessionInput) {
  const token = `${SESSION_TOKEN_PREFIX}_${randomToken(24)}`;
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  await db.insert(widgetSessions).values({
    id: newId('ses'),
    tokenHash: hashToken(token),
    keyId: input.keyId,
    organizationId: input.organizationId,
    origin: input.origin,
    expiresAt,
  });
  return { token, expiresAt };
}

export async function findSessionByToken(db: Db, token: string) {
  const [row] = await db
    .select()
    .from(widgetSessions)
    .where(eq(widgetSessions.tokenHash, hashToken(token)));
  return row;
}

/** Deletes sessions that expired before `before`; returns how many. */
export async function deleteExpiredSessions(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(widgetSessions)
    .where(lt(widgetSessions.expiresAt, before))
    .returning({ id: widgetSessions.id });
  return deleted.length;
}
