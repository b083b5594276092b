import { createHybridRetriever, createLocalEmbedder } from '@kepu/assistant';
import { HealthResource, HealthResourceList, HealthReviewSweepResult } from '@kepu/sdk/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { auditLog } from '../../db/schema/access.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import { healthResources } from '../../db/schema/rumours.js';
import { createTestApp, memoryLogger } from '../../test/app.js';
import {
  createTestDatabase,
  createTestKey,
  resetDatabase,
  TEST_DRIVERS,
  type TestDriver,
} from '../../test/database.js';
import { upsertKnowledge } from '../assistant/knowledge.js';
import { createKnowledgeStore } from '../assistant/knowledge-store.js';
import { healthResourceKnowledge, sweepOverdueHealthResources } from './health-resource-service.js';
import { startReviewSweep } from './review-sweep.js';
import { createRumoursFixture } from './test-fixture.js';

const DAY = 86_400_000;

describe.each(TEST_DRIVERS)('the review sweep (%s)', (driver: TestDriver) => {
  let database: Database;
  let app: ReturnType<typeof createTestApp>['app'];
  let fixture: Awaited<ReturnType<typeof createRumoursFixture>>;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    app = createTestApp(database).app;
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database);
    fixture = await createRumoursFixture(database, app);
  });

  const indexed = async (id: string) =>
    (await database.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.sourceId, id))).length;

  /** A resource an expert reviewed through the API (due in a year); returns it and its review date. */
  async function reviewedResource(title = '老年人如何科学补钙') {
    const { post, writer, reviewer } = fixture;
    const expert = (await (
      await post('/v1/experts', { name: '林文（示例）', reviewer: true, verified: true, isExample: true }, reviewer)
    ).json()) as { id: string };
    const created = HealthResource.parse(
      await (
        await post('/v1/health-resources', { kind: 'article', title, body: '奶类和豆制品是钙的好来源。' }, writer)
      ).json(),
    );
    const res = await post(`/v1/health-resources/${created.id}/review`, { reviewerId: expert.id }, reviewer);
    const reviewed = HealthResource.parse(await res.json());
    return { id: created.id, expertId: expert.id, due: new Date(reviewed.reviewDueAt ?? '') };
  }

  it('flags a resource once its review date passes, withdraws it from the index, and is idempotent', async () => {
    const { id, due } = await reviewedResource();
    const before = await sweepOverdueHealthResources(database.db, new Date(due.getTime() - DAY));
    expect(before).toMatchObject({ flagged: [], withdrawn: 0, overdue: 0 });
    expect(await indexed(id)).toBe(1);

    const later = new Date(due.getTime() + DAY);
    const swept = HealthReviewSweepResult.parse(await sweepOverdueHealthResources(database.db, later));
    expect(swept.flagged).toEqual([{ id, title: '老年人如何科学补钙', reviewDueAt: due.toISOString() }]);
    expect(swept).toMatchObject({ withdrawn: 1, overdue: 1, ranAt: later.toISOString() });
    expect(await indexed(id)).toBe(0);
    const [row] = await database.db.select().from(healthResources).where(eq(healthResources.id, id));
    expect(row?.overdueSince?.toISOString()).toBe(later.toISOString());
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'health_resource.overdue'), eq(auditLog.targetId, id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.requestId).toBe('review-sweep');

    // A second run changes nothing; a rebuild that put the document back is undone by the next run.
    expect(await sweepOverdueHealthResources(database.db, later)).toMatchObject({ flagged: [], withdrawn: 0 });
    if (row) await upsertKnowledge(database.db, healthResourceKnowledge(row));
    expect(await sweepOverdueHealthResources(database.db, later)).toMatchObject({ flagged: [], withdrawn: 1 });
    expect(await indexed(id)).toBe(0);
  });

  it('flags each resource once when several processes sweep at the same time', async () => {
    const { id, due } = await reviewedResource();
    const later = new Date(due.getTime() + DAY);
    const runs = await Promise.all([1, 2, 3].map(() => sweepOverdueHealthResources(database.db, later)));
    expect(runs.flatMap((r) => r.flagged.map((f) => f.id))).toEqual([id]);
    expect(await indexed(id)).toBe(0);
  });
});

