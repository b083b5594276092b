import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { auditLog } from '../../db/schema/access.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
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

// biome-ignore lint/suspicious/noExplicitAny: tests walk response JSON whose schema the SDK already checks
type Json = Record<string, any>;
const body = async (res: Response): Promise<Json> => (await res.json()) as Json;

async function submit(overrides: Record<string, unknown> = {}) {
  const res = await kit.call('POST', '/v1/resources', kit.partner.auth, sampleSubmission(overrides));
  expect(res.status).toBe(201);
  return body(res);
}

const indexed = async (id: string) =>
  (
    await database.db
      .select()
      .from(knowledgeDocuments)
      .where(and(eq(knowledgeDocuments.sourceType, 'resource'), eq(knowledgeDocuments.sourceId, id)))
  ).length === 1;

describe('the review workflow', () => {
  it('submit → approve publishes, indexes for the assistant and records who did what', async () => {
    const { resource, duplicates } = await submit();
    expect(resource).toMatchObject({
      status: 'submitted',
      location: { district: { code: 'futian', name: '福田区' } },
      topics: [
        { code: 'information-tech', name: '信息技术' },
        { code: 'aerospace', name: '航空航天' },
      ],
      openingHours: { weekly: expect.arrayContaining([{ day: 'tue', opens: '09:00', closes: '17:00' }]) },
    });
    expect(resource.openingHours.weekly).toHaveLength(6);
    expect(duplicates).toEqual([]);

    // Not public while in review, not in the assistant's index.
    expect((await kit.call('GET', `/v1/resources/${resource.id}`)).status).toBe(404);
    expect((await body(await kit.call('GET', '/v1/resources'))).total).toBe(0);
    expect(await indexed(resource.id)).toBe(false);

    const approved = await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, {
      action: 'approve',
    });
    expect(approved.status).toBe(200);
    expect((await body(approved)).status).toBe('published');
    const detail = await body(await kit.call('GET', `/v1/resources/${resource.id}`));
    expect(detail.jsonLd).toMatchObject({ '@type': 'Museum', name: '深圳市科学馆', geo: { latitude: 22.5436 } });
    expect(await indexed(resource.id)).toBe(true);

    const history = await body(await kit.call('GET', `/v1/resources/${resource.id}/history`, kit.staff.auth));
    expect(history.data.map((t: Json) => [t.action, t.fromStatus, t.toStatus, t.actorOrganizationId])).toEqual([
      ['submit', null, 'submitted', kit.partner.organizationId],
      ['approve', 'submitted', 'published', kit.staff.organizationId],
    ]);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.targetId, resource.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['resource.approve', 'resource.submit']);
  });

  it('reject and request_changes need a reason; request_changes lets the submitter fix and resubmit', async () => {
    const { resource } = await submit();
    const noReason = await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, {
      action: 'reject',
    });
    expect(noReason.status).toBe(400);
    const changes = await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, {
      action: 'request_changes',
      reason: '请补充开放时间的节假日安排',
    });
    expect((await body(changes)).status).toBe('changes_requested');
    // Nothing in review now.
    const again = await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, { action: 'approve' });
    expect(again.status).toBe(409);
    const fixed = await kit.call('PATCH', `/v1/resources/${resource.id}`, kit.partner.auth, {
      openingHours: '周二至周日 09:00-17:00（法定节假日照常开放）；周一闭馆',
    });
    expect(fixed.status).toBe(200);
    expect((await body(fixed)).resource.status).toBe('submitted');
    const rejected = await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, {
      action: 'reject',
      reason: '不符合科普资源认定标准',
    });
    expect((await body(rejected)).status).toBe('rejected');
    const history = await body(await kit.call('GET', `/v1/resources/${resource.id}/history`, kit.partner.auth));
    expect(history.data.map((t: Json) => t.action)).toEqual(['submit', 'request_changes', 'revise', 'reject']);
    expect(history.data[3].reason).toBe('不符合科普资源认定标准');
    // A rejected entry cannot change.
    expect(
      (await kit.call('PATCH', `/v1/resources/${resource.id}`, kit.partner.auth, { name: '新名称新名称' })).status,
    ).toBe(409);
  });

  it('a reviewer cannot approve a submission of their own organisation', async () => {
    const { resource } = await submit();
    const res = await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.partnerReviewer.auth, {
      action: 'approve',
    });
    expect(res.status).toBe(403);
    expect((await body(res)).error.message).toMatch(/own organisation/);
    const after = await body(await kit.call('GET', `/v1/resources/${resource.id}`, kit.staff.auth));
    expect(after.status).toBe('submitted');
  });

  it('an edit of a published entry is a revision: the published version stays until the revision is approved', async () => {
    const { resource } = await submit();
    await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, { action: 'approve' });
    const patched = await body(
      await kit.call('PATCH', `/v1/resources/${resource.id}`, kit.partner.auth, {
        name: '深圳市科学馆（新馆）',
        note: '更名',
      }),
    );
    expect(patched.revision).toMatchObject({ status: 'submitted' });
    const publicView = await body(await kit.call('GET', `/v1/resources/${resource.id}`));
    expect(publicView.name).toBe('深圳市科学馆');
    expect(publicView.pendingRevisionId).toBeUndefined();
    const ownView = await body(await kit.call('GET', `/v1/resources/${resource.id}`, kit.partner.auth));
    expect(ownView.pendingRevisionId).toBe(patched.revision.id);

    const approved = await body(
      await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, { action: 'approve' }),
    );
    expect(approved).toMatchObject({ status: 'published', name: '深圳市科学馆（新馆）' });
    const [doc] = await database.db
      .select()
      .from(knowledgeDocuments)
      .where(eq(knowledgeDocuments.sourceId, resource.id));
    expect(doc?.title).toBe('深圳市科学馆（新馆）');
    // The revision is decided; nothing is in review any more.
    expect(
      (await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, { action: 'approve' })).status,
    ).toBe(409);
  });

  it('archiving removes the entry from search and from the assistant index', async () => {
    const { resource } = await submit();
    await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, { action: 'approve' });
    expect((await body(await kit.call('GET', '/v1/resources?q=科学馆'))).total).toBe(1);
    const archived = await kit.call('POST', `/v1/resources/${resource.id}/review`, kit.staff.auth, {
      action: 'archive',
      reason: '场馆已闭馆改造',
    });
    expect((await body(archived)).status).toBe('archived');
    expect((await body(await kit.call('GET', '/v1/resources?q=科学馆'))).total).toBe(0);
    expect((await kit.call('GET', `/v1/resources/${resource.id}`)).status).toBe(404);
    expect(await indexed(resource.id)).toBe(false);
  });

  it('flags duplicates by normalised name in the same district, or by the same address', async () => {
    const first = await submit();
    const byName = await submit({
      name: '深圳市 科学馆',
      location: { address: '福田区另一条路1号', district: 'futian' },
    });
    expect(byName.duplicates).toEqual([expect.objectContaining({ id: first.resource.id, reason: 'name_district' })]);
    const byAddress = await submit({
      name: '深圳科普中心',
      location: { address: '广东省深圳市福田区上步中路1003号', district: '福田区' },
    });
    expect(byAddress.duplicates).toEqual([expect.objectContaining({ id: first.resource.id, reason: 'address' })]);
    const otherDistrict = await submit({
      name: '深圳市科学馆',
      location: { address: '南山区某路2号', district: '南山' },
    });
    expect(otherDistrict.duplicates).toEqual([]);
  });

  it('only staff list entries that are not published; only the submitter or staff may change an entry', async () => {
    const { resource } = await submit();
    expect((await kit.call('GET', '/v1/resources?status=submitted')).status).toBe(403);
    const queue = await body(await kit.call('GET', '/v1/resources?status=submitted', kit.staff.auth));
    expect(queue.data.map((r: Json) => r.id)).toEqual([resource.id]);
    const stranger = await (await import('../../test/database.js')).createTestKey(database, { kind: 'secret' });
    expect(
      (await kit.call('PATCH', `/v1/resources/${resource.id}`, stranger.auth, { name: '别人的修改' })).status,
    ).toBe(404);
    expect((await kit.call('POST', '/v1/resources', undefined, sampleSubmission())).status).toBe(401);
  });
});
