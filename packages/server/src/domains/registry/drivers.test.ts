import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { registryResources } from '../../db/schema/registry.js';
import { createTestDatabase, TEST_DRIVERS } from '../../test/database.js';
import { registryTestKit, sampleSubmission } from './test-kit.js';

// The data-layer rules (tsvector search, jsonb opening hours, savepoints, transactions) on both drivers.
describe.each(TEST_DRIVERS)('registry data layer on %s', (driver) => {
  let database: Database;
  let kit: Awaited<ReturnType<typeof registryTestKit>>;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    kit = await registryTestKit(database);
  });
  afterAll(async () => {
    await database.close();
  });

  it('publishes, finds by Chinese words and opening time, and archives', async () => {
    const created = (await (await kit.call('POST', '/v1/resources', kit.partner.auth, sampleSubmission())).json()) as {
      resource: { id: string };
    };
    const id = created.resource.id;
    await kit.call('POST', `/v1/resources/${id}/review`, kit.staff.auth, { action: 'approve' });
    const found = (await (await kit.call('GET', `/v1/resources?q=${encodeURIComponent('科学馆在哪')}`)).json()) as {
      data: { id: string }[];
    };
    expect(found.data.map((r) => r.id)).toEqual([id]);
    const tuesday = encodeURIComponent('2026-12-08T10:00:00+08:00');
    const monday = encodeURIComponent('2026-12-07T10:00:00+08:00');
    expect(((await (await kit.call('GET', `/v1/resources?openAt=${tuesday}`)).json()) as { total: number }).total).toBe(
      1,
    );
    expect(((await (await kit.call('GET', `/v1/resources?openAt=${monday}`)).json()) as { total: number }).total).toBe(
      0,
    );
    await kit.call('POST', `/v1/resources/${id}/review`, kit.staff.auth, { action: 'archive', reason: '测试归档' });
    expect(((await (await kit.call('GET', '/v1/resources?q=科学馆')).json()) as { total: number }).total).toBe(0);
  });

  it('an import refused for one bad row leaves the database as it was', async () => {
    const before = await database.db.$count(registryResources);
    const csv =
      '名称,类型,所属区,地址,简介\n测试甲馆,场馆,南山,南山区某路1号,一个测试用的科普场馆简介\n测试乙馆,场馆,火星,某地,一个测试用的科普场馆简介\n';
    const res = await kit.app.request('/v1/resources/import', {
      method: 'POST',
      headers: { ...kit.staff.auth, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(422);
    expect(await database.db.$count(registryResources)).toBe(before);
    const partial = await kit.app.request('/v1/resources/import?mode=skip-invalid', {
      method: 'POST',
      headers: { ...kit.staff.auth, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(await partial.json()).toMatchObject({ written: true, created: 1, skipped: 1 });
    expect(await database.db.$count(registryResources)).toBe(before + 1);
  });
});
