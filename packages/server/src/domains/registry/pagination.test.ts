import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../db/create-database.js';
import { createTestDatabase } from '../../test/database.js';
import { seedRegistry } from './seed.js';
import { loadTaxonomy } from './taxonomy/profile.js';
import { registryTestKit, sampleSubmission } from './test-kit.js';

let database: Database;
let kit: Awaited<ReturnType<typeof registryTestKit>>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction((tx) => seedRegistry(tx as unknown as Tx, loadTaxonomy(null), new Date()));
  kit = await registryTestKit(database);
});
afterAll(async () => {
  await database.close();
});

interface Page {
  data: { id: string; name: string; distanceKm?: number }[];
  nextCursor: string | null;
}

async function page(query: string, cursor?: string | null): Promise<Page> {
  const res = await kit.call('GET', `/v1/resources?${query}&facets=false${cursor ? `&cursor=${cursor}` : ''}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

async function publish(overrides: Record<string, unknown>): Promise<string> {
  const res = await kit.call('POST', '/v1/resources', kit.partner.auth, sampleSubmission(overrides));
  expect(res.status).toBe(201);
  const { resource } = (await res.json()) as { resource: { id: string } };
  const review = await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, { action: 'approve' });
  expect(review.status).toBe(200);
  return resource.id;
}

async function archive(id: string): Promise<void> {
  const res = await kit.call('POST', `/v1/resources/${id}/review`, kit.staff.auth, {
    action: 'archive',
    reason: '分页测试',
  });
  expect(res.status).toBe(200);
}

/**
 * Every page until the end; `between(n, shown)` runs after page n (0-based) with the entries shown so far: data
 * changing while a client pages. An offset cursor repeats an entry after an insert above it and skips one after a
 * removal above it; changes after two different pages do not cancel out.
 */
async function pageThrough(query: string, between: (n: number, shown: string[]) => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null | undefined;
  for (let n = 0; n === 0 || cursor; n++) {
    const next = await page(query, cursor);
    ids.push(...next.data.map((r) => r.id));
    cursor = next.nextCursor;
    if (cursor) await between(n, ids);
  }
  return ids;
}

describe('keyset pagination while the data changes between pages', () => {
  it('ranked (q): an entry added above the cursor and one removed from the first page neither repeat nor hide others', async () => {
    const query = `q=${encodeURIComponent('公园')}&limit=5`;
    const before = (await page(`${query.replace('limit=5', 'limit=100')}`)).data.map((r) => r.id);
    expect(before.length).toBeGreaterThan(10);
    let added = '';
    let removed = '';
    const seen = await pageThrough(query, async (n, shown) => {
      // Ranks first (the name contains the query as typed): an offset cursor would repeat the 5th entry.
      if (n === 0)
        added = await publish({
          name: '公园科普驿站',
          description: '公园里的科普驿站，介绍公园的植物、鸟类与生态保护知识。',
          location: { address: '福田区测试路1号', district: '福田', lat: 22.54, lng: 114.05 },
        });
      // Removing an entry already shown: an offset cursor would skip the first entry of the next page.
      if (n === 1) {
        removed = shown[0] ?? '';
        await archive(removed);
      }
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(before);
    expect(seen).not.toContain(added);
    expect((await page(query)).data[0]?.id).toBe(added); // a new search does show it
    await archive(added);
    expect(removed).not.toBe('');
  });

  it('by distance (near): entries added nearer than the cursor and removed before it change nothing of the rest', async () => {
    const query = 'near=22.5446,114.0595&radiusKm=6&limit=4';
    const before = (await page(query.replace('limit=4', 'limit=100'))).data.map((r) => r.id);
    expect(before.length).toBeGreaterThan(8);
    const seen = await pageThrough(query, async (n, shown) => {
      if (n === 0)
        await publish({
          name: '市民中心科普角',
          description: '市民中心旁的小型科普角，展示城市规划与科技创新。',
          location: { address: '福田区福中三路测试号', district: '福田', lat: 22.5447, lng: 114.0596 },
        });
      if (n === 1) await archive(shown[1] ?? '');
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(before);
  });

  it('default order: entries added during paging come at the end, removed ones are not skipped over', async () => {
    const query = 'limit=10';
    const before = (await page('limit=100')).data.map((r) => r.id);
    let added = '';
    const seen = await pageThrough(query, async (n, shown) => {
      if (n === 0)
        added = await publish({
          name: '新增科普点',
          description: '分页期间新增的科普点，用于检验游标分页。',
          location: { address: '南山区测试路9号', district: '南山', lat: 22.53, lng: 113.93 },
        });
      if (n === 1) await archive(shown[3] ?? '');
    });
    expect(seen).toEqual([...before, added]);
  });

  it('refuses a cursor of another order, and a forged one, with 400', async () => {
    const ranked = await page(`q=${encodeURIComponent('公园')}&limit=2`);
    expect(ranked.nextCursor).not.toBeNull();
    const res = await kit.call('GET', `/v1/resources?near=22.54,114.05&cursor=${ranked.nextCursor}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cursor/);
    // The same order with other filters: the cursor would start in the wrong place.
    const other = await kit.call('GET', `/v1/resources?q=${encodeURIComponent('海洋')}&cursor=${ranked.nextCursor}`);
    expect(other.status).toBe(400);
    const forged = Buffer.from(JSON.stringify(['l', '1; drop table x', 'res_1', 'x'])).toString('base64url');
    const bad = await kit.call('GET', `/v1/resources?q=${encodeURIComponent('公园')}&cursor=${forged}`);
    expect(bad.status).toBe(400);
    // A semantic cursor where no semantic embedder is configured is the client's mistake, not a 503.
    const semantic = Buffer.from(JSON.stringify(['h', '1.5', 'res_1', 'x'])).toString('base64url');
    expect((await kit.call('GET', `/v1/resources?q=${encodeURIComponent('公园')}&cursor=${semantic}`)).status).toBe(
      400,
    );
  });
});
