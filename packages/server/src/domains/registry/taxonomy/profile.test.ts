import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../config.js';
import type { Database } from '../../../db/create-database.js';
import { testConfig } from '../../../test/app.js';
import { createTestDatabase } from '../../../test/database.js';
import { registryTestKit, sampleSubmission } from '../test-kit.js';
import { loadTaxonomy } from './profile.js';

const GUANGZHOU = {
  id: 'guangzhou',
  city: '广州市',
  bounds: { minLat: 22.5, maxLat: 23.95, minLng: 112.9, maxLng: 114.1 },
  districts: [
    { code: 'tianhe', name: '天河区', aliases: ['天河'] },
    { code: 'yuexiu', name: '越秀区', aliases: ['越秀'] },
  ],
  topics: [{ code: 'astronomy', name: '天文' }],
  audiences: [{ code: 'youth', name: '青少年' }],
  designationSchemes: [{ code: 'gz-base', name: '广州市科普基地', level: 'city', validityYears: 5 }],
};

let dir: string;
let database: Database;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kepu-profile-'));
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('taxonomy profiles', () => {
  it('Shenzhen is built in: 11 districts, lookups by code, name or alias', () => {
    const sz = loadTaxonomy(null);
    expect(sz.profile.districts).toHaveLength(11);
    expect(sz.find('districts', '大鹏')?.code).toBe('dapeng');
    expect(sz.find('districts', ' Nanshan ')?.code).toBe('nanshan');
    expect(sz.find('designationSchemes', '市科普基地')?.code).toBe('sz-base');
  });

  it("another city's JSON profile loads without code changes (KEPU_TAXONOMY_PROFILE)", async () => {
    const file = path.join(dir, 'guangzhou.json');
    await writeFile(file, JSON.stringify(GUANGZHOU));
    const kit = await registryTestKit(database, { KEPU_TAXONOMY_PROFILE: file });
    const taxonomies = (await (await kit.call('GET', '/v1/taxonomies')).json()) as {
      city: string;
      districts: { code: string }[];
    };
    expect(taxonomies.city).toBe('广州市');
    const ok = await kit.call(
      'POST',
      '/v1/resources',
      kit.partner.auth,
      sampleSubmission({
        name: '广州测试天文馆',
        location: { address: '天河区某路1号', district: '天河', lat: 23.13, lng: 113.33 },
        topics: ['天文'],
        audience: { groups: ['青少年'] },
        openingHours: undefined,
      }),
    );
    expect(ok.status).toBe(201);
    const shenzhenDistrict = await kit.call(
      'POST',
      '/v1/resources',
      kit.partner.auth,
      sampleSubmission({ topics: ['天文'], audience: undefined }),
    );
    expect(shenzhenDistrict.status).toBe(400);
    expect(JSON.stringify(await shenzhenDistrict.json())).toContain('Allowed: 天河区 (tianhe), 越秀区 (yuexiu)');
  });

  it('a broken profile stops the configuration with a message naming the file and the problem', async () => {
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify({ ...GUANGZHOU, districts: [{ code: 'Bad Code', name: 'x' }] }));
    expect(() => testConfig({ KEPU_TAXONOMY_PROFILE: broken })).toThrow(ConfigError);
    expect(() => testConfig({ KEPU_TAXONOMY_PROFILE: broken })).toThrow(/districts\.0\.code/);
    expect(() => testConfig({ KEPU_TAXONOMY_PROFILE: path.join(dir, 'missing.json') })).toThrow(
      /cannot be read as JSON/,
    );
  });
});
