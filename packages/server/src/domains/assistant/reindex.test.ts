import { createLocalEmbedder } from '@kepu/assistant';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';
import { createLogger } from '../../logger.js';
import { createTestDatabase } from '../../test/database.js';
import { eventsSeeder } from '../events/seed.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import { SERVICE_FAQ } from './faq.js';
import { upsertKnowledge } from './knowledge.js';
import { createKnowledgeStore } from './knowledge-store.js';
import { reindexKnowledge } from './reindex.js';

describe('kepu reindex', () => {
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
      sourceType: 'event',
      sourceId: 'evt_gone',
      title: '已删除的活动',
      text: '不再存在。',
    });
    const taxonomy = loadTaxonomy();
    const first = await reindexKnowledge(database.db, { embedder: createLocalEmbedder(), taxonomy, now });
    expect(first.removed).toBe(1);
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

    const second = await reindexKnowledge(database.db, { embedder: createLocalEmbedder(), taxonomy, now });
    expect(second).toMatchObject({ changed: 0, removed: 0, reembedded: 0, documents: first.documents });
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
});
