import { HealthResource, HealthResourceList } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import { createTestApp, testConfig } from '../../test/app.js';
import { createTestDatabase, createTestKey } from '../../test/database.js';
import { rumoursRoutes } from './routes.js';
import { createRumoursFixture } from './test-fixture.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('health resources', () => {
  it('publishes on expert review with a review date, flags overdue items, and withdraws from the index', async () => {
    let clock = new Date();
    const { app } = createTestApp(database);
    const { post, writer, reviewer } = await createRumoursFixture(database, app);
    const expert = (await (
      await post('/v1/experts', { name: '林文（示例）', reviewer: true, isExample: true }, reviewer)
    ).json()) as { id: string };
    // Not verified yet: may not review (a reviewer is named publicly).
    const draft = (await (
      await post('/v1/health-resources', { kind: 'qa', title: '待审', body: '内容。' }, writer)
    ).json()) as { id: string };
    const unverified = await post(`/v1/health-resources/${draft.id}/review`, { reviewerId: expert.id }, reviewer);
    expect(unverified.status).toBe(400);
    expect(JSON.stringify(await unverified.json())).toContain('not verified');
    await app.request(`/v1/experts/${expert.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...reviewer },
      body: JSON.stringify({ verified: true }),
    });

    const missing = await post('/v1/health-resources', { kind: 'article', title: '缺内容' }, writer);
    expect(missing.status).toBe(400);
    const created = HealthResource.parse(
      await (
        await post(
          '/v1/health-resources',
          {
            kind: 'article',
            title: '老年人如何科学补钙',
            body: '奶类、豆制品和深绿色蔬菜是钙的好来源。',
            audience: ['老年人'],
          },
          writer,
        )
      ).json(),
    );
    expect(created).toMatchObject({ status: 'draft', overdue: false, reviewer: null });
    expect((await app.request(`/v1/health-resources/${created.id}`)).status).toBe(404);

    const past = await post(
      `/v1/health-resources/${created.id}/review`,
      { reviewerId: expert.id, reviewDueAt: '2020-01-01T00:00:00+08:00' },
      reviewer,
    );
    expect(past.status).toBe(400);
    const reviewed = HealthResource.parse(
      await (await post(`/v1/health-resources/${created.id}/review`, { reviewerId: expert.id }, reviewer)).json(),
    );
    expect(reviewed).toMatchObject({ status: 'published', reviewer: { id: expert.id, name: '林文（示例）' } });
    const due = new Date(reviewed.reviewDueAt ?? '');
    expect(due.getTime() - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);
    const [indexed] = await database.db
      .select()
      .from(knowledgeDocuments)
      .where(eq(knowledgeDocuments.sourceId, created.id));
    expect(indexed?.reviewDueAt?.toISOString()).toBe(due.toISOString());

    // A year and a day later the same resource is overdue: flagged in listings.
    clock = new Date(due.getTime() + 24 * 3600 * 1000);
    const later = createTestApp(database).app;
    const timed = rumoursRoutes({ config: testConfig(), database, now: () => clock });
    const overdue = HealthResourceList.parse(await (await timed.request('/health-resources?overdue=true')).json());
    expect(overdue.data.map((r) => [r.id, r.overdue])).toEqual([[created.id, true]]);
    expect(
      HealthResourceList.parse(await (await later.request('/v1/health-resources?overdue=false')).json()).data,
    ).toHaveLength(1);

    const withdrawn = await post(`/v1/health-resources/${created.id}/withdraw`, {}, reviewer);
    expect(HealthResource.parse(await withdrawn.json()).status).toBe('withdrawn');
    expect(
      await database.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.sourceId, created.id)),
    ).toEqual([]);
    expect((await post(`/v1/health-resources/${created.id}/withdraw`, {}, writer)).status).toBe(403);
    const key = await createTestKey(database);
    expect((await post('/v1/health-resources', { kind: 'qa', title: 'x', body: 'y' }, key.auth)).status).toBe(403);
  });
});
