import { ResourceInput } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/create-database.js';
import { registryDesignations, registryResources } from '../../db/schema/registry.js';
import { newId } from '../../ids.js';
import type { DemoSeeder } from '../../seed/run-seeders.js';
import { DEMO_PLACES, type DemoPlace } from './demo/places.js';
import { DEMO_ROUTES } from './demo/routes.js';
import { onResourcePublished } from './knowledge-sync.js';
import { withOrganization } from './organizations.js';
import { resolveResourceInput } from './resolve-input.js';
import { insertScienceRoute } from './science-routes.js';
import { searchVectorFor } from './service.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy/profile.js';

export const DEMO_SOURCE = 'demo: 公开信息整理，未逐条核实（见 docs/registry.md）';

/** An address with a house number (…号) locates the place; others name a street, a crossing or an area. */
export const isStreetLevel = (address: string) => !/\d+(-\d+)?号/.test(address);

/** The entry's source note: the demo marker plus exactly what of this entry is approximate. */
export function demoSourceOf(place: DemoPlace): string {
  const notes: string[] = [];
  const location = place.location;
  if (location?.lat !== undefined) notes.push('坐标为近似值（约±1公里，勿用于导航）');
  else notes.push('无坐标');
  if (location && isStreetLevel(location.address)) notes.push('地址仅到街道或片区');
  if (place.openingHours) notes.push('开放时间为常见安排');
  if (place.designations?.length) notes.push('认定仅知名称与年份，有效性未核实');
  return `${DEMO_SOURCE}；${notes.join('；')}`;
}

/** Loads the demo places as published entries (indexed for the assistant), their known designations, and the routes. */
export async function seedRegistry(tx: Tx, taxonomy: Taxonomy, now: Date): Promise<{ inserted: number }> {
  const idOf = new Map<string, string>();
  for (const place of DEMO_PLACES) {
    const { designations = [], ...input } = place;
    const resolved = resolveResourceInput(ResourceInput.parse(input), taxonomy);
    if (!resolved.ok) throw new Error(`demo place ${place.externalId} is invalid: ${JSON.stringify(resolved.issues)}`);
    const content = resolved.content;
    const [row] = await tx
      .insert(registryResources)
      .values({
        id: newId('res'),
        ...(await withOrganization(tx, content)),
        status: 'published',
        demo: true,
        source: demoSourceOf(place),
        searchVector: searchVectorFor(content, taxonomy),
        publishedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    idOf.set(place.externalId, row.id);
    for (const d of designations) {
      await tx.insert(registryDesignations).values({
        id: newId('des'),
        resourceId: row.id,
        scheme: d.scheme,
        grantedOn: `${d.year}-01-01`,
        grantedPrecision: 'year',
        validUntil: null,
        status: 'unconfirmed',
        source: d.source,
      });
    }
    await onResourcePublished(tx, row, taxonomy);
  }
  for (const route of DEMO_ROUTES) {
    await insertScienceRoute(
      tx,
      taxonomy,
      {
        externalId: route.externalId,
        name: route.name,
        theme: route.theme,
        description: route.description,
        durationText: route.durationText,
        durationMinutes: route.durationMinutes,
        audience: route.audience,
        topics: route.topics,
        stops: route.stops.map((s) => {
          const resourceId = idOf.get(s.place);
          if (!resourceId) throw new Error(`demo route ${route.externalId} names unknown place ${s.place}`);
          return {
            resourceId,
            ...(s.note ? { note: s.note } : {}),
            ...(s.stayMinutes ? { stayMinutes: s.stayMinutes } : {}),
          };
        }),
      },
      { demo: true },
    );
  }
  return { inserted: DEMO_PLACES.length + DEMO_ROUTES.length };
}

/** The registry's demo data: first in `DEMO_SEEDERS`, since events and the assistant refer to its places. */
export const registrySeeder: DemoSeeder = {
  name: 'registry',
  async run(ctx) {
    // Demo data follows the built-in Shenzhen profile, whatever profile the server runs with.
    return seedRegistry(ctx.db as unknown as Tx, loadTaxonomy(null), ctx.now);
  },
};

/** Id of a demo place by its externalId (for other domains' demo data and tests). */
export async function demoPlaceId(db: Tx, externalId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: registryResources.id })
    .from(registryResources)
    .where(eq(registryResources.externalId, externalId));
  return row?.id;
}
