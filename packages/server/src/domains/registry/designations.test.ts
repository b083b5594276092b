import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { createTestDatabase, resetDatabase } from '../../test/database.js';
import { effectiveStatusOf } from './designations.js';
import { registryTestKit, sampleSubmission } from './test-kit.js';

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

// biome-ignore lint/suspicious/noExplicitAny: tests walk response JSON whose schema the SDK already checks
type Json = Record<string, any>;
const json = async (res: Response): Promise<Json> => (await res.json()) as Json;

async function publishedResource(overrides: Record<string, unknown> = {}) {
  const { resource } = await json(
    await kit.call('POST', '/v1/resources', kit.partner.auth, sampleSubmission(overrides)),
  );
  await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, { action: 'approve' });
  return resource.id as string;
}

const thisYear = new Date().getFullYear();

describe('designations (认定) and annual assessments', () => {
  it('a grant is active, counts in the designation filter, facets and stats, and shows as JSON-LD certification', async () => {
    const id = await publishedResource();
    const granted = await kit.call('POST', `/v1/resources/${id}/designations`, kit.staff.auth, {
      scheme: '市科普基地',
      grantedOn: `${thisYear - 1}-06-01`,
    });
    expect(granted.status).toBe(201);
    expect(await json(granted)).toMatchObject({
      scheme: { code: 'sz-base', name: '深圳市科普基地', level: 'city' },
      validUntil: `${thisYear + 2}-05-31`, // 3 years from the scheme's profile
      effectiveStatus: 'active',
    });
    const filtered = await json(await kit.call('GET', '/v1/resources?designation=sz-base'));
    expect(filtered.data.map((r: Json) => r.id)).toEqual([id]);
    expect(filtered.facets.designation).toEqual([{ code: 'sz-base', name: '深圳市科普基地', count: 1 }]);
    const detail = await json(await kit.call('GET', `/v1/resources/${id}`));
    expect(detail.jsonLd.hasCertification).toEqual([
      expect.objectContaining({ '@type': 'Certification', name: '深圳市科普基地' }),
    ]);
    const stats = await json(await kit.call('GET', '/v1/stats/resources', kit.staff.auth));
    expect(stats.byDesignation).toEqual([{ code: 'sz-base', name: '深圳市科普基地', count: 1 }]);
    expect(stats.byStatus).toEqual([{ code: 'published', name: '已发布', count: 1 }]);
  });

  it('a non-passing assessment takes the designation out of the public filter; 优秀 restores it; one per year', async () => {
    const id = await publishedResource();
    const designation = await json(
      await kit.call('POST', `/v1/resources/${id}/designations`, kit.staff.auth, {
        scheme: 'sz-base',
        grantedOn: `${thisYear - 1}-01-01`,
      }),
    );
    const assess = (year: number, result: string) =>
      kit.call('POST', `/v1/designations/${designation.id}/assessments`, kit.staff.auth, {
        year,
        result,
        notes: '年度评估',
      });
    const rectify = await json(await assess(thisYear - 1, '限期整改'));
    expect(rectify.effectiveStatus).toBe('rectification');
    expect((await json(await kit.call('GET', '/v1/resources?designation=sz-base'))).total).toBe(0);
    expect((await assess(thisYear - 1, '合格')).status).toBe(409);
    const excellent = await json(await assess(thisYear, '优秀'));
    expect(excellent).toMatchObject({
      effectiveStatus: 'active',
      assessments: [{ year: thisYear, result: '优秀' }, { year: thisYear - 1 }],
    });
    const failed = await json(await assess(thisYear + 1, '不合格'));
    expect(failed.effectiveStatus).toBe('revoked');
    const listed = await json(await kit.call('GET', '/v1/designations?effectiveStatus=revoked'));
    expect(listed.data.map((d: Json) => d.id)).toEqual([designation.id]);
  });

  it('expiry and staff status changes show in the public view; unknown schemes and repeats are refused', async () => {
    const id = await publishedResource();
    const expired = await json(
      await kit.call('POST', `/v1/resources/${id}/designations`, kit.staff.auth, {
        scheme: '全国科普教育基地',
        grantedOn: '2019-01-01',
        validUntil: '2023-12-31',
      }),
    );
    expect(expired.effectiveStatus).toBe('expired');
    const repeat = await kit.call('POST', `/v1/resources/${id}/designations`, kit.staff.auth, {
      scheme: 'national-base',
      grantedOn: '2019-01-01',
    });
    expect(repeat.status).toBe(409);
    const unknown = await kit.call('POST', `/v1/resources/${id}/designations`, kit.staff.auth, {
      scheme: '诺贝尔奖',
      grantedOn: '2020-01-01',
    });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error.message).toContain('企业科技传播馆 (enterprise-hall)');

    const active = await json(
      await kit.call('POST', `/v1/resources/${id}/designations`, kit.staff.auth, {
        scheme: 'enterprise-hall',
        grantedOn: `${thisYear}-01-01`,
      }),
    );
    const suspended = await kit.call('PATCH', `/v1/designations/${active.id}`, kit.staff.auth, {
      status: 'suspended',
      reason: '场馆改造暂停开放',
    });
    expect((await json(suspended)).effectiveStatus).toBe('suspended');
    expect(
      (
        await kit.call('PATCH', `/v1/designations/${active.id}`, kit.partner.auth, {
          status: 'active',
          reason: '自行恢复',
        })
      ).status,
    ).toBe(403);
  });

  it('effectiveStatusOf: recorded status first, then expiry, then the latest assessment', () => {
    const today = '2026-06-01';
    expect(effectiveStatusOf({ status: 'revoked', validUntil: null }, undefined, today)).toBe('revoked');
    expect(effectiveStatusOf({ status: 'active', validUntil: '2026-05-31' }, { result: '优秀' }, today)).toBe(
      'expired',
    );
    expect(effectiveStatusOf({ status: 'active', validUntil: '2026-06-01' }, { result: '合格' }, today)).toBe('active');
    expect(effectiveStatusOf({ status: 'active', validUntil: null }, { result: '限期整改' }, today)).toBe(
      'rectification',
    );
    expect(effectiveStatusOf({ status: 'active', validUntil: null }, { result: '不合格' }, today)).toBe('revoked');
  });
});

