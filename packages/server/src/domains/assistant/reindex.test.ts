import { createLocalEmbedder } from '@kepu/assistant';
import { ChatResponse } from '@kepu/sdk/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';
import { healthResources } from '../../db/schema/rumours.js';
import { createLogger } from '../../logger.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey } from '../../test/database.js';
import { eventsSeeder } from '../events/seed.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import { findEventsForQuestion } from './event-tool.js';
import { SERVICE_FAQ } from './faq.js';
import { upsertKnowledge } from './knowledge.js';
import { createKnowledgeStore } from './knowledge-store.js';
import { reindexKnowledge } from './reindex.js';

describe('kepu reindex and the event tool over the demo events', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const now = new Date();
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.transaction(async (tx) => {
      await eventsSeeder.run({ db: tx as never, now, logger: createLogger({ level: 'silent' }) });
    });
  });
  afterAll(async () => database.close());

  it('indexes upcoming events and the FAQ, removes what is no longer published, and is idempotent', async () => {
    await upsertKnowledge(database.db, {
      sourceType: 'expert',
      sourceId: 'exp_1',
      title: '某专家',
      text: '研究营养学。',
    });
    await upsertKnowledge(database.db, {
      sourceType: 'event',
      sourceId: 'evt_gone',
      title: '已删除的活动',
      text: '不再存在。',
    });
    const taxonomy = loadTaxonomy();
    const first = await reindexKnowledge(database.db, { embedder: createLocalEmbedder(), taxonomy, now });
    // Every kind is rebuilt from its domain, expert profiles too (OWN_SOURCES): a document whose record is gone goes.
    expect(first.removed).toBe(2);
    expect(await database.db.$count(knowledgeDocuments, eq(knowledgeDocuments.sourceType, 'expert'))).toBe(0);
    const types = await database.db.selectDistinct({ type: knowledgeDocuments.sourceType }).from(knowledgeDocuments);
    expect(types.map((t) => t.type).sort()).toEqual(expect.arrayContaining(['event', 'faq']));
    expect(await database.db.$count(knowledgeDocuments, eq(knowledgeDocuments.sourceType, 'faq'))).toBe(
      SERVICE_FAQ.length,
    );
    const [meteor] = await database.db
      .select()
      .from(knowledgeDocuments)
      .where(eq(knowledgeDocuments.title, '双子座流星雨科普讲座'));
    expect(meteor?.validUntil?.getTime()).toBeGreaterThan(now.getTime());
    // Districts and topics are indexed by name (南山区, 天文), not by the events' taxonomy codes.
    const districts = await database.db
      .selectDistinct({ d: knowledgeDocuments.district })
      .from(knowledgeDocuments)
      .where(eq(knowledgeDocuments.sourceType, 'event'));
    expect(districts.filter((r) => r.d).length).toBeGreaterThan(0);
    for (const { d } of districts) if (d) expect(d).toMatch(/区$/);

    // The rebuild leaves planner statistics behind (lexical search reads common words' frequencies from pg_stats).
    const stats = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_stats where tablename = 'knowledge_chunks' and attname = 'terms'`,
    );
    expect(stats.rows[0]?.n).toBe(1);

    const second = await reindexKnowledge(database.db, { embedder: createLocalEmbedder(), taxonomy, now });
    expect(second).toMatchObject({ changed: 0, removed: 0, reembedded: 0, documents: first.documents });
  });

  it('indexes citable health resources only: an overdue one is not put back by a rebuild', async () => {
    const day = 86_400_000;
    const published = {
      kind: 'article' as const,
      status: 'published' as const,
      publishedAt: new Date(now.getTime() - 90 * day),
    };
    await database.db.insert(healthResources).values([
      {
        ...published,
        id: 'hr_fresh',
        title: '高血压患者的饮食',
        body: '少盐。',
        reviewDueAt: new Date(now.getTime() + 30 * day),
      },
      {
        ...published,
        id: 'hr_overdue',
        title: '过期待复审的文章',
        body: '旧内容。',
        reviewDueAt: new Date(now.getTime() - day),
      },
    ]);
    try {
      await reindexKnowledge(database.db, { embedder: createLocalEmbedder(), taxonomy: loadTaxonomy(), now });
      const indexed = await database.db
        .select({ id: knowledgeDocuments.sourceId })
        .from(knowledgeDocuments)
        .where(eq(knowledgeDocuments.sourceType, 'health_resource'));
      expect(indexed.map((d) => d.id)).toEqual(['hr_fresh']);
    } finally {
      await database.db.delete(healthResources);
      await reindexKnowledge(database.db, { embedder: createLocalEmbedder(), taxonomy: loadTaxonomy(), now });
    }
  });

  it('re-embeds every chunk when the embedding model changes, and dense search uses the new index', async () => {
    const small = createLocalEmbedder(64);
    const report = await reindexKnowledge(database.db, { embedder: small, taxonomy: loadTaxonomy(), now });
    expect(report.changed).toBeGreaterThan(0);
    const models = await database.db.selectDistinct({ m: knowledgeChunks.embeddingModel }).from(knowledgeChunks);
    expect(models).toEqual([{ m: small.model }]);
    const [vector] = await small.embed(['流星雨']);
    const hits = await createKnowledgeStore(database.db).denseSearch(vector ?? [], small.model, { now }, 3);
    expect(hits).toHaveLength(3);
    const index = await database.db.execute<{ indexname: string }>(
      sql`select indexname from pg_indexes where indexname = 'knowledge_chunks_embedding_64_hnsw'`,
    );
    expect(index.rows).toHaveLength(1);
  });

  it('recommends demo events that match the topic of the question, as cards with citations', async () => {
    const { app } = createTestApp(database, { KEPU_RATE_LIMIT_STORE: 'off' });
    const { auth } = await createTestKey(database);
    const res = await app.request('/v1/assistant/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ messages: [{ role: 'user', content: '最近有什么天文观测活动？' }] }),
    });
    const answer = ChatResponse.parse(await res.json());
    expect(answer.intent).toBe('event_recommendation');
    const events = answer.cards.filter((c) => c.type === 'event');
    expect(events.length).toBeGreaterThan(0);
    for (const card of events) expect(card.title).toMatch(/星|天文|流星/);
    expect(answer.citations.every((c) => c.type === 'event')).toBe(true);
    const none = await findEventsForQuestion(
      database.db,
      { text: '有没有量子纠缠的活动', limit: 3 },
      { timeZone: 'Asia/Shanghai', now },
    );
    expect(none).toEqual([]);
  });
});
