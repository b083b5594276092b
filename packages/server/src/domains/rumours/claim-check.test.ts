import { createLocalEmbedder, type Embedder } from '@kepu/assistant';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../db/create-database.js';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';
import { rumourEntries, rumourTips } from '../../db/schema/rumours.js';
import { runImport } from '../../imports/run-import.js';
import { createTestApp, testConfig } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase, TEST_DRIVERS } from '../../test/database.js';
import { indexedText } from '../assistant/knowledge.js';
import { startEmbeddingsServer } from '../assistant/test-embeddings-server.js';
import { checkClaim, recordRumourTip, searchClaimVectors } from './claim-check.js';
import { rumourImporter } from './importer.js';

const encode = (lines: Record<string, unknown>[]) =>
  new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join('\n'));

const ENTRY = {
  externalId: 'x-1',
  claim: '喝醋能软化血管',
  aliases: ['每天一勺醋血管不堵'],
  rating: 'false',
  explanation: '醋进入消化道后被中和，不能到达血管，更不能软化血管。',
  sources: [{ title: '科普中国', url: 'https://www.kepuchina.cn/' }],
  reviewedBy: ['示例专家', { name: '另一位示例专家', title: '研究员' }],
  datePublished: '2024-05-01',
};

describe.each(TEST_DRIVERS)('rumour data layer (%s)', (driver) => {
  let database: Database;
  const importRows = (lines: Record<string, unknown>[], publish: boolean) =>
    runImport(database.db, rumourImporter, encode(lines), {
      format: 'jsonl',
      context: { now: new Date(), config: testConfig(), keyId: null, organizationId: null, requestId: null, publish },
    });

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database);
  });

  it('imports idempotently by externalId, and an unreviewed change leaves checks and the index at once', async () => {
    const first = await importRows([ENTRY], true);
    expect(first).toMatchObject({ written: true, created: 1 });
    const [row] = await database.db.select().from(rumourEntries);
    expect(row).toMatchObject({ status: 'published', externalId: 'x-1' });
    expect(row?.reviewedBy).toEqual([
      { expertId: null, name: '示例专家' },
      { expertId: null, name: '另一位示例专家', title: '研究员' },
    ]);
    expect(row?.publishedAt?.toISOString()).toBe('2024-04-30T16:00:00.000Z');
    expect((await checkClaim(database.db, '听说每天喝一勺醋能软化血管')).matches[0]?.externalId).toBe('x-1');

    expect(await importRows([ENTRY], true)).toMatchObject({ written: true, created: 0, unchanged: 1 });

    const changed = await importRows([{ ...ENTRY, explanation: '醋不能软化血管。' }], false);
    expect(changed).toMatchObject({ written: true, updated: 1 });
    const [after] = await database.db.select().from(rumourEntries);
    expect(after?.status).toBe('expert_review');
    expect((await checkClaim(database.db, '喝醋能软化血管')).decision).toBe('none');
    expect(
      await database.db
        .select()
        .from(knowledgeDocuments)
        .where(eq(knowledgeDocuments.sourceId, after?.id ?? '')),
    ).toEqual([]);
  });

  it('reports every bad row with its field and writes nothing (all-or-nothing)', async () => {
    const report = await importRows(
      [
        ENTRY,
        { ...ENTRY, externalId: 'x-2', rating: 'maybe' },
        { ...ENTRY, externalId: 'x-3', sources: [{ title: '无效链接', url: 'ftp://example.org' }] },
        { ...ENTRY, externalId: 'x-1' },
      ],
      true,
    );
    expect(report.written).toBe(false);
    expect(report.issues.map((i) => [i.row, i.field])).toEqual([
      [2, 'rating'],
      [3, 'sources'],
      [4, null],
    ]);
    expect(await database.db.select().from(rumourEntries)).toEqual([]);
  });

  it('counts similar tips on one item and keeps different claims apart, also under concurrency', async () => {
    const a = await recordRumourTip(database.db, '喝板蓝根能预防所有流感', 'check');
    const b = await recordRumourTip(database.db, '转发！！喝板蓝根能预防所有流感😱😱', 'assistant');
    const c = await recordRumourTip(database.db, '手机充电时打电话会爆炸', 'check');
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    expect(c.id).not.toBe(a.id);
    // Two identical first reports at the same moment meet on the unique text key: one row, counted twice.
    await Promise.all([
      recordRumourTip(database.db, '吃芒果会致癌', 'check'),
      recordRumourTip(database.db, '吃芒果会致癌', 'check'),
    ]);
    const rows = await database.db.select().from(rumourTips);
    const counts = Object.fromEntries(rows.map((r) => [r.text, [r.count, r.channels]]));
    expect(counts).toEqual({
      喝板蓝根能预防所有流感: [2, { check: 1, assistant: 1 }],
      手机充电时打电话会爆炸: [1, { check: 1 }],
      吃芒果会致癌: [2, { check: 2 }],
    });
  });

  it('rebuilds the matcher when the published base changes', async () => {
    expect((await checkClaim(database.db, '喝醋能软化血管')).matches).toEqual([]);
    await importRows([ENTRY], true);
    expect((await checkClaim(database.db, '喝醋能软化血管')).decision).toBe('match');
    await database.db.transaction(async (tx: Tx) => {
      await tx.update(rumourEntries).set({ status: 'retracted', updatedAt: new Date() });
    });
    expect((await checkClaim(database.db, '喝醋能软化血管')).matches).toEqual([]);
  });
});

