import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { hashToken } from '../access/keys.js';
import type { Db } from '../db/create-database.js';
import { apiKeys, organizations } from '../db/schema/access.js';
import { newId } from '../ids.js';

const DEMO_ORGANIZATION_ID = 'org_demo_pages';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether the demo pages may get a key for `origin`: this machine (any port, so tests on port 0 work) or the
 * configured public URL. Never an origin taken from an arbitrary `Host` header — that would mint a working key for
 * any site that points a DNS name at this server.
 */
export function isDemoPageOrigin(origin: string, publicUrl: string): boolean {
  try {
    const url = new URL(origin);
    return LOOPBACK_HOSTS.has(url.hostname) || url.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The publishable key of this server's own demo pages (`/`, `/examples/…`) for `origin`. Publishable keys are public
 * by design and this one is accepted only from the server's own origin, so it is derived from the origin (the same
 * token after a restart, no secret to keep) and created the first time a page needs it.
 */
export async function demoPublishableKey(db: Db, origin: string, publicUrl: string): Promise<string | undefined> {
  if (!isDemoPageOrigin(origin, publicUrl)) return undefined;
  const token = `pk_demo${createHash('sha256').update(`kepu-demo-page:${origin}`).digest('hex').slice(0, 40)}`;
  const [existing] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(eq(apiKeys.secretHash, hashToken(token)));
  if (existing) return token;
  await db.transaction(async (tx) => {
    await tx
      .insert(organizations)
      .values({ id: DEMO_ORGANIZATION_ID, name: 'Kepu 演示页面 · demo pages', kind: 'partner' })
      .onConflictDoNothing();
    await tx
      .insert(apiKeys)
      .values({
        id: newId('key'),
        organizationId: DEMO_ORGANIZATION_ID,
        name: `demo pages at ${origin}`,
        kind: 'publishable',
        prefix: token.slice(0, 10),
        secretHash: hashToken(token),
        allowedOrigins: [origin],
      })
      .onConflictDoNothing(); // two first visits at once: one insert wins, the token is the same
  });
  return token;
}
