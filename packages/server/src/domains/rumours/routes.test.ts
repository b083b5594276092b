import { RumourCheckResponse, RumourEntryDetail, RumourTip, RumourTipList } from '@kepu/sdk/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { auditLog } from '../../db/schema/access.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import { rumourEntries } from '../../db/schema/rumours.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase } from '../../test/database.js';

let database: Database;
let app: ReturnType<typeof createTestApp>['app'];
let writer: Record<string, string>;
let reviewer: Record<string, string>;
let citizen: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  writer = (await createTestKey(database, { scopes: ['rumours:write'] })).auth;
  reviewer = (await createTestKey(database, { scopes: ['rumours:review'] })).auth;
  const pk = await createTestKey(database, { kind: 'publishable', origins: ['https://partner.example'] });
  citizen = { ...pk.auth, origin: 'https://partner.example' };
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const patch = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function createReviewer(name = '林文（示例）') {
  const res = await post(
    '/v1/experts',
    { name, title: '主任医师', institution: '示例医院', reviewer: true, verified: true, isExample: true },
    reviewer,
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const LEFTOVERS = {
  claim: '隔夜菜会致癌',
  aliases: ['剩菜放一晚就有毒', '吃隔夜饭菜容易得癌症'],
  rating: 'false',
  explanation: '冷藏保存的剩菜亚硝酸盐增加有限，远达不到危害健康的量；要紧的是及时冷藏、彻底加热。',
  topics: ['食品安全'],
  sources: [{ title: '食品安全科普', url: 'https://www.nhc.gov.cn/', publisher: '国家卫生健康委员会' }],
};

async function publishedEntry(body: Record<string, unknown> = LEFTOVERS) {
  const expertId = await createReviewer();
  const created = await post('/v1/rumours', { ...body, reviewerIds: [expertId] }, writer);
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await post(`/v1/rumours/${id}/submit`, {}, writer)).status).toBe(200);
  const published = await post(`/v1/rumours/${id}/review`, { action: 'publish' }, reviewer);
  expect(published.status).toBe(200);
  return RumourEntryDetail.parse(await published.json());
}