describe('re-review and the experts’ queue', () => {
  let database: Database;
  let app: ReturnType<typeof createTestApp>['app'];
  let fixture: Awaited<ReturnType<typeof createRumoursFixture>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = createTestApp(database).app;
  });
  afterAll(async () => {
    await database.close();
  });
  /** Staff holding both roles: edits and reviews in one PATCH. */
  let editor: Record<string, string>;
  beforeEach(async () => {
    await resetDatabase(database);
    fixture = await createRumoursFixture(database, app);
    editor = (await createTestKey(database, { scopes: ['rumours:write', 'rumours:review'] })).auth;
  });

  const patch = (path: string, body: unknown, headers: Record<string, string>) =>
    app.request(path, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

  async function expert(name = '林文（示例）') {
    const res = await fixture.post(
      '/v1/experts',
      { name, reviewer: true, verified: true, isExample: true },
      fixture.reviewer,
    );
    return ((await res.json()) as { id: string }).id;
  }
  async function draft(title: string) {
    const res = await fixture.post(
      '/v1/health-resources',
      { kind: 'qa', title, body: '发热时不要捂汗，注意补水，必要时就医。', topics: ['儿童健康'] },
      fixture.writer,
    );
    return HealthResource.parse(await res.json()).id;
  }
  /** Moves a resource's review date into the past, as time passing would. */
  const dueAgo = (id: string, days: number) =>
    database.db
      .update(healthResources)
      .set({ reviewDueAt: new Date(Date.now() - days * DAY) })
      .where(eq(healthResources.id, id));

  it('edits a draft, publishes it with reviewerId in the same PATCH, and guards who may review', async () => {
    const { writer, reviewer } = fixture;
    const expertId = await expert();
    const id = await draft('孩子发烧要捂汗吗');
    // Editing is rumours:write; reviewing in the same PATCH needs rumours:review too (POST …/review needs only it).
    expect((await patch(`/v1/health-resources/${id}`, { title: '某' }, reviewer)).status).toBe(403);

    const edited = await patch(
      `/v1/health-resources/${id}`,
      { title: '孩子发烧了要不要捂汗？', audience: ['家长'] },
      writer,
    );
    expect(edited.status).toBe(200);
    expect(HealthResource.parse(await edited.json())).toMatchObject({
      title: '孩子发烧了要不要捂汗？',
      audience: ['家长'],
      status: 'draft',
    });
    // Only a reviewer reviews; a review date needs the reviewing expert; content or a link must remain.
    expect((await patch(`/v1/health-resources/${id}`, { reviewerId: expertId }, writer)).status).toBe(403);
    const noReviewer = await patch(`/v1/health-resources/${id}`, { reviewDueAt: '2099-01-01T00:00:00+08:00' }, editor);
    expect(noReviewer.status).toBe(400);
    expect(JSON.stringify(await noReviewer.json())).toContain('body.reviewerId');
    const empty = await patch(`/v1/health-resources/${id}`, { body: null }, writer);
    expect(empty.status).toBe(400);
    expect((await patch(`/v1/health-resources/${id}`, {}, writer)).status).toBe(400);
    expect((await patch('/v1/health-resources/hr_none', { title: '某' }, writer)).status).toBe(404);
    expect(await database.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.sourceId, id))).toEqual([]);

    const due = '2099-06-30T00:00:00.000Z';
    const published = await patch(
      `/v1/health-resources/${id}`,
      { summary: '发热别捂汗', reviewerId: expertId, reviewDueAt: due },
      editor,
    );
    expect(published.status).toBe(200);
    expect(HealthResource.parse(await published.json())).toMatchObject({
      status: 'published',
      summary: '发热别捂汗',
      reviewDueAt: due,
      reviewer: { id: expertId },
      overdue: false,
    });
    const [doc] = await database.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.sourceId, id));
    expect(doc?.title).toBe('孩子发烧了要不要捂汗？');
    expect(doc?.reviewDueAt?.toISOString()).toBe(due);
    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.targetId, id))).map((a) => a.action);
    expect(actions).toEqual(['health_resource.create', 'health_resource.update', 'health_resource.update.review']);
  });

  it('changes published content only with a review, and then re-indexes it in the same transaction', async () => {
    const { writer } = fixture;
    const expertId = await expert();
    const id = await draft('孩子发烧了要不要捂汗？');
    await patch(`/v1/health-resources/${id}`, { reviewerId: expertId }, editor);
    const [before] = await database.db.select().from(healthResources).where(eq(healthResources.id, id));

    const refused = await patch(`/v1/health-resources/${id}`, { body: '改过但未经审核的内容。' }, writer);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('reviewerId');
    expect(await database.db.select().from(healthResources).where(eq(healthResources.id, id))).toEqual([before]);

    const body = '发热时不要捂汗，穿宽松衣服、多喝水；精神差或持续高热要及时就医。';
    expect((await patch(`/v1/health-resources/${id}`, { body, reviewerId: expertId }, editor)).status).toBe(200);
    const retriever = createHybridRetriever({
      store: createKnowledgeStore(database.db),
      embedder: createLocalEmbedder(),
    });
    const hits = await retriever.retrieve('持续高热怎么办', { sourceTypes: ['health_resource'], now: new Date() }, 3);
    expect(hits.map((h) => h.sourceId)).toContain(id);
  });

  it('lists overdue resources for the experts, most overdue first, and a re-review puts one back', async () => {
    const { reviewer } = fixture;
    const expertId = await expert();
    const a = await draft('甲');
    const b = await draft('乙');
    const c = await draft('丙');
    for (const id of [a, b, c]) await patch(`/v1/health-resources/${id}`, { reviewerId: expertId }, editor);
    await dueAgo(a, 3);
    await dueAgo(b, 30);

    expect((await get('/v1/health-resources/review-queue', fixture.writer)).status).toBe(403);
    const swept = HealthReviewSweepResult.parse(
      await (await fixture.post('/v1/health-resources/sweep', {}, reviewer)).json(),
    );
    expect(swept.flagged.map((f) => f.id).sort()).toEqual([a, b].sort());
    expect(swept.withdrawn).toBe(2);

    const first = HealthResourceList.parse(
      await (await get('/v1/health-resources/review-queue?limit=1', reviewer)).json(),
    );
    expect(first.data.map((r) => [r.id, r.overdue])).toEqual([[b, true]]);
    expect(first.data[0]?.overdueSince).not.toBeNull();
    const second = HealthResourceList.parse(
      await (await get(`/v1/health-resources/review-queue?limit=1&cursor=${first.nextCursor}`, reviewer)).json(),
    );
    expect(second.data.map((r) => r.id)).toEqual([a]);
    expect(second.nextCursor).toBeNull();
    const soon = HealthResourceList.parse(
      await (await get('/v1/health-resources/review-queue?withinDays=365', reviewer)).json(),
    );
    expect(soon.data.map((r) => r.id)).toEqual([b, a, c]);
    expect((await get('/v1/health-resources/review-queue?withinDays=400', reviewer)).status).toBe(400);
    for (const cursor of ['x', Buffer.from(JSON.stringify([-8.64e15, 'hr_x'])).toString('base64url')]) {
      expect((await get(`/v1/health-resources/review-queue?cursor=${cursor}`, reviewer)).status).toBe(400);
    }

    // Re-review (a reviewer's key): out of the queue, flag cleared, back in the index.
    const renewed = HealthResource.parse(
      await (await fixture.post(`/v1/health-resources/${b}/review`, { reviewerId: expertId }, reviewer)).json(),
    );
    expect(renewed).toMatchObject({ overdue: false, overdueSince: null, status: 'published' });
    const queue = HealthResourceList.parse(await (await get('/v1/health-resources/review-queue', reviewer)).json());
    expect(queue.data.map((r) => r.id)).toEqual([a]);
    const docs = await database.db
      .select({ id: knowledgeDocuments.sourceId })
      .from(knowledgeDocuments)
      .where(eq(knowledgeDocuments.sourceType, 'health_resource'));
    expect(docs.map((d) => d.id).sort()).toEqual([b, c].sort());
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'health_resource.overdue'));
    expect(audit.map((e) => e.targetId).sort()).toEqual([a, b].sort());
    const runs = await database.db.select().from(auditLog).where(eq(auditLog.action, 'health_resource.sweep'));
    expect(runs.map((r) => r.details)).toEqual([{ flagged: 2, withdrawn: 2, overdue: 2 }]);
  });

  it('runs at start from the server timer with the injected clock', async () => {
    const expertId = await expert();
    const id = await draft('定时巡检');
    await patch(`/v1/health-resources/${id}`, { reviewerId: expertId }, editor);
    const logger = memoryLogger();
    const stop = startReviewSweep(database.db, 60_000, logger, () => new Date(Date.now() + 400 * DAY));
    try {
      await vi.waitFor(async () => {
        const [row] = await database.db.select().from(healthResources).where(eq(healthResources.id, id));
        expect(row?.overdueSince).not.toBeNull();
      });
      await vi.waitFor(() => expect(logger.lines.some((l) => l.msg === 'review sweep')).toBe(true));
    } finally {
      stop();
    }
    expect(await database.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.sourceId, id))).toEqual([]);
  });
});
