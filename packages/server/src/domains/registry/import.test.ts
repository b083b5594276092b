import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { registryDesignations, registryResources, registryRevisions } from '../../db/schema/registry.js';
import { createTestDatabase, resetDatabase } from '../../test/database.js';
import { registryTestKit } from './test-kit.js';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const EXAMPLE_CSV = path.join(ROOT, 'examples/registry-import/resources.csv');
const EXAMPLE_JSONL = path.join(ROOT, 'examples/registry-import/resources.jsonl');

let database: Database;
let kit: Awaited<ReturnType<typeof registryTestKit>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  kit = await registryTestKit(database);
});

type Json = { [key: string]: unknown };
const upload = (body: RequestInit['body'], contentType: string, query = '', auth = kit.staff.auth) =>
  kit.app.request(`/v1/resources/import${query}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': contentType },
    body,
  });

const HEADER = '名称,类型,所属区,地址,经度,纬度,主题,适宜年龄,开放时间,简介,网址,认定';
const goodRow = (name: string, district = '南山') =>
  `${name},场馆,${district},${district}区示例路1号,113.93,22.52,海洋、生态,6-14,周二至周日 09:00-17:00；周一闭馆,一个用于测试导入的科普展厅简介文字,,深圳市科普基地:2024`;

describe('importing resources', () => {
  it('imports the example CSV with Chinese headers, publishes with publish=true, and re-imports without duplicates', async () => {
    const csv = await readFile(EXAMPLE_CSV);
    const first = await upload(csv, 'text/csv', '?publish=true');
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ written: true, totalRows: 3, created: 3, skipped: 0, issues: [] });
    const found = (await (await kit.call('GET', `/v1/resources?q=${encodeURIComponent('海洋科普')}`)).json()) as Json;
    expect((found.data as Json[])[0]).toMatchObject({
      externalId: 'SAMPLE-002',
      status: 'published',
      location: { district: { code: 'nanshan' }, lat: 22.5176, lng: 113.9345 },
      audience: { ageMin: 6, ageMax: 14 },
      booking: { required: true },
    });
    const [designation] = await database.db.select().from(registryDesignations);
    expect(designation).toMatchObject({ scheme: 'demo-site', grantedOn: '2024-01-01', validUntil: '2026-12-31' });

    const again = (await (await upload(csv, 'text/csv', '?publish=true')).json()) as Json;
    expect(again).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 3 });
    expect(await database.db.$count(registryResources)).toBe(3);
  });

  it('imports JSONL with English field names; without publish the entries await review', async () => {
    const res = await upload(await readFile(EXAMPLE_JSONL), 'application/x-ndjson');
    expect(await res.json()).toMatchObject({ written: true, created: 2 });
    const rows = await database.db.select().from(registryResources);
    expect(rows.map((r) => r.status)).toEqual(['submitted', 'submitted']);
    expect((await (await kit.call('GET', '/v1/resources')).json()) as Json).toMatchObject({ total: 0 });
  });

  it('a changed row of a published entry becomes a revision unless publish=true', async () => {
    await upload(`${HEADER}\n${goodRow('测试海洋展厅')}\n`, 'text/csv', '?publish=true');
    const changed = `${HEADER}\n${goodRow('测试海洋展厅').replace('一个用于测试导入的科普展厅简介文字', '更新后的科普展厅简介文字内容')}\n`;
    expect(await (await upload(changed, 'text/csv')).json()).toMatchObject({ updated: 1 });
    const [entry] = await database.db.select().from(registryResources);
    expect(entry?.description).toBe('一个用于测试导入的科普展厅简介文字');
    expect(await database.db.$count(registryRevisions, eq(registryRevisions.status, 'submitted'))).toBe(1);
  });

  it('all-or-nothing: a bad row refuses the whole file with 422 and every problem; skip-invalid writes the rest', async () => {
    const csv = [
      HEADER,
      goodRow('测试展厅甲'),
      '测试展厅乙,博物馆,前海,某地址,200,22.5,海洋,6-14,每天 9点到5点,简介太短,not-a-url,',
      goodRow('测试展厅丙', '罗湖'),
    ].join('\n');
    const refused = await upload(csv, 'text/csv');
    expect(refused.status).toBe(422);
    const error = (
      (await refused.json()) as {
        error: { code: string; message: string; details: { path: string; message: string }[] };
      }
    ).error;
    expect(error.code).toBe('unprocessable');
    expect(error.message).toMatch(/1 of 3 rows are bad, so nothing was written/);
    const paths = error.details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['rows.3.kind', 'rows.3.description', 'rows.3.website', 'rows.3.lng']),
    );
    expect(await database.db.$count(registryResources)).toBe(0);

    // The taxonomy and opening-hours problems surface once the shape is right.
    const semantic = [
      HEADER,
      goodRow('测试展厅甲').replace(',南山,', ',前海,').replace('周二至周日 09:00-17:00', '每天 9点到5点'),
    ].join('\n');
    const semanticError = (
      (await (await upload(semantic, 'text/csv')).json()) as { error: { details: { path: string; message: string }[] } }
    ).error.details;
    expect(semanticError).toEqual(
      expect.arrayContaining([
        {
          path: 'rows.2.district',
          message: expect.stringContaining('unknown district "前海". Allowed: 福田区 (futian)'),
          code: 'invalid_row',
        },
        {
          path: 'rows.2.openingHours',
          message: expect.stringContaining('opening hours do not parse'),
          code: 'invalid_row',
        },
      ]),
    );

    const partial = await upload(csv, 'text/csv', '?mode=skip-invalid');
    expect(partial.status).toBe(200);
    expect(await partial.json()).toMatchObject({ written: true, created: 2, skipped: 1 });
    expect(await database.db.$count(registryResources)).toBe(2);
  });

  it('a dry run reports without writing', async () => {
    const res = await upload(`${HEADER}\n${goodRow('测试展厅甲')}\n`, 'text/csv', '?dryRun=true');
    expect(await res.json()).toMatchObject({ dryRun: true, written: false, created: 1 });
    expect(await database.db.$count(registryResources)).toBe(0);
  });

  it('reads XLSX sent as a multipart form (also with an Idempotency-Key)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名录');
    sheet.addRow(HEADER.split(','));
    sheet.addRow([
      '测试展厅甲',
      '场馆',
      '南山区',
      '南山区示例路1号',
      113.93,
      22.52,
      '海洋',
      '6-14',
      '',
      '一个用于测试导入的科普展厅简介文字',
      '',
      '',
    ]);
    const form = new FormData();
    form.append('file', new Blob([await workbook.xlsx.writeBuffer()]), '名录.xlsx');
    // With an Idempotency-Key, as the SDK sends it: the middleware reads the body first.
    const res = await kit.app.request('/v1/resources/import', {
      method: 'POST',
      headers: { ...kit.staff.auth, 'idempotency-key': 'multipart-1' },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ format: 'xlsx', written: true, created: 1 });
  });

  it('an XLSX upload with an Idempotency-Key (as the SDK sends) imports intact and replays', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名录');
    sheet.addRow(['名称', '类型', '所属区', '地址', '简介']);
    sheet.addRow(['测试展厅甲', '场馆', '南山区', '南山区示例路1号', '一个用于测试导入的科普展厅简介文字']);
    const body = new Uint8Array(await workbook.xlsx.writeBuffer());
    const send = () =>
      kit.app.request('/v1/resources/import', {
        method: 'POST',
        headers: {
          ...kit.staff.auth,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'idempotency-key': 'import-xlsx-1',
        },
        body,
      });
    const first = await send();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ written: true, created: 1 });
    const replay = await send();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await database.db.$count(registryResources)).toBe(1);
  });

  it('refuses malformed files (400), unknown formats (415), oversized files (413) and publish without review scope (403)', async () => {
    const malformed = await upload(`${HEADER}\n"unclosed,quote\n`, 'text/csv');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toMatch(/CSV file is malformed/);
    const badXlsx = await upload(
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(badXlsx.status).toBe(400);
    expect(((await badXlsx.json()) as { error: { message: string } }).error.message).toMatch(
      /XLSX file cannot be read/,
    );
    const missing = await upload('名称,类型\n甲,场馆\n', 'text/csv');
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /Required columns are missing: 所属区 \(district\), 地址 \(address\), 简介 \(description\)/,
    );
    expect((await upload('{}', 'application/pdf')).status).toBe(415);

    const small = await registryTestKit(database, { KEPU_UPLOAD_LIMIT_BYTES: '200' });
    const big = await small.app.request('/v1/resources/import', {
      method: 'POST',
      headers: { ...small.staff.auth, 'content-type': 'text/csv' },
      body: `${HEADER}\n${goodRow('测试展厅甲')}\n${goodRow('测试展厅乙')}\n`,
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');

    const writerOnly = await (await import('../../test/database.js')).createTestKey(database, {
      scopes: ['registry:write'],
    });
    expect(
      (await upload(`${HEADER}\n${goodRow('测试展厅甲')}\n`, 'text/csv', '?publish=true', writerOnly.auth)).status,
    ).toBe(403);
    expect((await upload(`${HEADER}\n${goodRow('测试展厅甲')}\n`, 'text/csv', '', kit.partner.auth)).status).toBe(403);
    expect(await database.db.$count(registryResources)).toBe(0);
  });

  it('exports CSV that re-imports unchanged, and JSONL', async () => {
    await upload(await readFile(EXAMPLE_CSV), 'text/csv', '?publish=true');
    const exported = await kit.call('GET', '/v1/resources/export?format=csv');
    expect(exported.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await exported.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel then reads UTF-8
    const csv = new TextDecoder().decode(bytes);
    expect(csv.startsWith('编号,名称,类型,所属区')).toBe(true);
    // 科普示范点:2024 was imported as a year, and exports as the year, not as a made-up 1 January.
    expect(csv).toContain('科普示范点:2024');
    expect(csv).not.toContain('2024-01-01');
    const reimport = (await (await upload(csv, 'text/csv', '?publish=true')).json()) as Json;
    expect(reimport).toMatchObject({ written: true, created: 0, unchanged: 3, issues: [] });
    const jsonl = await (await kit.call('GET', '/v1/resources/export?format=jsonl')).text();
    expect(
      jsonl
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).externalId),
    ).toEqual(['SAMPLE-001', 'SAMPLE-002', 'SAMPLE-003']);
  });
});

describe('kepu import (CLI)', () => {
  it('imports the example file into an embedded database and prints the report as JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-import-'));
    try {
      const run = (...args: string[]) =>
        promisify(execFile)(
          process.execPath,
          [
            '--conditions=@kepu/source',
            '--import',
            'tsx',
            'packages/server/src/cli.ts',
            'import',
            'resources',
            ...args,
            '--data-dir',
            dir,
          ],
          { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' } },
        );
      const { stdout } = await run(EXAMPLE_CSV, '--publish', '--json');
      expect(JSON.parse(stdout)).toMatchObject({ kind: 'resources', written: true, created: 3 });
      const badFile = path.join(dir, 'bad.csv');
      await writeFile(badFile, '名称,类型\n甲,场馆\n');
      const bad = await run(badFile).catch((error: { code: number; stderr: string }) => error);
      expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('Required columns are missing') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