describe('rumour entries: draft → expert review → published → revised', () => {
  it('gives a verdict only once an expert published the entry, with ClaimReview JSON-LD', async () => {
    const expertId = await createReviewer();
    const created = await post('/v1/rumours', { ...LEFTOVERS, reviewerIds: [expertId] }, writer);
    const draft = RumourEntryDetail.parse(await created.json());
    expect(draft).toMatchObject({ status: 'draft', jsonLd: null, ratingLabel: '谣言', ratingValue: 1 });
    expect(draft.reviewedBy).toEqual([{ expertId, name: '林文（示例）', title: '主任医师', institution: '示例医院' }]);

    // Unpublished: invisible to the public, and no verdict for it.
    expect((await app.request(`/v1/rumours/${draft.id}`)).status).toBe(404);
    const before = RumourCheckResponse.parse(
      await (await post('/v1/rumours/check', { text: '隔夜菜会致癌吗' }, citizen)).json(),
    );
    expect(before.decision).toBe('none');
    expect(before.matches).toEqual([]);

    await post(`/v1/rumours/${draft.id}/submit`, {}, writer);
    const published = RumourEntryDetail.parse(
      await (await post(`/v1/rumours/${draft.id}/review`, { action: 'publish' }, reviewer)).json(),
    );
    expect(published.status).toBe('published');
    expect(published.publishedAt).not.toBeNull();

    const detail = RumourEntryDetail.parse(await (await app.request(`/v1/rumours/${draft.id}`)).json());
    expect(detail.jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      claimReviewed: '隔夜菜会致癌',
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: '谣言' },
      itemReviewed: { '@type': 'Claim', text: '隔夜菜会致癌' },
      author: [{ '@type': 'Person', name: '林文（示例）' }],
    });

    const check = await post(
      '/v1/rumours/check',
      { text: '【转发】剩菜隔了一夜千万别吃，会致癌！！😱 这是真的吗？ https://t.cn/x' },
      citizen,
    );
    expect(check.status).toBe(200);
    const answer = RumourCheckResponse.parse(await check.json());
    expect(answer).toMatchObject({ decision: 'match', tipId: null });
    expect(answer.matches[0]).toMatchObject({
      id: draft.id,
      rating: 'false',
      ratingLabel: '谣言',
      explanation: LEFTOVERS.explanation,
    });

    // The assistant's index holds it while published…
    const indexed = await database.db
      .select()
      .from(knowledgeDocuments)
      .where(eq(knowledgeDocuments.sourceId, draft.id));
    expect(indexed[0]?.facts).toMatchObject({ rating: 'false', claim: '隔夜菜会致癌' });

    // …and revising takes it out of checks and the index at once.
    const revised = await post(`/v1/rumours/${draft.id}/review`, { action: 'revise' }, reviewer);
    expect(((await revised.json()) as { status: string }).status).toBe('expert_review');
    const after = RumourCheckResponse.parse(
      await (await post('/v1/rumours/check', { text: '隔夜菜会致癌' }, citizen)).json(),
    );
    expect(after.decision).toBe('none');
    expect(
      await database.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.sourceId, draft.id)),
    ).toEqual([]);

    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.targetId, draft.id))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['rumour.create', 'rumour.submit', 'rumour.review.publish', 'rumour.review.revise']),
    );
  });

  it('refuses to publish without a reviewing expert or a source, and changes nothing', async () => {
    const created = await post('/v1/rumours', { ...LEFTOVERS, sources: [] }, writer);
    const { id } = (await created.json()) as { id: string };
    await post(`/v1/rumours/${id}/submit`, {}, writer);
    const res = await post(`/v1/rumours/${id}/review`, { action: 'publish' }, reviewer);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('unprocessable');
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['reviewerIds', 'sources']);
    const [row] = await database.db.select().from(rumourEntries).where(eq(rumourEntries.id, id));
    expect(row?.status).toBe('expert_review');
  });

  it('checks the workflow order and who may do what', async () => {
    const entry = await publishedEntry();
    expect((await post(`/v1/rumours/${entry.id}/review`, { action: 'publish' }, reviewer)).status).toBe(409);
    expect((await patch(`/v1/rumours/${entry.id}`, { claim: '改' }, writer)).status).toBe(409);
    expect((await post(`/v1/rumours/${entry.id}/review`, { action: 'retract' }, writer)).status).toBe(403);
    expect((await post(`/v1/rumours/${entry.id}/review`, { action: 'retract' }, reviewer)).status).toBe(400); // note required
    expect((await post('/v1/rumours', LEFTOVERS)).status).toBe(401);
    expect((await app.request('/v1/rumours?status=draft')).status).toBe(403);
    expect((await app.request('/v1/rumours?status=draft', { headers: writer })).status).toBe(200);
    const unknownReviewer = await post('/v1/rumours', { ...LEFTOVERS, reviewerIds: ['exp_nobody'] }, writer);
    expect(unknownReviewer.status).toBe(400);
    expect(JSON.stringify(await unknownReviewer.json())).toContain('body.reviewerIds.0');
    const retracted = await post(`/v1/rumours/${entry.id}/review`, { action: 'retract', note: '证据有更新' }, reviewer);
    expect(((await retracted.json()) as { status: string }).status).toBe('retracted');
    expect((await app.request(`/v1/rumours/${entry.id}`)).status).toBe(404);
  });

  it('lists published entries publicly, filtered and paginated', async () => {
    const a = await publishedEntry();
    const b = await publishedEntry({
      ...LEFTOVERS,
      claim: '微波炉加热的食物有辐射',
      rating: 'false',
      topics: ['家电'],
    });
    const page1 = (await (await app.request('/v1/rumours?limit=1')).json()) as {
      data: { id: string }[];
      nextCursor: string;
    };
    expect(page1.data.map((e) => e.id)).toEqual([b.id]);
    const page2 = (await (await app.request(`/v1/rumours?limit=1&cursor=${page1.nextCursor}`)).json()) as {
      data: { id: string }[];
      nextCursor: string | null;
    };
    expect(page2).toEqual({ data: [expect.objectContaining({ id: a.id })], nextCursor: null });
    const byTopic = (await (await app.request(`/v1/rumours?topic=${encodeURIComponent('家电')}`)).json()) as {
      data: { id: string }[];
    };
    expect(byTopic.data.map((e) => e.id)).toEqual([b.id]);
    expect((await app.request('/v1/rumours?cursor=forged')).status).toBe(400);
  });
});

