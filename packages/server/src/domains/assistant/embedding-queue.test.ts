import { createLocalEmbedder, EmbeddingError, type KnowledgeDocument } from '@kepu/assistant';
import { ChatResponse } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';
import { createTestApp, memoryLogger, testConfig } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase, TEST_DRIVERS } from '../../test/database.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import { createConfiguredEmbedder } from './embedder.js';
import { embedPendingChunks, pendingChunkCount, startEmbeddingQueue } from './embedding-queue.js';
import { indexedText, PUBLISH_EMBEDDER, upsertKnowledge } from './knowledge.js';
import { createKnowledgeStore, ensureVectorIndex } from './knowledge-store.js';
import { reindexKnowledge } from './reindex.js';
import { startEmbeddingsServer } from './test-embeddings-server.js';

const DIMENSION = 64;
const MODEL = 'bge-test';
/** Test records as expert profiles (no such experts exist: `kepu reindex` prunes them, which no test here minds). */
const doc = (id: string, title: string, text: string): KnowledgeDocument => ({
  sourceType: 'expert',
  sourceId: id,
  title,
  text,
});
const MANGROVE = doc(
  'exp_mangrove',
  '红树林湿地生态',
  '红树林是生长在热带和亚热带海岸潮间带的木本植物群落。深圳福田红树林是候鸟越冬的重要栖息地。',
);
const SLEEP = doc('exp_sleep', '青少年睡眠健康', '青少年每天需要八到十小时睡眠。睡前少用手机，有助于入睡。');

