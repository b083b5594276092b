import { eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../db/create-database.js';
import { auditLog } from '../db/schema/access.js';
import { kepuMeta } from '../db/schema/meta.js';
import { testConfig } from '../test/app.js';
import { createTestDatabase, resetDatabase } from '../test/database.js';
import { listCell, numberCell, textCell } from './cells.js';
import { ImportFileError, ImportRowError } from './import-error.js';
import { defineImporter, type ImportContext } from './importer.js';
import { detectFormat } from './parse-file.js';
import { runImport } from './run-import.js';

// A small importer over a real table (kepu_meta), so the framework is proven without any domain's rules.
const placeImporter = defineImporter({
  kind: 'test-places',
  description: 'places for the framework test',
  columns: [
    { field: 'code', label: '编号', required: true },
    { field: 'name', label: '名称', required: true },
    { field: 'seats', label: '座位数' },
    { field: 'topics', label: '主题' },
  ],
  rowSchema: () =>
    z.object({
      code: textCell.pipe(z.string().regex(/^[A-Z]\d+$/, 'must be a letter and digits, e.g. A1')),
      name: textCell,
      seats: numberCell.pipe(z.number().int().min(0, 'must be 0 or more')).optional(),
      topics: listCell.optional(),
    }),
  key: (row) => row.code,
  async writeRow(tx, { value }) {
    if (value.name === '禁止') throw new ImportRowError('name', 'this name is refused by the database check');
    const key = `test:${value.code}`;
    const [existing] = await tx.select().from(kepuMeta).where(eq(kepuMeta.key, key));
    if (existing && JSON.stringify(existing.value) === JSON.stringify(value)) return 'unchanged';
    await tx.insert(kepuMeta).values({ key, value }).onConflictDoUpdate({ target: kepuMeta.key, set: { value } });
    return existing ? 'updated' : 'created';
  },
});

const ctx: ImportContext = {
  now: new Date(),
  config: testConfig(),
  keyId: null,
  organizationId: null,
  requestId: null,
  publish: false,
};
const utf8 = (text: string) => new TextEncoder().encode(text);

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
});

async function stored() {
  const rows = await database.db.select().from(kepuMeta).where(like(kepuMeta.key, 'test:%'));
  return rows.map((r) => r.key).sort();
}