describe('POST /v1/rumours/check', () => {
  it('needs a key and validates the body with field details', async () => {
    expect((await post('/v1/rumours/check', { text: '隔夜菜致癌' })).status).toBe(401);
    const bad = await post('/v1/rumours/check', { text: ' ', limit: 50 }, citizen);
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.text', 'body.limit']));
    const long = await post('/v1/rumours/check', { text: '谣'.repeat(5001) }, citizen);
    expect(long.status).toBe(400);
  });

  it('queues what matched nothing, counting similar texts on one item, with personal data redacted', async () => {
    await publishedEntry();
    const first = RumourCheckResponse.parse(
      await (
        await post('/v1/rumours/check', { text: '紧急通知：喝板蓝根能预防所有流感，联系我13800138000' }, citizen)
      ).json(),
    );
    expect(first.decision).toBe('none');
    expect(first.tipId).toMatch(/^tip_/);
    const again = RumourCheckResponse.parse(
      await (await post('/v1/rumours/check', { text: '转发！！喝板蓝根能预防所有流感😱' }, citizen)).json(),
    );
    expect(again.tipId).toBe(first.tipId);
    const officer = await post('/v1/rumours/tips', { text: '喝板蓝根能预防所有流感' }, writer);
    expect(officer.status).toBe(201);
    expect(RumourTip.parse(await officer.json())).toMatchObject({
      id: first.tipId,
      count: 3,
      channels: { check: 2, officer: 1 },
    });

    const other = RumourCheckResponse.parse(
      await (await post('/v1/rumours/check', { text: '手机充电时打电话会爆炸' }, citizen)).json(),
    );
    expect(other.tipId).not.toBe(first.tipId);
    expect(other.matches).toEqual([]); // no weak candidates, so no verdict can be misread as this text's

    const queue = RumourTipList.parse(await (await app.request('/v1/rumours/tips', { headers: reviewer })).json());
    expect(queue.data.map((t) => t.count)).toEqual([3, 1]);
    expect(queue.data[0]?.text).toContain('[手机号]');
    expect(queue.data[0]?.text).not.toContain('13800138000');
    expect((await app.request('/v1/rumours/tips', { headers: writer })).status).toBe(403);
    const forged = Buffer.from(JSON.stringify(['many', 'tip_x'])).toString('base64url');
    expect((await app.request(`/v1/rumours/tips?cursor=${forged}`, { headers: reviewer })).status).toBe(400);
  });

  it('lets experts triage tips: link, dismiss with a note, or draft an entry', async () => {
    const entry = await publishedEntry();
    const tip = async (text: string) =>
      RumourCheckResponse.parse(await (await post('/v1/rumours/check', { text }, citizen)).json()).tipId as string;
    const t1 = await tip('喝板蓝根能预防所有流感');
    const t2 = await tip('明天全市停水停电');
    const t3 = await tip('手机充电时打电话会爆炸');

    const linked = await post(`/v1/rumours/tips/${t1}/triage`, { action: 'link', entryId: entry.id }, reviewer);
    expect(RumourTip.parse(await linked.json())).toMatchObject({ status: 'linked', entryId: entry.id });
    expect((await post(`/v1/rumours/tips/${t1}/triage`, { action: 'dismiss', note: 'x' }, reviewer)).status).toBe(409);
    expect((await post(`/v1/rumours/tips/${t2}/triage`, { action: 'dismiss' }, reviewer)).status).toBe(400);
    const dismissed = await post(
      `/v1/rumours/tips/${t2}/triage`,
      { action: 'dismiss', note: '非健康科学类' },
      reviewer,
    );
    expect(RumourTip.parse(await dismissed.json())).toMatchObject({ status: 'dismissed', note: '非健康科学类' });
    const drafted = RumourTip.parse(
      await (
        await post(`/v1/rumours/tips/${t3}/triage`, { action: 'draft', claim: '手机充电时接打电话会爆炸' }, reviewer)
      ).json(),
    );
    expect(drafted.status).toBe('drafted');
    const [draft] = await database.db
      .select()
      .from(rumourEntries)
      .where(and(eq(rumourEntries.id, drafted.entryId ?? ''), eq(rumourEntries.status, 'draft')));
    expect(draft).toMatchObject({ claim: '手机充电时接打电话会爆炸', aliases: ['手机充电时打电话会爆炸'] });
    expect(
      (await post(`/v1/rumours/tips/${t3}/triage`, { action: 'link', entryId: 'rum_none' }, reviewer)).status,
    ).toBe(409);
  });

  it('adds a phrasing as an alias when linking, so the next such message matches the published entry', async () => {
    const entry = await publishedEntry();
    const text = '转发：隔了一夜的炒青菜全是毒，吃了伤肝！这是真的吗';
    const before = RumourCheckResponse.parse(await (await post('/v1/rumours/check', { text }, citizen)).json());
    expect(before.decision).not.toBe('match');
    const tipId = before.tipId as string;
    const alias = '隔了一夜的炒青菜全是毒，吃了伤肝';
    expect(
      (await post(`/v1/rumours/tips/${tipId}/triage`, { action: 'link', entryId: entry.id, alias: '' }, reviewer))
        .status,
    ).toBe(400);
    const linked = await post(
      `/v1/rumours/tips/${tipId}/triage`,
      { action: 'link', entryId: entry.id, alias },
      reviewer,
    );
    expect(RumourTip.parse(await linked.json())).toMatchObject({ status: 'linked', entryId: entry.id });
    const [row] = await database.db.select().from(rumourEntries).where(eq(rumourEntries.id, entry.id));
    expect(row).toMatchObject({ status: 'published', aliases: [...LEFTOVERS.aliases, alias] });
    const after = RumourCheckResponse.parse(await (await post('/v1/rumours/check', { text }, citizen)).json());
    expect(after).toMatchObject({ decision: 'match', matches: [expect.objectContaining({ id: entry.id })] });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'rumour_tip.link'));
    expect(audit?.details).toMatchObject({ entryId: entry.id, alias });
  });
});

