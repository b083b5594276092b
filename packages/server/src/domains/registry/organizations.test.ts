import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { organizations } from '../../db/schema/access.js';
import { registryOrganizationKeys, registryResources } from '../../db/schema/registry.js';
import { createTestDatabase, resetDatabase, TEST_DRIVERS } from '../../test/database.js';
import { registryTestKit, sampleSubmission } from './test-kit.js';

interface Entry {
  id: string;
  organization: {
    id: string | null;
    name: string;
    unifiedSocialCreditCode: string | null;
    contactRole: string | null;
  } | null;
}

const CODE_A = '91440300MA5DXXXX1A';
const CODE_B = '91440300MA5DYYYY2B';

describe.each(TEST_DRIVERS)('organisations behind registry entries on %s', (driver) => {
  let database: Database;
  let kit: Awaited<ReturnType<typeof registryTestKit>>;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  beforeEach(async () => {
    await resetDatabase(database);
    kit = await registryTestKit(database);
  });
  afterAll(async () => {
    await database.close();
  });

  let n = 0;
  async function submit(organization: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Entry> {
    n++;
    const res = await kit.call(
      'POST',
      '/v1/resources',
      kit.partner.auth,
      sampleSubmission({
        name: `测试科普点${n}号`,
        location: { address: `福田区测试路${n}号`, district: '福田' },
        organization,
        ...extra,
      }),
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { resource: Entry }).resource;
  }

  const organizationCount = async () =>
    (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(organizations)
        .where(eq(organizations.kind, 'provider'))
    )[0]?.n;

  it('resolves the same name written differently (spaces, punctuation, full-width) to one organisation', async () => {
    const a = await submit({ name: '深圳市海洋科普协会', contactRole: '科普部' });
    const b = await submit({ name: '深圳市 海洋科普协会。', contactRole: '服务台' });
    const c = await submit({ name: 'ＳＺ Ocean Society' });
    expect(a.organization?.id).toMatch(/^org_/);
    expect(b.organization?.id).toBe(a.organization?.id);
    expect(b.organization?.name).toBe('深圳市海洋科普协会'); // the organisation's name, not this submission's spelling
    expect(b.organization?.contactRole).toBe('服务台'); // the contact role stays the entry's own
    expect(c.organization?.id).not.toBe(a.organization?.id);
    expect(await organizationCount()).toBe(2);
  });

  it('identifies by unified social credit code: a code attaches to a name-only organisation, another code is another one', async () => {
    const named = await submit({ name: '深圳市天文爱好者协会' });
    const coded = await submit({ name: '深圳市天文爱好者协会', unifiedSocialCreditCode: CODE_A });
    expect(coded.organization?.id).toBe(named.organization?.id);
    expect(coded.organization?.unifiedSocialCreditCode).toBe(CODE_A);
    // The same code under a new name is the same organisation (renamed or abbreviated).
    const renamed = await submit({ name: '深圳天文协会', unifiedSocialCreditCode: CODE_A });
    expect(renamed.organization?.id).toBe(named.organization?.id);
    // The same name with a different code is a different legal entity.
    const other = await submit({ name: '深圳市天文爱好者协会', unifiedSocialCreditCode: CODE_B });
    expect(other.organization?.id).not.toBe(named.organization?.id);
    // A later submission by name only goes to the first one.
    const again = await submit({ name: '深圳市天文爱好者协会' });
    expect(again.organization?.id).toBe(named.organization?.id);
    expect(await organizationCount()).toBe(2);
  });

  it('reuses an organisation that already exists (a partner, the association) by exact name', async () => {
    const [partner] = await database.db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, kit.partner.organizationId));
    const entry = await submit({ name: partner?.name ?? '' });
    expect(entry.organization?.id).toBe(kit.partner.organizationId);
  });

  it('lists the entries of an organisation, shows it in JSON-LD, and keeps it through revisions', async () => {
    const a = await submit({ name: '深圳市气象科普中心', unifiedSocialCreditCode: CODE_B, contactRole: '科普部' });
    const b = await submit({ name: '深圳市气象科普中心' });
    for (const e of [a, b]) {
      expect(
        (await kit.call('POST', `/v1/resources/${e.id}/review`, kit.staff.auth, { action: 'approve' })).status,
      ).toBe(200);
    }
    const orgId = a.organization?.id ?? '';
    const list = (await (await kit.call('GET', `/v1/resources?organization=${orgId}`)).json()) as { data: Entry[] };
    expect(list.data.map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
    const detail = (await (await kit.call('GET', `/v1/resources/${b.id}`)).json()) as {
      jsonLd: { parentOrganization: Record<string, unknown> };
    };
    expect(detail.jsonLd.parentOrganization).toMatchObject({
      '@type': 'Organization',
      identifier: orgId,
      name: '深圳市气象科普中心',
      taxID: CODE_B,
    });
    // A revision naming another organisation moves the entry once approved.
    const patched = await kit.call('PATCH', `/v1/resources/${b.id}`, kit.partner.auth, {
      organization: { name: '深圳市防灾减灾科普站' },
    });
    expect(patched.status).toBe(200);
    await kit.call('POST', `/v1/resources/${b.id}/review`, kit.staff.auth, { action: 'approve' });
    const moved = (await (await kit.call('GET', `/v1/resources/${b.id}`)).json()) as Entry;
    expect(moved.organization?.name).toBe('深圳市防灾减灾科普站');
    expect(moved.organization?.id).not.toBe(orgId);
  });

  it('links imported rows (运营单位) to organisations, and a re-import changes nothing', async () => {
    const csv = [
      '名称,类型,所属区,地址,简介,运营单位',
      '测试导入馆甲,场馆,南山,南山区测试大道1号,用于测试组织去重的导入条目一。,深圳市导入测试单位',
      '测试导入馆乙,场馆,南山,南山区测试大道2号,用于测试组织去重的导入条目二。,深圳市 导入测试单位',
    ].join('\n');
    const post = () =>
      kit.app.request('/v1/resources/import?publish=true', {
        method: 'POST',
        headers: { ...kit.staff.auth, 'content-type': 'text/csv' },
        body: csv,
      });
    expect((await post()).status).toBe(200);
    const rows = await database.db
      .select({ organizationId: registryResources.organizationId })
      .from(registryResources)
      .where(sql`${registryResources.name} like '测试导入馆%'`);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.organizationId).toBeTruthy();
    expect(rows[1]?.organizationId).toBe(rows[0]?.organizationId);
    const again = (await (await post()).json()) as { unchanged: number; created: number };
    expect(again).toMatchObject({ unchanged: 2, created: 0 });
    expect(await organizationCount()).toBe(1);
  });

  it('migration 0014 links entries stored before organisations were deduplicated', async () => {
    // Entries as session 1 stored them: the organisation only inside the entry.
    const base = { kind: 'venue', status: 'published', description: '迁移前的条目。', district: 'futian' };
    const stored = [
      { id: 'res_m1', name: '旧条目一', normalizedName: '旧条目一', organization: { name: '深圳市旧数据协会' } },
      { id: 'res_m2', name: '旧条目二', normalizedName: '旧条目二', organization: { name: '深圳市 旧数据协会（）' } },
      {
        id: 'res_m3',
        name: '旧条目三',
        normalizedName: '旧条目三',
        organization: { name: '深圳市编码单位', unifiedSocialCreditCode: CODE_A },
      },
      {
        id: 'res_m4',
        name: '旧条目四',
        normalizedName: '旧条目四',
        organization: { name: '编码单位（简称）', unifiedSocialCreditCode: CODE_A },
      },
      { id: 'res_m5', name: '旧条目五', normalizedName: '旧条目五', organization: null },
    ];
    for (const s of stored) {
      await database.db.insert(registryResources).values({
        ...base,
        ...s,
        organization: s.organization
          ? { unifiedSocialCreditCode: null, contactRole: null, website: null, ...s.organization }
          : null,
      });
    }
    const migration = readFileSync(`${MIGRATIONS_FOLDER}/0014_registry-organizations-backfill.sql`, 'utf8');
    const run = async () => {
      for (const statement of migration.split('--> statement-breakpoint'))
        await database.db.execute(sql.raw(statement));
    };
    await run();
    await run(); // idempotent
    const linked = new Map(
      (await database.db.select().from(registryResources)).map((r) => [r.id, r.organizationId] as const),
    );
    expect(linked.get('res_m1')).toBeTruthy();
    expect(linked.get('res_m2')).toBe(linked.get('res_m1'));
    expect(linked.get('res_m3')).toBeTruthy();
    expect(linked.get('res_m4')).toBe(linked.get('res_m3'));
    expect(linked.get('res_m3')).not.toBe(linked.get('res_m1'));
    expect(linked.get('res_m5')).toBeNull();
    expect(await organizationCount()).toBe(2);
    // The keys it wrote are the ones the application computes: a new submission joins the migrated organisation.
    const joined = await submit({ name: '深圳市旧数据协会' });
    expect(joined.organization?.id).toBe(linked.get('res_m1'));
    const byCode = await submit({ name: '别的名字', unifiedSocialCreditCode: CODE_A });
    expect(byCode.organization?.id).toBe(linked.get('res_m3'));
    const keys = await database.db.select().from(registryOrganizationKeys);
    expect(keys.map((k) => k.key)).toEqual(expect.arrayContaining([`uscc:${CODE_A}`, 'name:深圳市旧数据协会']));
  });
});
