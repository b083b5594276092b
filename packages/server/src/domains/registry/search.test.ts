import { readFileSync } from 'node:fs';
import { createLocalEmbedder } from '@kepu/assistant';
import { ResourceListQuery } from '@kepu/sdk/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../db/create-database.js';
import { createTestDatabase } from '../../test/database.js';
import { DEMO_PLACES } from './demo/places.js';
import { listResources } from './list-resources.js';
import { PARAPHRASE_QUERIES, SEARCH_QUERIES as QUERIES } from './search-queries.js';
import { isStreetLevel, seedRegistry } from './seed.js';
import { loadTaxonomy } from './taxonomy/profile.js';
import { registryTestKit } from './test-kit.js';

let database: Database;
let kit: Awaited<ReturnType<typeof registryTestKit>>;
const externalIdOf = new Map<string, string>(); // resource id → demo externalId

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction((tx) => seedRegistry(tx as unknown as Tx, loadTaxonomy(null), new Date()));
  kit = await registryTestKit(database);
  const all = (await (await kit.call('GET', '/v1/resources?limit=100&facets=false')).json()) as {
    data: { id: string; externalId: string }[];
  };
  for (const r of all.data) externalIdOf.set(r.id, r.externalId);
});
afterAll(async () => {
  await database.close();
});