describe.each(TEST_DRIVERS)('publishing with an openai embedder configured, on %s', (driver) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let provider: Awaited<ReturnType<typeof startEmbeddingsServer>>;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    provider = await startEmbeddingsServer(DIMENSION);
    await ensureVectorIndex(database.db, DIMENSION);
  });
  afterAll(async () => {
    await provider.close();
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database);
    provider.setMode('ok');
    provider.setBeforeAnswer(undefined);
    provider.setRejectWord(undefined);
    provider.requests.length = 0;
  });

  /** What every domain's publish does: index in its own transaction. */
  const publish = (...docs: KnowledgeDocument[]) =>
    database.db.transaction(async (tx) => {
      for (const d of docs) await upsertKnowledge(tx, d);
    });
  const chunksOf = async (sourceId: string) =>
    (
      await database.db
        .select({ chunk: knowledgeChunks })
        .from(knowledgeChunks)
        .innerJoin(knowledgeDocuments, eq(knowledgeDocuments.id, knowledgeChunks.documentId))
        .where(eq(knowledgeDocuments.sourceId, sourceId))
        .orderBy(knowledgeChunks.ordinal)
    ).map((r) => r.chunk);

  it('the publish never calls the provider; the queue embeds after the commit and dense retrieval finds the record', async () => {
    const remote = provider.embedder(MODEL);
    await publish(MANGROVE, SLEEP);
    expect(provider.requests).toEqual([]);
    const pending = await pendingChunkCount(database.db, remote);
    expect(pending).toBeGreaterThan(0);

    const store = createKnowledgeStore(database.db);
    const [query] = await remote.embed(['红树林 候鸟']);
    const now = new Date();
    // Before the queue ran: found by its words at once, and its stand-in vectors are never compared with the model's.
    expect((await store.lexicalSearch(['红树林'], { now }, 5)).length).toBeGreaterThan(0);
    expect(await store.denseSearch(query ?? [], MODEL, { now }, 5)).toEqual([]);

    expect(await embedPendingChunks(database.db, remote)).toBe(pending);
    expect(await pendingChunkCount(database.db, remote)).toBe(0);
    for (const chunk of await chunksOf('exp_mangrove')) {
      expect(chunk).toMatchObject({ embeddingModel: MODEL, embeddingDimension: DIMENSION });
      expect(chunk.embedding).toHaveLength(DIMENSION);
    }
    const dense = await store.denseSearch(query ?? [], MODEL, { now }, 5);
    const [top] = await store.hydrate([dense[0]?.chunkId ?? '']);
    expect(top?.sourceId).toBe('exp_mangrove');
    // Idempotent: nothing pending, no request.
    const before = provider.requests.length;
    expect(await embedPendingChunks(database.db, remote)).toBe(0);
    expect(provider.requests.length).toBe(before);
  });

  it('a provider outage neither blocks nor half-writes a publish; the queue fails clearly and catches up later', async () => {
    const secret = 'sk-never-in-a-log-42';
    const remote = provider.embedder(MODEL, { apiKey: secret });
    provider.setMode('fail');
    await publish(MANGROVE);
    const chunks = await chunksOf('exp_mangrove');
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((c) => c.embeddingModel === PUBLISH_EMBEDDER.model)).toBe(true);

    const error = await embedPendingChunks(database.db, remote).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect(error).toMatchObject({ failure: 'provider_error', status: 503 });
    // The message (which the queue logs) names the endpoint and status; the provider echoed the key, we do not.
    expect((error as Error).message).toMatch(/HTTP 503: .*model is loading/);
    expect((error as Error).message).not.toContain(secret);
    expect(await pendingChunkCount(database.db, remote)).toBe(chunks.length);
    expect((await createKnowledgeStore(database.db).lexicalSearch(['红树林'], { now: new Date() }, 5)).length).toBe(
      chunks.length,
    );

    provider.setMode('ok');
    expect(await embedPendingChunks(database.db, remote)).toBe(chunks.length);
    expect(await pendingChunkCount(database.db, remote)).toBe(0);
  });

  it('a chunk the provider refuses for its content does not hold back the others, and is named in the error', async () => {
    const remote = provider.embedder(MODEL);
    const flagged = doc('exp_flagged', '某敏感话题', '这段文字会被服务商的内容审核拒绝：违禁词。');
    await publish(MANGROVE, flagged, SLEEP);
    provider.setRejectWord('违禁词');
    const error = await embedPendingChunks(database.db, remote).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    const [flaggedChunk] = await chunksOf('exp_flagged');
    expect((error as Error).message).toContain(`rejected 1 chunk(s) (${flaggedChunk?.id})`);
    expect((error as Error).message).toContain('inappropriate content');
    expect(flaggedChunk?.embeddingModel).toBe(PUBLISH_EMBEDDER.model);
    expect(await pendingChunkCount(database.db, remote)).toBe(1);
    for (const id of ['exp_mangrove', 'exp_sleep']) {
      expect((await chunksOf(id)).every((c) => c.embeddingModel === MODEL)).toBe(true);
    }
  });

  it('a chunk rewritten while its batch is being embedded keeps the new text and gets its vector in the next round', async () => {
    const remote = provider.embedder(MODEL);
    await publish(SLEEP);
    const rewritten = { ...SLEEP, text: '青少年每天应保证充足睡眠，周末补觉不能完全弥补。' };
    provider.setBeforeAnswer(async () => {
      provider.setBeforeAnswer(undefined);
      await publish(rewritten); // an editor publishes a correction while the provider is answering
    });
    // The first round's vector (of the old text) is discarded; the second round embeds the correction.
    expect(await embedPendingChunks(database.db, remote)).toBe(1);
    const [chunk] = await chunksOf('exp_sleep');
    expect(chunk?.text).toBe(rewritten.text);
    expect(chunk?.embeddingModel).toBe(MODEL);
    expect(provider.requests.map((r) => r.input)).toEqual([
      [indexedText(SLEEP.title, SLEEP.text)],
      [indexedText(SLEEP.title, rewritten.text)],
    ]);
    const [expected] = await remote.embed([indexedText(SLEEP.title, rewritten.text)]);
    const drift = Math.max(...(chunk?.embedding ?? []).map((v, i) => Math.abs(v - (expected?.[i] ?? 0))));
    expect(drift).toBeLessThan(1e-6);
  });

  it('chunks rewritten during every round stop the run after three rounds instead of looping on the provider', async () => {
    await publish(SLEEP);
    let revision = 0;
    provider.setBeforeAnswer(async () => {
      revision++;
      await publish({ ...SLEEP, text: `${SLEEP.text}第${revision}次修订。` });
    });
    await expect(embedPendingChunks(database.db, provider.embedder(MODEL))).rejects.toThrow(/no progress in 3 rounds/);
    expect(provider.requests).toHaveLength(3);
  });

  it('a change of model re-embeds every chunk when the queue starts, without a reindex', async () => {
    await publish(MANGROVE, SLEEP);
    await embedPendingChunks(database.db, provider.embedder(MODEL));
    const total = await database.db.$count(knowledgeChunks);
    const before = await chunksOf('exp_mangrove');

    const flipped = provider.embedder(`${MODEL}-flipped`);
    const logger = memoryLogger();
    const queue = startEmbeddingQueue({ db: database.db, embedder: flipped, logger, intervalMs: 60_000 });
    // Nothing to call: the queue's start-up run finds the other model's vectors by itself.
    await vi.waitFor(
      () =>
        expect(logger.lines).toContainEqual(
          expect.objectContaining({ msg: 'knowledge vectors embedded', model: flipped.model, chunks: total }),
        ),
      { timeout: 5000 },
    );
    expect(await queue.drain()).toBe(0);
    await queue.stop();
    const after = await chunksOf('exp_mangrove');
    expect(after.every((c) => c.embeddingModel === flipped.model)).toBe(true);
    expect(after[0]?.embedding[0]).toBeCloseTo(-(before[0]?.embedding[0] ?? 0), 9);
    expect(await pendingChunkCount(database.db, flipped)).toBe(0);
  });

  it('a provider that hangs is given up after the timeout, logged with a doubled retry delay, and does not delay a shutdown', async () => {
    provider.setMode('hang');
    await publish(SLEEP);
    const logger = memoryLogger();
    const queue = startEmbeddingQueue({
      db: database.db,
      embedder: provider.embedder(MODEL, { timeoutMs: 300 }),
      logger,
      intervalMs: 60_000,
    });
    await vi.waitFor(() => expect(logger.lines.some((l) => l.level === 'warn')).toBe(true), { timeout: 5000 });
    expect(logger.lines.find((l) => l.level === 'warn')).toMatchObject({
      failure: 'unavailable',
      retryInMs: 120_000,
      error: expect.stringContaining('within 300 ms'),
    });
    const started = performance.now();
    await queue.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pendingChunkCount(database.db, provider.embedder(MODEL))).toBeGreaterThan(0);
  });
});

