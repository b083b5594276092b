import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { organizations } from '../../db/schema/access.js';
import { registryOrganizationKeys, type StoredOrganization } from '../../db/schema/registry.js';
import { newId } from '../../ids.js';
import { normalizeKey } from './normalize.js';
import type { ResourceContent } from './resolve-input.js';

export type OrganizationRow = typeof organizations.$inferSelect;

/** The identity keys of an organisation as `registry_organization_keys` stores them (0014 backfill uses the same). */
export function organizationKeys(org: Pick<StoredOrganization, 'name' | 'unifiedSocialCreditCode'>) {
  return {
    codeKey: org.unifiedSocialCreditCode ? `uscc:${org.unifiedSocialCreditCode}` : null,
    nameKey: `name:${normalizeKey(org.name)}`,
  };
}

async function keyOwner(tx: Tx, key: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: registryOrganizationKeys.organizationId })
    .from(registryOrganizationKeys)
    .where(eq(registryOrganizationKeys.key, key));
  return row?.id;
}

/**
 * The one `organizations` row of an entry's organisation, created when new. Identity: the unified social credit
 * code when given; else the normalised name (spaces, punctuation, width and case ignored). A code arriving for an
 * organisation known only by name is attached to it; the same name with another code is another organisation.
 * Existing organisations (partners, the association) are reused by code or exact name. Known fields are never
 * overwritten by a submission; missing ones (code, website) are filled in. Concurrent resolutions of the same
 * organisation are serialised by a transaction-scoped advisory lock per key.
 */
export async function resolveOrganization(tx: Tx, org: StoredOrganization): Promise<string> {
  const { codeKey, nameKey } = organizationKeys(org);
  const keys = [codeKey, nameKey].filter((k): k is string => k !== null).sort();
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kepu-organization:${key}`}))`);

  let id: string | undefined;
  if (codeKey && org.unifiedSocialCreditCode) {
    id = await keyOwner(tx, codeKey);
    if (!id) {
      const [known] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.unifiedSocialCreditCode, org.unifiedSocialCreditCode))
        .orderBy(asc(organizations.createdAt), asc(organizations.id))
        .limit(1);
      id = known?.id;
    }
    if (!id) {
      const byName = await keyOwner(tx, nameKey);
      const [named] = byName ? await tx.select().from(organizations).where(eq(organizations.id, byName)) : [];
      if (named && !named.unifiedSocialCreditCode) id = named.id;
    }
  } else {
    id = await keyOwner(tx, nameKey);
    if (!id) {
      const [known] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.name, org.name.trim()))
        .orderBy(asc(organizations.createdAt), asc(organizations.id))
        .limit(1);
      id = known?.id;
    }
  }

  if (id) {
    await tx
      .update(organizations)
      .set({
        unifiedSocialCreditCode: sql`coalesce(${organizations.unifiedSocialCreditCode}, ${org.unifiedSocialCreditCode})`,
        website: sql`coalesce(${organizations.website}, ${org.website})`,
      })
      .where(eq(organizations.id, id));
  } else {
    id = newId('org');
    await tx.insert(organizations).values({
      id,
      name: org.name.trim(),
      kind: 'provider',
      unifiedSocialCreditCode: org.unifiedSocialCreditCode,
      website: org.website,
    });
  }
  await tx
    .insert(registryOrganizationKeys)
    .values(keys.map((key) => ({ key, organizationId: id })))
    .onConflictDoNothing();
  return id;
}

/** The entry's columns with its organisation resolved to `organizationId` (null when it names none). */
export async function withOrganization(
  tx: Tx,
  content: ResourceContent,
): Promise<ResourceContent & { organizationId: string | null }> {
  return {
    ...content,
    organizationId: content.organization ? await resolveOrganization(tx, content.organization) : null,
  };
}

/** The organisations of these entries by id, for the API view. */
export async function organizationsOf(
  db: Db | Tx,
  rows: readonly { organizationId: string | null }[],
): Promise<Map<string, OrganizationRow>> {
  const ids = [...new Set(rows.map((r) => r.organizationId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const found = await db.select().from(organizations).where(inArray(organizations.id, ids));
  return new Map(found.map((o) => [o.id, o]));
}
