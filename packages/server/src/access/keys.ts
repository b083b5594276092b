import { createHash } from 'node:crypto';
import type { KeyKind, Scope } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/create-database.js';
import { apiKeys } from '../db/schema/access.js';
import { newId, randomToken } from '../ids.js';

const KIND_PREFIX: Record<KeyKind, string> = { publishable: 'pk', secret: 'sk' };

/** Keys are looked up by the SHA-256 of the whole token; the token itself is never stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssueKeyInput {
  organizationId: string;
  name: string;
  kind: KeyKind;
  scopes?: Scope[];
  allowedOrigins?: string[];
  expiresAt?: Date | null;
}

/**
 * Creates a key and returns its token — the only time the token exists in clear.
 * @example const { token } = await issueApiKey(db, { organizationId, name: 'site', kind: 'publishable', allowedOrigins: ['https://a.org'] })
 */
export async function issueApiKey(db: Db, input: IssueKeyInput) {
  const token = `${KIND_PREFIX[input.kind]}_${randomToken(24)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: newId('key'),
      organizationId: input.organizationId,
      name: input.name,
      kind: input.kind,
      prefix: token.slice(0, 10),
      secretHash: hashToken(token),
      scopes: input.kind === 'secret' ? (input.scopes ?? []) : [],
      allowedOrigins: input.allowedOrigins ?? [],
      expiresAt: input.expiresAt ?? null,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return { token, key: row };
}

export async function findKeyByToken(db: Db, token: string) {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.secretHash, hashToken(token)));
  return row;
}
