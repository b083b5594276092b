import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';
import { createTestDatabase, resetDatabase, TEST_DRIVERS } from '../../test/database.js';
import { chunkIdOf, upsertKnowledge, withdrawKnowledge } from './knowledge.js';

const doc = {
  sourceType: 'rumour' as const,
  sourceId: 'rum_1',
  externalId: 'SZ-R-001',
  title: '隔夜菜会致癌吗',
  text: '隔夜菜中的亚硝酸盐含量会随存放时间增加。冷藏保存的隔夜菜，亚硝酸盐含量远低于致病剂量。正常食用冷藏的隔夜菜不会致癌。',
  district: '福田区',
  topics: ['食品安全'],
  facts: { rating: 'false' },
};

describe.each(TEST_DRIVERS)('knowledge sync on %s', (driver) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => database.close());
  beforeEach(async () => resetDatabase(database));

  it('indexes a record in the caller transaction with stable chunk ids, tokens and vectors', async () => {
    await database.db.transaction(async (tx) => {
      const result = await upsertKnowledge(tx, doc);
      expect(result.changed).toBe(true);
    });
    const chunks = await database.db.select().from(knowledgeChunks);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks[0]?.id).toBe(chunkIdOf('rumour', 'rum_1', 0));
    expect(chunks[0]?.terms).toContain('隔夜菜');
    expect(chunks[0]?.embedding).toHaveLength(256);
    expect(chunks[0]?.embeddingModel).toBe('kepu-local-hash-v1-256');
  });

  it('re-indexing an unchanged record changes nothing; a changed one is replaced', async () => {
    await upsertKnowledge(database.db, doc);
    expect((await upsertKnowledge(database.db, doc)).changed).toBe(false);
    const second = await upsertKnowledge(database.db, { ...doc, text: '新的内容。' });
    expect(second).toMatchObject({ changed: true, chunks: 1 });
    const chunks = await database.db.select().from(knowledgeChunks);
    expect(chunks.map((c) => c.text)).toEqual(['新的内容。']);
  });

  it('a rolled-back transaction leaves the index untouched; withdraw removes document and chunks', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await upsertKnowledge(tx, doc);
        throw new Error('publish failed');
      }),
    ).rejects.toThrow('publish failed');
    expect(await database.db.$count(knowledgeDocuments)).toBe(0);

    await upsertKnowledge(database.db, doc);
    expect(await withdrawKnowledge(database.db, 'rumour', 'rum_1')).toBe(true);
    expect(await database.db.$count(knowledgeChunks)).toBe(0);
    expect(await withdrawKnowledge(database.db, 'rumour', 'rum_1')).toBe(false);
    const rows = await database.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.sourceId, 'rum_1'));
    expect(rows).toEqual([]);
  });
});