describe('experts', () => {
  it('publishes profiles, validates input and guards changes', async () => {
    const id = await createReviewer();
    const list = (await (await app.request('/v1/experts?reviewer=true')).json()) as {
      data: { id: string; isExample: boolean }[];
    };
    expect(list.data).toEqual([expect.objectContaining({ id, isExample: true })]);
    expect((await app.request(`/v1/experts/${id}`)).status).toBe(200);
    expect((await post('/v1/experts', { name: '' }, reviewer)).status).toBe(400);
    expect((await post('/v1/experts', { name: '某' }, writer)).status).toBe(403);
    const changed = await patch(`/v1/experts/${id}`, { reviewer: false }, reviewer);
    expect(((await changed.json()) as { reviewer: boolean }).reviewer).toBe(false);
    expect((await patch('/v1/experts/exp_none', { reviewer: false }, reviewer)).status).toBe(404);
    expect((await patch(`/v1/experts/${id}`, {}, reviewer)).status).toBe(400);
  });
});

describe('POST /v1/rumours/import', () => {
  const line = (o: Record<string, unknown>) => JSON.stringify(o);
  const upload = (body: string, query: string, headers: Record<string, string>) =>
    app.request(`/v1/rumours/import${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', ...headers },
      body,
    });

  it('writes nothing when a row is bad and names the row and field', async () => {
    const body = [
      line({ externalId: 'a-1', claim: '隔夜菜会致癌', rating: 'false', explanation: '不会。' }),
      line({ externalId: 'a-2', claim: '喝醋能软化血管', rating: 'fake', explanation: '不能。' }),
    ].join('\n');
    const res = await upload(body, '', writer);
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('rating');
    expect(await database.db.select().from(rumourEntries)).toEqual([]);
  });

  it('publishes only with the review scope', async () => {
    const body = line({ externalId: 'a-1', claim: '隔夜菜会致癌', rating: 'false', explanation: '不会。' });
    expect((await upload(body, '?publish=true', writer)).status).toBe(403);
    const both = (await createTestKey(database, { scopes: ['rumours:write', 'rumours:review'] })).auth;
    const ok = await upload(body, '?publish=true', both);
    expect(ok.status).toBe(200);
    const list = (await (await app.request('/v1/rumours')).json()) as { data: { externalId: string }[] };
    expect(list.data.map((e) => e.externalId)).toEqual(['a-1']);
  });
});