describe('runImport', () => {
  it('maps Chinese labels, writes in one go, and is idempotent on re-import', async () => {
    const csv = '编号,名称（必填）,座位数,主题,备注\nA1,深圳市科学馆,300,航空航天、信息技术,x\nB2,深圳自然博物馆,,,\n';
    const first = await runImport(database.db, placeImporter, utf8(csv), { format: 'csv', context: ctx });
    expect(first).toMatchObject({ written: true, totalRows: 2, created: 2, updated: 0, skipped: 0, issues: [] });
    expect(first.ignoredColumns).toEqual(['备注']);
    const [a1] = await database.db.select().from(kepuMeta).where(eq(kepuMeta.key, 'test:A1'));
    expect(a1?.value).toEqual({ code: 'A1', name: '深圳市科学馆', seats: 300, topics: ['航空航天', '信息技术'] });

    const again = await runImport(database.db, placeImporter, utf8(csv), { format: 'csv', context: ctx });
    expect(again).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 2 });
    expect(await stored()).toEqual(['test:A1', 'test:B2']);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'import.test-places'));
    expect(audits).toHaveLength(2);
  });

  it('all-or-nothing: one bad row writes nothing, and every problem is reported with row and column', async () => {
    const csv = [
      'code,name,seats',
      'A1,深圳市科学馆,300',
      'bad,深圳科技馆,-5', // row 3: two problems
      'A1,重复,1', // row 4: same key as row 2
      'C3,禁止,1', // row 5: refused by writeRow
    ].join('\n');
    const report = await runImport(database.db, placeImporter, utf8(csv), { format: 'csv', context: ctx });
    expect(report.written).toBe(false);
    expect(report.skipped).toBe(4);
    expect(report.issues).toEqual([
      { row: 3, column: 'code', field: 'code', value: 'bad', reason: 'must be a letter and digits, e.g. A1' },
      { row: 3, column: 'seats', field: 'seats', value: '-5', reason: 'must be 0 or more' },
      { row: 4, column: null, field: null, reason: expect.stringContaining('repeats row 2') },
      { row: 5, column: 'name', field: 'name', reason: 'this name is refused by the database check' },
    ]);
    expect(await stored()).toEqual([]);
  });

  it('skip-invalid writes the good rows and reports the bad ones', async () => {
    const csv = 'code,name\nA1,甲\nbad,乙\nC3,禁止\nD4,丁\n';
    const report = await runImport(database.db, placeImporter, utf8(csv), {
      format: 'csv',
      mode: 'skip-invalid',
      context: ctx,
    });
    expect(report).toMatchObject({ written: true, created: 2, skipped: 2 });
    expect(report.issues.map((i) => i.row)).toEqual([3, 4]);
    expect(await stored()).toEqual(['test:A1', 'test:D4']);
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const report = await runImport(database.db, placeImporter, utf8('code,name\nA1,甲\n'), {
      format: 'csv',
      dryRun: true,
      context: ctx,
    });
    expect(report).toMatchObject({ written: false, dryRun: true, created: 1, skipped: 0 });
    expect(await stored()).toEqual([]);
  });

  it('reads GBK CSV (Excel on Chinese Windows) and quoted multi-line cells', async () => {
    const gbk = Uint8Array.from([
      ...utf8('code,'),
      0xc3,
      0xfb,
      0xb3,
      0xc6, // 名称 in GBK
      ...utf8('\nA1,'),
      0xc9,
      0xee,
      0xdb,
      0xda, // 深圳
      ...utf8('\n'),
    ]);
    const report = await runImport(database.db, placeImporter, gbk, { format: 'csv', context: ctx });
    expect(report).toMatchObject({ written: true, created: 1 });
    const [row] = await database.db.select().from(kepuMeta).where(eq(kepuMeta.key, 'test:A1'));
    expect(row?.value).toMatchObject({ name: '深圳' });

    const multi = await runImport(database.db, placeImporter, utf8('code,name\n"B1","第一行\n第二行"\nC1,丙\n'), {
      format: 'csv',
      context: ctx,
    });
    expect(multi).toMatchObject({ written: true, created: 2 });
  });

  it('reads XLSX with Chinese headers, numeric cells and the sheet row numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名录');
    sheet.addRow(['编号', '名称', '座位数']);
    sheet.addRow(['A1', '深圳市科学馆', 300]);
    sheet.addRow([]);
    sheet.addRow(['B2', '深圳图书馆', 'many']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(detectFormat({ bytes })).toBe('xlsx');
    const report = await runImport(database.db, placeImporter, bytes, { format: 'xlsx', context: ctx });
    expect(report.written).toBe(false);
    expect(report.issues).toEqual([
      { row: 4, column: '座位数', field: 'seats', value: 'many', reason: 'must be a number' },
    ]);
  });

  it('reads JSONL with English or Chinese keys and reports a broken line as a bad row', async () => {
    const jsonl = '{"code":"A1","name":"甲","topics":["海洋","气象"]}\n\n{"编号":"B2","名称":"乙"}\n{oops\n';
    const report = await runImport(database.db, placeImporter, utf8(jsonl), {
      format: 'jsonl',
      mode: 'skip-invalid',
      context: ctx,
    });
    expect(report).toMatchObject({ written: true, created: 2 });
    expect(report.issues).toEqual([
      { row: 4, column: null, field: null, reason: expect.stringContaining('not valid JSON') },
    ]);
  });

  it('refuses malformed files with a reason', async () => {
    const run = (text: string | Uint8Array, format: 'csv' | 'xlsx') =>
      runImport(database.db, placeImporter, typeof text === 'string' ? utf8(text) : text, { format, context: ctx });
    await expect(run('code,name\nA1,"unclosed\n', 'csv')).rejects.toThrow(/CSV file is malformed/);
    await expect(run('名称\n甲\n', 'csv')).rejects.toThrow(/Required columns are missing: 编号 \(code\)/);
    await expect(run('code,name,名称\nA1,甲,乙\n', 'csv')).rejects.toThrow(/both mean name/);
    await expect(run(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'xlsx')).rejects.toThrow(
      /XLSX file cannot be read/,
    );
    await expect(run('', 'csv')).rejects.toBeInstanceOf(ImportFileError);
    expect(() => detectFormat({ fileName: 'old.xls' })).toThrow(/Save the spreadsheet as .xlsx/);
    expect(await stored()).toEqual([]);
  });
});
