import { createHybridRetriever, createLocalEmbedder, lexicalTokens } from '@kepu/assistant';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DRIVERS } from '../../test/database.js';
import { upsertKnowledge } from './knowledge.js';
import { conjunctionKeys, createKnowledgeStore } from './knowledge-store.js';

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

// A corpus where words recur with different frequencies and chunk lengths, so BM25 orders by more than word overlap.
const DISTRICTS = ['南山区', '福田区', '宝安区', '龙岗区'];
const TOPICS = ['天文', '海洋', '机器人', '植物', '气象'];
const PLACES = ['科技馆', '天文台', '植物园', '图书馆'];
const rankingDocs = Array.from({ length: 80 }, (_, i) => {
  const district = DISTRICTS[i % 4] as string;
  const topic = TOPICS[(i * 7) % 5] as string;
  const place = PLACES[(i >> 2) % 4] as string;
  const extra = Array.from({ length: i % 4 }, (_, j) => (j % 2 ? `${place}每周开放。` : `大家可以了解${topic}知识。`));
  return {
    sourceType: 'resource' as const,
    sourceId: `rank_${i}`,
    title: `${district}${place} ${i}`,
    text: `${district}${place}开展${topic}科普活动。${extra.join('')}`,
  };
});

interface Bm25Row {
  id: string;
  termFreqs: Record<string, number>;
  length: number;
}

/** BM25 (k1 1.2, b 0.75) and idf-weighted coverage of every stored chunk, from the stored term statistics. */
function bruteForce(rows: readonly Bm25Row[], terms: readonly string[]) {
  const n = rows.length;
  const avgdl = rows.reduce((sum, r) => sum + r.length, 0) / n;
  const df = new Map(terms.map((t) => [t, rows.filter((r) => r.termFreqs[t]).length]));
  const idf = (t: string) => Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  const mass = terms.reduce((sum, t) => sum + idf(t), 0);
  const scored = rows
    .filter((r) => terms.some((t) => r.termFreqs[t]))
    .map((r) => ({
      id: r.id,
      terms: r.termFreqs,
      coverage: terms.reduce((sum, t) => sum + (r.termFreqs[t] ? idf(t) : 0), 0) / mass,
      score: terms.reduce((sum, t) => {
        const tf = r.termFreqs[t] ?? 0;
        return sum + (tf ? (idf(t) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * r.length) / avgdl)) : 0);
      }, 0),
    }));
  return scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

describe.each(TEST_DRIVERS)('BM25 ranking on %s', (driver) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let rows: Bm25Row[];
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    await database.db.transaction(async (tx) => {
      for (const doc of rankingDocs) await upsertKnowledge(tx, doc);
    });
    const stored = await database.db.execute<{
      id: string;
      term_freqs: Record<string, number> | string;
      length: number;
    }>(sql`select id, term_freqs, length from knowledge_chunks`);
    rows = stored.rows.map((r) => ({
      id: r.id,
      termFreqs: typeof r.term_freqs === 'string' ? JSON.parse(r.term_freqs) : r.term_freqs,
      length: Number(r.length),
    }));
  });
  afterAll(async () => database.close());

  const queries = ['南山区天文台', '福田区 海洋 科技馆', '机器人比赛', '植物园气象'];

  it.each(queries)('returns exactly the BM25 top 10 for %s when the candidates fit', async (query) => {
    const terms = [...new Set(lexicalTokens(query))];
    const hits = await createKnowledgeStore(database.db).lexicalSearch(terms, { now }, 10);
    const expected = bruteForce(rows, terms).slice(0, 10);
    expect(hits.map((h) => h.chunkId)).toEqual(expected.map((e) => e.id));
    for (const [i, hit] of hits.entries()) {
      expect(hit.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 9);
      expect(hit.coverage).toBeCloseTo(expected[i]?.coverage ?? Number.NaN, 9);
    }
  });

  const elementStatistics = async () =>
    Number(
      (
        await database.db.execute<{ n: number }>(
          sql`select count(*)::int as n from pg_stats where tablename = 'knowledge_chunks' and attname = 'terms'
            and most_common_elems is not null`,
        )
      ).rows[0]?.n,
    );

  it('counts common words in full while PostgreSQL has no statistics, then refreshes them, and ranks the same with them', async () => {
    // Every word of this query is in more than 5 chunks, so with a limit of 5 none is counted exactly.
    const terms = [...new Set(lexicalTokens('南山区天文台'))];
    const expected = bruteForce(rows, terms).slice(0, 10);
    expect(await elementStatistics()).toBe(0);
    const hits = await createKnowledgeStore(database.db, { exactDfLimit: 5 }).lexicalSearch(terms, { now }, 10);
    expect(hits.map((h) => h.chunkId)).toEqual(expected.map((e) => e.id));
    // The store started ANALYZE in the background; it is queued behind this query on either driver.
    await expect.poll(elementStatistics, { timeout: 10_000 }).toBe(1);
    // Now the frequencies come from the statistics (they sampled every row here, so they are exact).
    const fromStatistics = await createKnowledgeStore(database.db, { exactDfLimit: 5 }).lexicalSearch(
      terms,
      { now },
      10,
    );
    expect(fromStatistics.map((h) => h.chunkId)).toEqual(expected.map((e) => e.id));
    for (const [i, hit] of fromStatistics.entries()) expect(hit.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 9);
  });

  it('with many candidates, ranks the chunks with every key word and drops the most common key while too few have all', async () => {
    const store = createKnowledgeStore(database.db, { exactCandidates: 5, maxCandidates: 20 });
    const terms = [...new Set(lexicalTokens('南山区 海洋 图书馆'))];
    const all = bruteForce(rows, terms);
    const withAll = (keys: readonly string[]) => all.filter((r) => keys.every((k) => r.terms[k]));
    // Rarest first: 海洋 (16 chunks), then 南山区 and 图书馆 (20 each, by code point).
    const keys = conjunctionKeys(terms.filter((t) => all.some((r) => r.terms[t])));
    expect(keys).toEqual(['南山区', '海洋', '图书馆']);
    expect([
      withAll(['海洋', '南山区', '图书馆']).length,
      withAll(['海洋', '南山区']).length,
      withAll(['海洋']).length,
    ]).toEqual([1, 4, 16]);
    const ids = async (limit: number) => (await store.lexicalSearch(terms, { now }, limit)).map((h) => h.chunkId);

    expect(await ids(1)).toEqual(withAll(keys).map((r) => r.id));
    expect(await ids(3)).toEqual(
      withAll(['海洋', '南山区'])
        .slice(0, 3)
        .map((r) => r.id),
    );
    expect(await ids(10)).toEqual(
      withAll(['海洋'])
        .slice(0, 10)
        .map((r) => r.id),
    );
    // Fewer than asked for even with one key: all of those, plus (capped) chunks with any key, in BM25 order.
    const filled = await store.lexicalSearch(terms, { now }, 40);
    expect(filled.length).toBeGreaterThan(16);
    expect(filled.length).toBeLessThanOrEqual(36);
    expect(filled.map((h) => h.chunkId)).toEqual(expect.arrayContaining(withAll(['海洋']).map((r) => r.id)));
    const scores = filled.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