describe('end to end through the configured openai embedder (local /v1/embeddings server, real database)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let provider: Awaited<ReturnType<typeof startEmbeddingsServer>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    provider = await startEmbeddingsServer(DIMENSION);
  });
  afterAll(async () => {
    await provider.close();
    await database.close();
  });

  it('with the default local embedder a publish writes final vectors: nothing is pending', async () => {
    await upsertKnowledge(database.db, MANGROVE);
    expect(await pendingChunkCount(database.db, createLocalEmbedder())).toBe(0);
    expect(await pendingChunkCount(database.db, createLocalEmbedder(128))).toBeGreaterThan(0);
    // A remote embedder is refused inside a publish transaction.
    await expect(
      upsertKnowledge(database.db, SLEEP, { embedder: { model: 'remote', dimension: 8, embed: async () => [] } }),
    ).rejects.toThrow(/does not call the remote embedder remote/);
  });

  it('an opportunity published over the API is embedded by the configured model and offered by the assistant', async () => {
    const env = provider.env(MODEL);
    const embedder = createConfiguredEmbedder(testConfig(env).assistant.embedding);
    expect(embedder).toMatchObject({ model: MODEL, dimension: DIMENSION, inProcess: false });
    const queue = startEmbeddingQueue({ db: database.db, embedder, logger: memoryLogger(), intervalMs: 60_000 });
    try {
      const { app } = createTestApp(database, env);
      const staff = await createTestKey(database, { scopes: ['volunteers:write'] });
      const post = (path: string, body: unknown) =>
        app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...staff.auth },
          body: JSON.stringify(body),
        });
      const created = await post('/v1/opportunities', {
        title: '深圳天文台观星夜讲解志愿者',
        description: '协助天文台工作人员引导市民使用望远镜观测月球与行星，讲解基础天文知识。',
        district: '大鹏',
      });
      const id = String(((await created.json()) as { id: string }).id);
      const startsAt = new Date(Date.now() + 5 * 24 * 3_600_000);
      const shift = await post(`/v1/opportunities/${id}/shifts`, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
        place: '深圳市天文台',
        slots: 4,
      });
      expect(shift.status).toBe(201);
      expect(provider.requests).toEqual([]); // the publish did not wait on the provider

      expect(await queue.drain()).toBeGreaterThan(0);
      const [chunk] = await database.db
        .select()
        .from(knowledgeChunks)
        .innerJoin(knowledgeDocuments, eq(knowledgeDocuments.id, knowledgeChunks.documentId))
        .where(eq(knowledgeDocuments.sourceId, id));
      expect(chunk?.knowledge_chunks).toMatchObject({ embeddingModel: MODEL, embeddingDimension: DIMENSION });

      const question = '我想去天文台当讲解志愿者，有机会吗？';
      const { auth } = await createTestKey(database);
      const res = await app.request('/v1/assistant/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ messages: [{ role: 'user', content: question }] }),
      });
      const answer = ChatResponse.parse(await res.json());
      expect(answer.intent).toBe('volunteer_info');
      expect(answer.cards).toContainEqual(expect.objectContaining({ type: 'opportunity', id }));
      // The question itself was embedded by the configured model (dense retrieval took part).
      expect(provider.requests.some((r) => r.model === MODEL && r.input.some((t) => t.includes('天文台')))).toBe(true);

      // The provider down or hanging: the citizen still gets the answer, found by its words; the server logs why.
      const { app: watched, logger } = createTestApp(database, env);
      for (const mode of ['fail', 'hang'] as const) {
        provider.setMode(mode);
        const started = Date.now();
        const again = await watched.request('/v1/assistant/chat', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify({ messages: [{ role: 'user', content: question }] }),
        });
        expect(again.status, mode).toBe(200);
        expect(Date.now() - started, mode).toBeLessThan(10_000);
        const lexical = ChatResponse.parse(await again.json());
        expect(lexical.cards, mode).toContainEqual(expect.objectContaining({ type: 'opportunity', id }));
      }
      const warnings = logger.lines.filter((l) => l.msg === 'question not embedded; retrieving lexically');
      expect(warnings.length).toBeGreaterThanOrEqual(2);
    } finally {
      await queue.stop();
    }
  });

  it('kepu reindex with a failing provider leaves a complete lexical index and succeeds when run again', async () => {
    const remote = provider.embedder(`${MODEL}-flipped`);
    provider.setMode('fail');
    const failed = await reindexKnowledge(database.db, { embedder: remote, taxonomy: loadTaxonomy() }).catch(
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(EmbeddingError);
    const faq = await database.db.$count(knowledgeDocuments, eq(knowledgeDocuments.sourceType, 'faq'));
    expect(faq).toBeGreaterThan(0);
    provider.setMode('ok');
    const report = await reindexKnowledge(database.db, { embedder: remote, taxonomy: loadTaxonomy() });
    expect(report.reembedded).toBe(await database.db.$count(knowledgeChunks));
    expect(await pendingChunkCount(database.db, remote)).toBe(0);
  });
});
