import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { registryResources } from '../../db/schema/registry.js';
import { createTestDatabase, resetDatabase } from '../../test/database.js';
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

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}
async function rejected(body: Record<string, unknown>) {
  const res = await kit.call('POST', '/v1/resources', kit.partner.auth, body);
  expect(res.status).toBe(400);
  return ((await res.json()) as ErrorBody).error;
}

describe('bad submissions are a 400 naming the field and what is allowed, and write nothing', () => {
  it('unknown kind lists the kinds', async () => {
    const error = await rejected(sampleSubmission({ kind: 'museum' }));
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'body.kind', message: expect.stringMatching(/venue.*facility.*information/) }),
    ]);
  });

  it('unknown district and topics list the allowed values (by name and code)', async () => {
    const error = await rejected(
      sampleSubmission({ location: { address: '前海某路1号', district: '前海' }, topics: ['航天', '炼金术'] }),
    );
    expect(error.details).toEqual([
      {
        path: 'body.topics.1',
        message: expect.stringContaining('unknown topic "炼金术". Allowed: 航空航天 (aerospace)'),
      },
      {
        path: 'body.location.district',
        message: expect.stringContaining('unknown district "前海". Allowed: 福田区 (futian), 罗湖区 (luohu)'),
      },
    ]);
  });

  it('lat/lng out of range, only one of them, or outside the city', async () => {
    const range = await rejected(
      sampleSubmission({ location: { address: '福田区某路', district: '福田', lat: 95, lng: 114 } }),
    );
    expect(range.details?.[0]).toMatchObject({ path: 'body.location.lat', message: 'lat must be between -90 and 90' });
    const half = await rejected(sampleSubmission({ location: { address: '福田区某路', district: '福田', lat: 22.5 } }));
    expect(half.details?.[0]?.message).toMatch(/both lat and lng/);
    const swapped = await rejected(
      sampleSubmission({ location: { address: '福田区某路', district: '福田', lat: 114.05, lng: 22.54 } }),
    );
    expect(swapped.details?.[0]?.message).toMatch(/lat must be between/);
    const elsewhere = await rejected(
      sampleSubmission({ location: { address: '福田区某路', district: '福田', lat: 39.9, lng: 116.4 } }),
    );
    expect(elsewhere.details?.[0]).toMatchObject({
      path: 'body.location.lat',
      message: expect.stringContaining('outside 深圳市'),
    });
  });

  it('opening hours that do not parse say which part failed', async () => {
    for (const [text, part] of [
      ['周八 09:00-17:00', '周八'],
      ['每天 9点到5点', '每天 9点到5点'],
      ['周二至周日 18:00-09:00', '18:00-09:00'],
      ['周一至周五 25:00-26:00', '25:00-26:00'],
    ] as const) {
      const error = await rejected(sampleSubmission({ openingHours: text }));
      expect(error.details?.[0]).toMatchObject({ path: 'body.openingHours', message: expect.stringContaining(part) });
    }
    const structured = await rejected(
      sampleSubmission({ openingHours: { weekly: [{ day: 'mon', opens: '17:00', closes: '09:00' }] } }),
    );
    expect(structured.details?.[0]?.message).toMatch(/closes must be after opens/);
  });

  it('a venue without a location, a description too short, a non-http website, an unknown audience group', async () => {
    const noLocation = await rejected({ ...sampleSubmission(), location: undefined });
    expect(noLocation.details?.[0]).toMatchObject({ path: 'body.location' });
    const several = await rejected(
      sampleSubmission({ description: '太短', website: 'javascript:alert(1)', audience: { groups: ['外星人'] } }),
    );
    expect(several.details?.map((d) => d.path).sort()).toEqual(['body.description', 'body.website']);
    const group = await rejected(sampleSubmission({ audience: { groups: ['外星人'] } }));
    expect(group.details?.[0]).toMatchObject({
      path: 'body.audience.groups.0',
      message: expect.stringContaining('少年儿童 (children)'),
    });
    expect(await database.db.$count(registryResources)).toBe(0);
  });

  it('malformed JSON is a 400, not a 500', async () => {
    const res = await kit.app.request('/v1/resources', {
      method: 'POST',
      headers: { ...kit.partner.auth, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
  });
});

describe('bad list queries are a 400 listing what is allowed', () => {
  it.each([
    ['kind=museum', 'query.kind', /venue, facility/],
    ['district=前海', 'query.district', /前海/],
    ['topic=炼金术', 'query.topic', /炼金术/],
    ['designation=诺贝尔奖', 'query.designation', /诺贝尔奖/],
    ['audienceAge=-1', 'query.audienceAge', /./],
    ['near=91,200', 'query.near', /./],
    ['near=abc', 'query.near', /lat,lng/],
    ['radiusKm=5', 'query.radiusKm', /needs near/],
    ['openAt=tomorrow', 'query.openAt', /ISO date-time/],
    ['cursor=nonsense', 'query.cursor', /cursor/],
  ])('%s', async (query, path, message) => {
    const res = await kit.call('GET', `/v1/resources?${query}`);
    expect(res.status).toBe(400);
    const error = ((await res.json()) as ErrorBody).error;
    expect(error.details?.[0]?.path).toBe(path);
    expect(`${error.message} ${error.details?.[0]?.message}`).toMatch(message);
  });

  it.each(['designation', 'district', 'topic', 'audience', 'kind'])(
    '%s given only as spaces or separators is no filter (200, never 500)',
    async (param) => {
      const res = await kit.call('GET', `/v1/resources?${param}=${encodeURIComponent(' ，, ')}`);
      expect(res.status).toBe(200);
    },
  );

  it('unknown district message lists every district of the profile', async () => {
    const error = ((await (await kit.call('GET', '/v1/resources?district=前海')).json()) as ErrorBody).error;
    expect(error.message).toContain('深汕特别合作区 (shenshan)');
  });
});