describe('routes (科普旅游路线)', () => {
  it('are built from published entries in order, as a TouristTrip; archived stops drop out', async () => {
    const a = await publishedResource({ name: '测试场馆甲' });
    const b = await publishedResource({ name: '测试场馆乙', location: { address: '南山区某路1号', district: '南山' } });
    const created = await kit.call('POST', '/v1/routes', kit.staff.auth, {
      name: '测试科普线路',
      theme: '测试主题',
      description: '用于测试的科普旅游路线描述文字。',
      durationText: '半日',
      audience: { groups: ['青少年'] },
      topics: ['航天'],
      stops: [{ resourceId: b, stayMinutes: 60 }, { resourceId: a }],
    });
    expect(created.status).toBe(201);
    const route = await json(created);
    expect(route.stops.map((s: Json) => [s.position, s.name, s.district])).toEqual([
      [1, '测试场馆乙', '南山区'],
      [2, '测试场馆甲', '福田区'],
    ]);
    const detail = await json(await kit.call('GET', `/v1/routes/${route.id}`));
    expect(detail.jsonLd).toMatchObject({ '@type': 'TouristTrip', itinerary: { numberOfItems: 2 } });
    await kit.call('POST', `/v1/resources/${b}/review`, kit.staff.auth, { action: 'archive', reason: '闭馆' });
    expect((await json(await kit.call('GET', `/v1/routes/${route.id}`))).stops.map((s: Json) => s.resourceId)).toEqual([
      a,
    ]);

    const bad = await kit.call('POST', '/v1/routes', kit.staff.auth, {
      name: '坏线路',
      theme: '测试',
      description: '包含未发布站点的路线描述。',
      durationText: '半日',
      stops: [{ resourceId: a }, { resourceId: b }],
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toContain(b);
    expect((await kit.call('GET', '/v1/routes?topic=炼金术')).status).toBe(400);
    expect((await json(await kit.call('GET', '/v1/routes?topic=aerospace'))).data).toHaveLength(1);
  });
});