/**
 * A stand-in for a semantic model (an `openai` embedder) that knows a few synonyms our lexical engine cannot:
 * one dimension per concept, so 乙酸 lands on 醋 and 动脉 on 血管 although they share no character.
 */
function conceptEmbedder(model = 'test-concepts-256'): Embedder {
  const concepts = [
    ['醋', '乙酸'],
    ['血管', '动脉'],
    ['减肥', '瘦', '减重'],
    ['微波', '电磁波'],
  ];
  // Built as a value, not an annotated literal: the Embedder interface may carry more optional fields.
  const embedder = {
    model,
    dimension: 256,
    inProcess: true,
    async embed(texts: readonly string[]) {
      return texts.map((text) => {
        const v = new Array<number>(256).fill(0);
        v[0] = 0.2; // never a zero vector (its cosine is undefined)
        concepts.forEach((words, i) => {
          for (const w of words) v[i + 1] = (v[i + 1] ?? 0) + text.split(w).length - 1;
        });
        const norm = Math.hypot(...v);
        return v.map((x) => x / norm);
      });
    },
  };
  return embedder;
}

describe.each(TEST_DRIVERS)('claim check with the vector index (%s)', (driver) => {
  let database: Database;
  const SLIMMING = {
    ...ENTRY,
    externalId: 'x-2',
    claim: '喝醋能减肥',
    aliases: ['每天喝醋就能瘦'],
    explanation: '醋几乎不影响脂肪代谢，靠喝醋减重没有证据。',
  };
  /** Imports and publishes the entries, then re-embeds their chunks with `embedder` (what `kepu reindex` does). */
  async function publish(entries: Record<string, unknown>[], embedder: Embedder) {
    const report = await runImport(database.db, rumourImporter, encode(entries), {
      format: 'jsonl',
      context: {
        now: new Date(),
        config: testConfig(),
        keyId: null,
        organizationId: null,
        requestId: null,
        publish: true,
      },
    });
    expect(report.written).toBe(true);
    const chunks = await database.db
      .select({ id: knowledgeChunks.id, text: knowledgeChunks.text, title: knowledgeDocuments.title })
      .from(knowledgeChunks)
      .innerJoin(knowledgeDocuments, eq(knowledgeDocuments.id, knowledgeChunks.documentId));
    const vectors = await embedder.embed(chunks.map((c) => indexedText(c.title, c.text)));
    for (const [i, chunk] of chunks.entries()) {
      await database.db
        .update(knowledgeChunks)
        .set({ embedding: vectors[i] ?? [], embeddingModel: embedder.model, embeddingDimension: embedder.dimension })
        .where(eq(knowledgeChunks.id, chunk.id));
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database);
  });

  it('finds an entry that shares no word with the text through the vector index alone', async () => {
    const embedder = conceptEmbedder();
    await publish([ENTRY, SLIMMING], embedder);
    const text = '据说乙酸可以让动脉恢复弹性';
    // Lexically nothing: an embedder whose model has no vectors in the index leaves matching lexical.
    expect((await checkClaim(database.db, text, { embedder: conceptEmbedder('never-indexed') })).matches).toEqual([]);
    const semantic = await searchClaimVectors(database.db, text, embedder);
    const [vinegar] = await database.db.select().from(rumourEntries).where(eq(rumourEntries.externalId, 'x-1'));
    expect([...semantic.keys()][0]).toBe(vinegar?.id);
    const result = await checkClaim(database.db, text, { embedder });
    expect(result.matches[0]?.externalId).toBe('x-1');
    // A vector neighbour alone is not a verdict for this text: the decision needs the text to state the claim.
    expect(result.decision).not.toBe('match');
  });

  it("searches only the vectors of the embedder's model and falls back to lexical matching when it fails", async () => {
    await publish([ENTRY, SLIMMING], createLocalEmbedder());
    expect((await searchClaimVectors(database.db, '乙酸让动脉变软', conceptEmbedder())).size).toBe(0);
    const failing: Embedder = {
      ...conceptEmbedder('remote-model-down'),
      embed: async () => {
        throw new Error('embedding service unavailable');
      },
    };
    const result = await checkClaim(database.db, '听说每天喝一勺醋能软化血管', { embedder: failing });
    expect(result.decision).toBe('match');
    expect(result.matches[0]?.externalId).toBe('x-1');
    // The local embedder's vectors are searchable, but checkClaim does not search them (they measured as no help).
    const local = createLocalEmbedder();
    expect((await searchClaimVectors(database.db, '喝醋能软化血管', local)).size).toBe(2);
    let calls = 0;
    const counting: Embedder = {
      ...local,
      embed: (texts, options) => {
        calls++;
        return local.embed(texts, options);
      },
    };
    expect((await checkClaim(database.db, '喝醋能软化血管', { embedder: counting })).decision).toBe('match');
    expect(calls).toBe(0);
  });
});