async function search(query: string): Promise<{ ids: string[]; total: number; body: Record<string, unknown> }> {
  const res = await kit.call('GET', `/v1/resources?${query}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { id: string }[]; total: number };
  return { ids: body.data.map((r) => externalIdOf.get(r.id) ?? r.id), total: body.total, body };
}

describe('Chinese search over the demo registry', () => {
  it('holds at least 60 real places and 5 routes, all flagged as demo data with their source', async () => {
    expect(DEMO_PLACES.filter((p) => p.kind === 'venue').length).toBeGreaterThanOrEqual(60);
    const { total, body } = await search('limit=1');
    expect(total).toBe(DEMO_PLACES.length);
    const first = (body.data as { demo: boolean; source: string }[])[0];
    expect(first).toMatchObject({ demo: true, source: expect.stringContaining('demo') });
    const routes = (await (await kit.call('GET', '/v1/routes?limit=20')).json()) as { data: { stops: unknown[] }[] };
    expect(routes.data.length).toBeGreaterThanOrEqual(5);
    for (const route of routes.data) expect(route.stops.length).toBeGreaterThanOrEqual(2);
  });

  it.each(QUERIES)('q=%s ranks the expected entries first', async (q, expected) => {
    const { ids } = await search(`q=${encodeURIComponent(q)}&facets=false`);
    expect(ids.slice(0, expected.length).sort()).toEqual([...expected].sort());
  });

  it('scores the query set: precision@1 of jieba search vs. the `simple` config on raw text (baseline)', async () => {
    let hits = 0;
    let baselineHits = 0;
    for (const [q, expected] of QUERIES) {
      const { ids } = await search(`q=${encodeURIComponent(q)}&facets=false&limit=1`);
      if (ids[0] && expected.includes(ids[0])) hits++;
      // Baseline: what Postgres does alone — `simple` keeps each run of Chinese characters as one token.
      const baseline = await database.db.execute<{ external_id: string }>(sql`
        select external_id from registry_resources
        where to_tsvector('simple', name || ' ' || description) @@ plainto_tsquery('simple', ${q})
        order by ts_rank(to_tsvector('simple', name || ' ' || description), plainto_tsquery('simple', ${q})) desc, id
        limit 1`);
      const top = baseline.rows[0]?.external_id;
      if (top && expected.includes(top)) baselineHits++;
    }
    const precision = hits / QUERIES.length;
    const baselinePrecision = baselineHits / QUERIES.length;
    console.info(
      `registry search precision@1: jieba ${precision.toFixed(2)} vs simple-config baseline ${baselinePrecision.toFixed(2)} (${QUERIES.length} queries)`,
    );
    expect(precision).toBe(1);
    expect(baselinePrecision).toBeLessThan(0.5);
  });

  it('measures fusing the local embedder into q (the decision: not fused, see context.ts)', async () => {
    const taxonomy = loadTaxonomy(null);
    const viewer = { organizationId: null, reviewer: false, writer: false };
    /** Precision@1 and the mean number of matches per query (what a citizen must look through). */
    const precision = async (set: typeof QUERIES, minSimilarity: number | null) => {
      let hits = 0;
      let matches = 0;
      for (const [q, expected] of set) {
        const semantic = minSimilarity === null ? null : { embedder: createLocalEmbedder(), minSimilarity };
        const page = await listResources(
          { db: database.db, taxonomy, timeZone: 'Asia/Shanghai', semantic },
          ResourceListQuery.parse({ q, limit: '1', facets: 'false' }),
          viewer,
        );
        const top = page.data[0]?.externalId;
        if (top && expected.includes(top)) hits++;
        matches += page.total;
      }
      return { p1: hits / set.length, matches: matches / set.length };
    };
    const line = (label: string, a: { p1: number; matches: number }, b: { p1: number; matches: number }) =>
      `${label}: query set P@1 ${a.p1.toFixed(2)} (${a.matches.toFixed(1)} matches/query), paraphrases P@1 ${b.p1.toFixed(2)} (${b.matches.toFixed(1)})`;
    const lexical = [await precision(QUERIES, null), await precision(PARAPHRASE_QUERIES, null)] as const;
    const lines = [line('lexical', ...lexical)];
    for (const floor of [0, 0.1, 0.2, 0.3]) {
      const fused = [await precision(QUERIES, floor), await precision(PARAPHRASE_QUERIES, floor)] as const;
      lines.push(line(`local fused, floor ${floor}`, ...fused));
      // Fusing never costs the query set its precision; whatever it gains must be weighed against the matches.
      expect(fused[0].p1).toBe(1);
    }
    console.info(
      `registry search with the local embedder fused (${DEMO_PLACES.length} entries):\n  ${lines.join('\n  ')}`,
    );
  });

  it('combines q with filters and facets', async () => {
    const { ids, body } = await search(`q=${encodeURIComponent('红树林')}&district=${encodeURIComponent('大鹏')}`);
    expect(ids).toEqual(['demo-sz-062']);
    const facets = body.facets as { district: { code: string; count: number }[] };
    expect(facets.district).toEqual([{ code: 'dapeng', name: '大鹏新区', count: 1 }]);
  });

  it('filters by kind, district, topic, audience age, designation and opening time; facets count the filtered set', async () => {
    const ecology = await search(`topic=${encodeURIComponent('生态')}&district=nanshan&limit=100`);
    expect(ecology.ids).toContain('demo-sz-027');
    expect(ecology.ids).not.toContain('demo-sz-028');
    const facets = ecology.body.facets as {
      topic: { code: string; count: number }[];
      district: { code: string; count: number }[];
    };
    expect(facets.district).toEqual([{ code: 'nanshan', name: '南山区', count: ecology.total }]);
    expect(facets.topic.find((t) => t.code === 'ecology')?.count).toBe(ecology.total);

    const kinds = await search('kind=information,equipment');
    expect(kinds.ids.sort()).toEqual(['demo-sz-063', 'demo-sz-064', 'demo-sz-065']);

    // 华侨城湿地 takes children from 6: a 4-year-old is not shown it.
    expect((await search('audienceAge=4&limit=100')).ids).not.toContain('demo-sz-027');
    expect((await search('audienceAge=8&limit=100')).ids).toContain('demo-sz-027');

    // Monday 11:00 in Shenzhen: museums closed on Mondays are not open; Tuesday they are.
    const monday = await search(`openAt=${encodeURIComponent('2026-12-07T11:00:00+08:00')}&limit=100`);
    const tuesday = await search(`openAt=${encodeURIComponent('2026-12-08T11:00:00+08:00')}&limit=100`);
    expect(monday.ids).not.toContain('demo-sz-002');
    expect(tuesday.ids).toContain('demo-sz-002');
    expect(monday.ids).toContain('demo-sz-026'); // 全天开放
    const night = await search(`openAt=${encodeURIComponent('2026-12-08T23:30:00+08:00')}&limit=100`);
    expect(night.ids).not.toContain('demo-sz-008');
    expect(night.ids).toContain('demo-sz-026');

    // The demo designations are known by scheme and year only (unconfirmed): the filter counts active ones only.
    const designated = await search(`designation=${encodeURIComponent('全国科普教育基地')}`);
    expect(designated.total).toBe(0);
  });

  it('sorts by distance with near and radiusKm, and pages with a cursor', async () => {
    // 市民中心
    const { ids, body } = await search('near=22.5446,114.0595&radiusKm=2&facets=false');
    expect(ids[0]).toBe('demo-sz-002');
    const distances = (body.data as { distanceKm: number }[]).map((r) => r.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(2);

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await search(`limit=7&facets=false${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.ids);
      cursor = (page.body.nextCursor as string | null) ?? null;
    }
    expect(seen).toHaveLength(DEMO_PLACES.length);
    expect(new Set(seen).size).toBe(DEMO_PLACES.length);
  });

  it('claims of the demo designations only what is known: scheme and year, validity unconfirmed until staff confirm', async () => {
    const xianhu = [...externalIdOf].find(([, ext]) => ext === 'demo-sz-020')?.[0] ?? '';
    const detail = (await (await kit.call('GET', `/v1/resources/${xianhu}`)).json()) as {
      designations: {
        id: string;
        grantedOn: string;
        grantedPrecision: string;
        validUntil: string | null;
        effectiveStatus: string;
      }[];
      jsonLd: Record<string, unknown>;
    };
    expect(detail.designations).toHaveLength(1);
    const [grant] = detail.designations;
    expect(grant).toMatchObject({ grantedPrecision: 'year', validUntil: null, effectiveStatus: 'unconfirmed' });
    expect(grant?.grantedOn.slice(0, 4)).toBe('2021');
    expect(detail.jsonLd.hasCertification).toBeUndefined(); // neither active nor expired in public
    const listed = (await (await kit.call('GET', '/v1/designations?effectiveStatus=unconfirmed')).json()) as {
      data: { resourceName: string }[];
    };
    expect(listed.data.map((d) => d.resourceName).sort()).toEqual(['仙湖植物园', '大亚湾核电科普展厅']);
    const expired = (await (await kit.call('GET', '/v1/designations?effectiveStatus=expired')).json()) as {
      data: unknown[];
    };
    expect(expired.data).toEqual([]);
    // Staff confirm it with its real validity: then it is active and counts.
    const confirmed = await kit.call('PATCH', `/v1/designations/${grant?.id}`, kit.staff.auth, {
      status: 'active',
      reason: '核对中国科协公布名单',
      validUntil: '2030-12-31',
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ effectiveStatus: 'active', validUntil: '2030-12-31' });
    const designated = await search(`designation=${encodeURIComponent('全国科普教育基地')}`);
    expect(designated.ids).toEqual(['demo-sz-020']);
    const bad = await kit.call('PATCH', `/v1/designations/${grant?.id}`, kit.staff.auth, {
      status: 'active',
      reason: '日期有误的核对',
      validUntil: '2020-01-01',
    });
    expect(bad.status).toBe(400);
  });

  it('says in each entry and in docs/registry.md exactly what of the demo data is approximate', async () => {
    const withCoords = DEMO_PLACES.filter((p) => p.location?.lat !== undefined);
    const located = DEMO_PLACES.filter((p) => p.location);
    const streetLevel = located.filter((p) => p.location && isStreetLevel(p.location.address));
    const all = (await search('limit=100&facets=false')).body.data as {
      externalId: string;
      source: string;
      location: { address: string; lat: number | null } | null;
    }[];
    for (const entry of all) {
      expect(entry.source).toMatch(/^demo: /);
      if (entry.location?.lat != null) expect(entry.source).toContain('坐标为近似值');
      if (entry.location && isStreetLevel(entry.location.address)) expect(entry.source).toContain('地址仅到街道或片区');
      else expect(entry.source).not.toContain('地址仅到街道或片区');
    }
    const docs = readFileSync(new URL('../../../../../docs/registry.md', import.meta.url), 'utf8');
    expect(docs).toContain(`${DEMO_PLACES.length} entries`);
    expect(docs).toContain(`${withCoords.length} have coordinates`);
    expect(docs).toContain(`${located.length - streetLevel.length} addresses have a house number`);
    expect(docs).toContain(`${streetLevel.length} are street, crossing or area level`);
  });
});
