import { createHybridRetriever, createLocalEmbedder } from '@kepu/assistant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DRIVERS } from '../../test/database.js';
import { upsertKnowledge } from './knowledge.js';
import { createKnowledgeStore } from './knowledge-store.js';

const now = new Date('2026-06-01T00:00:00Z');
const docs = [
  {
    sourceType: 'rumour' as const,
    sourceId: 'rum_tea',
    title: '喝隔夜茶会致癌吗',
    text: '隔夜茶中的茶多酚会氧化，但并不会产生致癌物。存放得当的隔夜茶可以饮用。',
  },
  {
    sourceType: 'resource' as const,
    sourceId: 'res_museum',
    title: '深圳自然博物馆',
    text: '深圳自然博物馆位于坪山区，展示恐龙化石和深圳本地的动植物标本。周一闭馆。',
    district: '坪山区',
  },
  {
    sourceType: 'resource' as const,
    sourceId: 'res_observatory',
    title: '西涌天文台',
    text: '西涌天文台位于大鹏新区，晚上开放公众观星活动，可以用望远镜看月亮和土星。',
    district: '大鹏新区',
  },
  {
    sourceType: 'rumour' as const,
    sourceId: 'rum_overdue',
    title: '微波炉加热食物会致癌',
    text: '微波炉加热不会让食物产生放射性，也不会致癌。',
    reviewDueAt: new Date('2026-01-01T00:00:00Z'),
  },
];

describe.each(TEST_DRIVERS)('hybrid retrieval on %s', (driver) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    for (const doc of docs) await upsertKnowledge(database.db, doc);
  });
  afterAll(async () => database.close());

  const retriever = () =>
    createHybridRetriever({ store: createKnowledgeStore(database.db), embedder: createLocalEmbedder() });

  it('ranks the chunk that answers the question first, with full lexical coverage', async () => {
    const [top] = await retriever().retrieve('隔夜茶能喝吗，会不会致癌？', { now });
    expect(top).toMatchObject({ sourceId: 'rum_tea', sourceType: 'rumour', title: '喝隔夜茶会致癌吗' });
    expect(top?.coverage).toBeGreaterThan(0.5);
    expect(top?.similarity).toBeGreaterThan(0);
  });

  it('filters by source type and district, and never returns content overdue for review', async () => {
    const places = await retriever().retrieve('天文台 博物馆', {
      now,
      sourceTypes: ['resource'],
      district: '大鹏新区',
    });
    expect(places.map((c) => c.sourceId)).toEqual(['res_observatory']);
    const overdue = await retriever().retrieve('微波炉加热食物会致癌吗', { now });
    expect(overdue.map((c) => c.sourceId)).not.toContain('rum_overdue');
    const before = await retriever().retrieve('微波炉加热食物会致癌吗', { now: new Date('2025-12-01T00:00:00Z') });
    expect(before[0]?.sourceId).toBe('rum_overdue');
  });

  it('a query of unknown words finds no lexical evidence', async () => {
    const hits = await retriever().retrieve('量子纠缠的贝尔不等式', { now });
    expect(hits.every((h) => h.coverage === 0)).toBe(true);
  });

  it('finds a record published after the statistics were cached, at once', async () => {
    const live = retriever();
    expect((await live.retrieve('蝾螈再生', { now })).every((h) => h.coverage === 0)).toBe(true);
    await upsertKnowledge(database.db, {
      sourceType: 'faq',
      sourceId: 'faq_newt',
      title: '蝾螈为什么能再生',
      text: '蝾螈的断肢可以再生。',
    });
    const [hit] = await live.retrieve('蝾螈再生', { now });
    expect(hit?.sourceId).toBe('faq_newt');
    expect(hit?.coverage).toBeGreaterThan(0.5);
  });
});
