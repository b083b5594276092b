import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey } from '../../test/database.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const indexed = async (id: string) =>
  database.db
    .select({ title: knowledgeDocuments.title })
    .from(knowledgeDocuments)
    .where(and(eq(knowledgeDocuments.sourceType, 'event'), eq(knowledgeDocuments.sourceId, id)));

describe('the assistant index follows event changes in the same transaction', () => {
  it('indexes a new event, re-indexes an edit, and withdraws a cancelled one', async () => {
    const { app } = createTestApp(database);
    const { auth } = await createTestKey(database, { scopes: ['events:write'] });
    const start = new Date(Date.now() + 5 * 86_400_000);
    const created = await app.request('/v1/events', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: '海洋科普讲座：红树林的秘密',
        type: 'lecture',
        district: '南山区',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await indexed(id)).toEqual([{ title: '海洋科普讲座：红树林的秘密' }]);

    const patch = (body: unknown) =>
      app.request(`/v1/events/${id}`, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await patch({ title: '海洋科普讲座：红树林与候鸟' })).status).toBe(200);
    expect(await indexed(id)).toEqual([{ title: '海洋科普讲座：红树林与候鸟' }]);

    expect((await patch({ status: 'cancelled' })).status).toBe(200);
    expect(await indexed(id)).toEqual([]);
  });
});
