import { ChatResponse } from '@kepu/sdk/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';
import { registryRoutes } from '../../db/schema/registry.js';
import { createLogger } from '../../logger.js';
import { testConfig } from '../../test/app.js';
import { createTestDatabase, createTestKey, TEST_DRIVERS } from '../../test/database.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import { registryTestKit, sampleSubmission } from '../registry/test-kit.js';
import { activate, register } from '../volunteers/test-support.js';
import { refreshPassedSessions, withdrawExpiredKnowledge } from './knowledge-expiry.js';
import { createAssistantService } from './service.js';
import { syncOpportunityKnowledge, syncRouteKnowledge } from './sources.js';

type Json = Record<string, unknown>;
const HOUR = 3_600_000;

/** Volunteer opportunities and science-tourism routes reach the assistant through their own publish paths. */
describe.each(TEST_DRIVERS)('opportunities and routes are indexed when they are published, on %s', (driver) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let kit: Awaited<ReturnType<typeof registryTestKit>>;
  let volunteersStaff: Awaited<ReturnType<typeof createTestKey>>;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    kit = await registryTestKit(database);
    volunteersStaff = await createTestKey(database, { scopes: ['volunteers:write'] });
  });
  afterAll(async () => database.close());

  const documentOf = async (sourceType: string, sourceId: string) =>
    (
      await database.db
        .select()
        .from(knowledgeDocuments)
        .where(and(eq(knowledgeDocuments.sourceType, sourceType), eq(knowledgeDocuments.sourceId, sourceId)))
    )[0];
  const assistant = () =>
    createAssistantService({ db: database.db, config: testConfig(), logger: createLogger({ level: 'silent' }) });

  it('an opportunity enters the index with its first upcoming shift, and the assistant offers it', async () => {
    const created = await kit.call('POST', '/v1/opportunities', volunteersStaff.auth, {
      title: '深圳自然博物馆周末讲解志愿者',
      description: '在恐龙展厅为亲子家庭讲解化石知识，需要有耐心，善于和孩子交流。',
      district: '坪山',
      roles: ['science_volunteer'],
    });
    expect(created.status).toBe(201);
    const opportunity = (await created.json()) as Json;
    const id = String(opportunity.id);
    // No shift yet: nothing a citizen could sign up for, so the assistant does not offer it.
    expect(await documentOf('opportunity', id)).toBeUndefined();

    const startsAt = new Date(Date.now() + 3 * 24 * HOUR);
    const shift = await kit.call('POST', `/v1/opportunities/${id}/shifts`, volunteersStaff.auth, {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 4 * HOUR).toISOString(),
      place: '深圳自然博物馆恐龙展厅',
      slots: 6,
    });
    expect(shift.status).toBe(201);
    const doc = await documentOf('opportunity', id);
    expect(doc).toMatchObject({ title: '深圳自然博物馆周末讲解志愿者', district: '坪山区' });
    expect(doc?.validUntil?.getTime()).toBe(startsAt.getTime() + 4 * HOUR);
    expect(await database.db.$count(knowledgeChunks, eq(knowledgeChunks.documentId, doc?.id ?? ''))).toBeGreaterThan(0);

    const { auth } = await createTestKey(database);
    const res = await kit.app.request('/v1/assistant/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ messages: [{ role: 'user', content: '我想去自然博物馆当讲解志愿者，有机会吗？' }] }),
    });
    expect(res.status).toBe(200);
    const answer = ChatResponse.parse(await res.json());
    expect(answer.intent).toBe('volunteer_info');
    expect(answer.cards).toContainEqual(expect.objectContaining({ type: 'opportunity', id }));
    expect(answer.citations).toContainEqual(expect.objectContaining({ type: 'opportunity', id }));
  });

  it('closing an opportunity withdraws it at once; a closed one takes no shifts or sign-ups and is not listed', async () => {
    const created = await kit.call('POST', '/v1/opportunities', volunteersStaff.auth, {
      title: '海洋科普周讲解志愿者',
      description: '在大梅沙海滨向游客讲解海洋生物与海洋保护知识。',
      district: '盐田',
    });
    const id = String(((await created.json()) as Json).id);
    const startsAt = new Date(Date.now() + 4 * 24 * HOUR);
    const shift = (await (
      await kit.call('POST', `/v1/opportunities/${id}/shifts`, volunteersStaff.auth, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
        place: '大梅沙海滨公园',
        slots: 5,
      })
    ).json()) as Json;
    expect(await documentOf('opportunity', id)).toBeDefined();

    const stranger = await createTestKey(database, { scopes: ['volunteers:write'] });
    expect((await kit.call('POST', `/v1/opportunities/${id}/close`, stranger.auth)).status).toBe(403);
    expect((await kit.call('POST', `/v1/opportunities/${id}/close`)).status).toBe(401);
    expect(await documentOf('opportunity', id)).toBeDefined();

    const closed = await kit.call('POST', `/v1/opportunities/${id}/close`, volunteersStaff.auth);
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as Json).closedAt).toEqual(expect.any(String));
    expect(await documentOf('opportunity', id)).toBeUndefined();
    const hits = await assistant().retriever.retrieve('大梅沙海洋科普讲解志愿者', { now: new Date() }, 5);
    expect(hits.some((h) => h.sourceId === id)).toBe(false);

    const again = await kit.call('POST', `/v1/opportunities/${id}/close`, volunteersStaff.auth);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already closed at/);
    const moreShifts = await kit.call('POST', `/v1/opportunities/${id}/shifts`, volunteersStaff.auth, {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      place: '大梅沙',
      slots: 1,
    });
    expect(moreShifts.status).toBe(409);
    expect(await documentOf('opportunity', id)).toBeUndefined();
    // An active volunteer cannot sign up for a shift of a closed opportunity.
    const client = await createTestKey(database, { scopes: [] });
    const volunteer = await register(kit.app, client.auth);
    await activate(database, [volunteer.id]);
    const signUp = await kit.app.request(`/v1/shifts/${String(shift.id)}/sign-up`, {
      method: 'POST',
      headers: { 'x-volunteer-token': volunteer.token },
    });
    expect(signUp.status).toBe(409);
    expect(((await signUp.json()) as { error: { message: string } }).error.message).toMatch(/closed/);
    const list = (await (await kit.call('GET', '/v1/opportunities?district=盐田')).json()) as { data: Json[] };
    expect(list.data.map((o) => o.id)).not.toContain(id);
    expect(((await (await kit.call('GET', `/v1/opportunities/${id}`)).json()) as Json).closedAt).toEqual(
      expect.any(String),
    );
  });

  it('an opportunity whose last shift is over leaves the index by the expiry sweep, and stays out at its next sync', async () => {
    const created = await kit.call('POST', '/v1/opportunities', volunteersStaff.auth, {
      title: '科技周布展志愿者',
      district: '福田',
    });
    const id = String(((await created.json()) as Json).id);
    const startsAt = new Date(Date.now() + 2 * HOUR);
    await kit.call('POST', `/v1/opportunities/${id}/shifts`, volunteersStaff.auth, {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      place: '市民中心',
      slots: 2,
    });
    expect(await documentOf('opportunity', id)).toBeDefined();
    const later = new Date(Date.now() + 24 * HOUR);
    // The server's expiry sweep, a day later: the last shift is over, the document is withdrawn …
    expect(await withdrawExpiredKnowledge(database.db, new Date(startsAt.getTime() + HOUR - 1))).toBe(0);
    expect(await documentOf('opportunity', id)).toBeDefined();
    expect(await withdrawExpiredKnowledge(database.db, later)).toBeGreaterThanOrEqual(1);
    expect(await documentOf('opportunity', id)).toBeUndefined();
    // … and so is the rule every publish hook applies: no shift to come, nothing to index.
    await syncOpportunityKnowledge(database.db, id, { now: later });
    expect(await documentOf('opportunity', id)).toBeUndefined();
  });

  it('an opportunity whose listed next shift has started is re-indexed with the one after it', async () => {
    const created = await kit.call('POST', '/v1/opportunities', volunteersStaff.auth, {
      title: '青少年科技节引导志愿者',
      district: '南山',
    });
    const id = String(((await created.json()) as Json).id);
    const first = new Date(Date.now() + 2 * HOUR);
    const second = new Date(Date.now() + 50 * HOUR);
    for (const startsAt of [first, second]) {
      await kit.call('POST', `/v1/opportunities/${id}/shifts`, volunteersStaff.auth, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
        place: '深圳湾科技生态园',
        slots: 3,
      });
    }
    expect((await documentOf('opportunity', id))?.facts).toMatchObject({ startsAt: first.toISOString() });
    const upkeep = { taxonomy: loadTaxonomy(), timeZone: 'Asia/Shanghai' };
    expect(await refreshPassedSessions(database.db, { ...upkeep, now: new Date() })).toBe(0);
    const refreshed = await refreshPassedSessions(database.db, { ...upkeep, now: new Date(first.getTime() + 60_000) });
    expect(refreshed).toBeGreaterThanOrEqual(1);
    expect((await documentOf('opportunity', id))?.facts).toMatchObject({ startsAt: second.toISOString() });
  });

  it('a created route is indexed with its topics by name and retrievable; a route no longer published is withdrawn', async () => {
    const stop = async (name: string) => {
      const { resource } = (await (
        await kit.call('POST', '/v1/resources', kit.partner.auth, sampleSubmission({ name }))
      ).json()) as { resource: { id: string } };
      await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, { action: 'approve' });
      return resource.id;
    };
    const created = await kit.call('POST', '/v1/routes', kit.staff.auth, {
      name: '红树林湿地生态科普一日游',
      theme: '湿地生态与候鸟',
      description: '从福田红树林生态公园出发，观察红树林植物和越冬候鸟，了解滨海湿地保护。',
      durationText: '一日',
      topics: ['航天'],
      stops: [{ resourceId: await stop('福田红树林生态公园') }, { resourceId: await stop('深圳湾公园') }],
    });
    expect(created.status).toBe(201);
    const id = String(((await created.json()) as Json).id);
    const doc = await documentOf('route', id);
    expect(doc).toMatchObject({ title: '红树林湿地生态科普一日游', url: `/v1/routes/${id}` });
    expect(doc?.topics).toEqual(['航空航天']);

    const hits = await assistant().retriever.retrieve('红树林候鸟科普路线', { now: new Date() }, 3);
    expect(hits[0]).toMatchObject({ sourceType: 'route', sourceId: id });

    // A failed creation (a stop that is not published) leaves nothing in the index.
    const before = await database.db.$count(knowledgeDocuments, eq(knowledgeDocuments.sourceType, 'route'));
    const bad = await kit.call('POST', '/v1/routes', kit.staff.auth, {
      name: '坏线路',
      theme: '测试',
      description: '包含不存在站点的路线。',
      durationText: '半日',
      stops: [{ resourceId: 'res_missing' }],
    });
    expect(bad.status).toBe(400);
    expect(await database.db.$count(knowledgeDocuments, eq(knowledgeDocuments.sourceType, 'route'))).toBe(before);

    // Archiving has no API yet; the sync that such a transition must call withdraws the route.
    await database.db.update(registryRoutes).set({ status: 'archived' }).where(eq(registryRoutes.id, id));
    await syncRouteKnowledge(database.db, id, loadTaxonomy());
    expect(await documentOf('route', id)).toBeUndefined();
    const after = await assistant().retriever.retrieve('红树林候鸟科普路线', { now: new Date() }, 3);
    expect(after.some((h) => h.sourceId === id)).toBe(false);
  });
});
