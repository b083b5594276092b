import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import { rumourEntries, rumourTips } from '../../db/schema/rumours.js';
import { runImport } from '../../imports/run-import.js';
import { testConfig } from '../../test/app.js';
import { createTestDatabase, resetDatabase, TEST_DRIVERS } from '../../test/database.js';
import { checkClaim, recordRumourTip } from './claim-check.js';
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
