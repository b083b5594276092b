import { createLocalEmbedder } from '@kepu/assistant';
import { ChatResponse, Expert, ExpertList } from '@kepu/sdk/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { auditLog } from '../../db/schema/access.js';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase } from '../../test/database.js';
import { reindexKnowledge } from '../assistant/reindex.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import { createRumoursFixture } from './test-fixture.js';

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
beforeEach(async () => {
  await resetDatabase(database);
  fixture = await createRumoursFixture(database, app);
});

const NUTRITIONIST = {
  name: '林文（示例）',
  title: '主任医师',
  institution: '示例市疾病预防控制中心（虚构）',
  specialties: ['营养与食品安全'],
  profile: '长期从事居民膳食营养指导（示例）。',
  reviewer: true,
  isExample: true,
};

const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
  app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const documentOf = async (id: string) =>
  (
    await database.db
      .select()
      .from(knowledgeDocuments)
      .where(and(eq(knowledgeDocuments.sourceType, 'expert'), eq(knowledgeDocuments.sourceId, id)))
  )[0];

describe('expert profiles in the knowledge index', () => {
  it('indexes a verified profile on create and update, and withdraws it when unverified or removed', async () => {
    const { reviewer, writer } = fixture;
    const created = Expert.parse(await (await send('POST', '/v1/experts', NUTRITIONIST, reviewer)).json());
    // Not verified yet: not public, not in the index; staff see it.
    expect(await documentOf(created.id)).toBeUndefined();
    expect((await app.request(`/v1/experts/${created.id}`)).status).toBe(404);
    expect(ExpertList.parse(await (await app.request('/v1/experts')).json()).data).toEqual([]);
    expect((await app.request(`/v1/experts/${created.id}`, { headers: writer })).status).toBe(200);

    await send('PATCH', `/v1/experts/${created.id}`, { verified: true }, reviewer);
    const doc = await documentOf(created.id);
    expect(doc).toMatchObject({ title: '林文（示例）（主任医师）', url: `/v1/experts/${created.id}` });
    expect(doc?.topics).toEqual(['营养与食品安全']);
    expect((await app.request(`/v1/experts/${created.id}`)).status).toBe(200);

    await send('PATCH', `/v1/experts/${created.id}`, { specialties: ['营养与食品安全', '慢性病防控'] }, reviewer);
    expect((await documentOf(created.id))?.topics).toEqual(['营养与食品安全', '慢性病防控']);

    await send('PATCH', `/v1/experts/${created.id}`, { verified: false }, reviewer);
    expect(await documentOf(created.id)).toBeUndefined();
    await send('PATCH', `/v1/experts/${created.id}`, { verified: true }, reviewer);
    expect(await documentOf(created.id)).toBeDefined();

    expect((await send('DELETE', `/v1/experts/${created.id}`, undefined, writer)).status).toBe(403);
    const removed = Expert.parse(await (await send('DELETE', `/v1/experts/${created.id}`, undefined, reviewer)).json());
    expect(removed).toMatchObject({ reviewer: false });
    expect(removed.removedAt).not.toBeNull();
    expect(await documentOf(created.id)).toBeUndefined();
    expect((await app.request(`/v1/experts/${created.id}`)).status).toBe(404);
    expect((await send('DELETE', `/v1/experts/${created.id}`, undefined, reviewer)).status).toBe(200);
    expect((await send('DELETE', '/v1/experts/exp_none', undefined, reviewer)).status).toBe(404);
    const again = await send('PATCH', `/v1/experts/${created.id}`, { verified: true }, reviewer);
    expect(again.status).toBe(409);
    expect(await documentOf(created.id)).toBeUndefined();
    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.targetId, created.id))).map(
      (a) => a.action,
    );
    expect(actions).toEqual([
      'expert.create',
      'expert.update',
      'expert.update',
      'expert.update',
      'expert.update',
      'expert.remove',
      'expert.remove',
    ]);
  });

  it('holds only the public profile, and a removed expert can no longer review', async () => {
    const { reviewer, writer } = fixture;
    const expert = Expert.parse(
      await (await send('POST', '/v1/experts', { ...NUTRITIONIST, verified: true }, reviewer)).json(),
    );
    const doc = await documentOf(expert.id);
    const chunks = await database.db
      .select()
      .from(knowledgeChunks)
      .where(eq(knowledgeChunks.documentId, doc?.id ?? ''));
    const indexed = JSON.stringify([doc, chunks.map((c) => c.text)]);
    for (const field of [expert.name, expert.institution ?? '', '营养与食品安全', '长期从事居民膳食营养指导']) {
      expect(indexed).toContain(field);
    }
    expect(Object.keys(doc?.facts ?? {}).sort()).toEqual(
      ['institution', 'isExample', 'name', 'reviewer', 'specialties', 'title'].sort(),
    );

    await send('DELETE', `/v1/experts/${expert.id}`, undefined, reviewer);
    const draft = await send(
      'POST',
      '/v1/rumours',
      { claim: '某说法', rating: 'false', explanation: '不对。', reviewerIds: [expert.id] },
      writer,
    );
    expect(draft.status).toBe(400);
    expect(JSON.stringify(await draft.json())).toContain('is not a reviewer');
  });

  it('is rebuilt by reindex, and the assistant cites the profile when asked for an expert', async () => {
    const { reviewer } = fixture;
    const expert = Expert.parse(
      await (await send('POST', '/v1/experts', { ...NUTRITIONIST, verified: true }, reviewer)).json(),
    );
    // Another verified expert, of another field: every profile says "…方面的专家", only one says 营养.
    const other = {
      ...NUTRITIONIST,
      name: '周启（示例）',
      specialties: ['传染病', '疫苗'],
      profile: '从事传染病防控（示例）。',
    };
    const virologist = Expert.parse(
      await (await send('POST', '/v1/experts', { ...other, verified: true }, reviewer)).json(),
    );
    await database.db.delete(knowledgeDocuments).where(eq(knowledgeDocuments.sourceId, expert.id));
    await reindexKnowledge(database.db, { embedder: createLocalEmbedder(), taxonomy: loadTaxonomy() });
    expect(await documentOf(expert.id)).toBeDefined();

    const key = await createTestKey(database);
    const res = await send(
      'POST',
      '/v1/assistant/chat',
      { messages: [{ role: 'user', content: '有没有营养方面的专家？' }] },
      key.auth,
    );
    expect(res.status).toBe(200);
    const answer = ChatResponse.parse(await res.json());
    expect(answer.citations.filter((c) => c.type === 'expert').map((c) => c.id)).toEqual([expert.id]);
    expect(answer.answer).toContain('林文');
    expect(answer.answer).not.toContain('周启');
    expect(virologist.id).not.toBe(expert.id);
  });
});