describe('the app hands its configured embedder to claim checks', () => {
  let database: Database;
  let provider: Awaited<ReturnType<typeof startEmbeddingsServer>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    provider = await startEmbeddingsServer(64);
  });
  afterAll(async () => {
    await provider.close();
    await database.close();
  });

  it('embeds the text with the configured model in POST /v1/rumours/check', async () => {
    await runImport(database.db, rumourImporter, encode([ENTRY]), {
      format: 'jsonl',
      context: {
        now: new Date(),
        config: testConfig(),
        keyId: null,
        organizationId: null,
        requestId: null,
        publish: true,
      },
    });
    const { app } = createTestApp(database, provider.env('wiring-model'));
    const { auth } = await createTestKey(database);
    const ask = (path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify(body),
      });
    const embedded = (text: string) =>
      provider.requests.some((r) => r.model === 'wiring-model' && r.input.some((t) => t.includes(text)));

    const check = await ask('/v1/rumours/check', { text: '听说喝醋能软化血管，是真的吗' });
    expect(check.status).toBe(200);
    expect(embedded('喝醋能软化血管')).toBe(true);
    const chat = await ask('/v1/assistant/chat', {
      messages: [{ role: 'user', content: '每天一勺醋血管不堵，真的吗？' }],
    });
    expect(chat.status).toBe(200);
  });
});
