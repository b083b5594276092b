import { VolunteerExport, VolunteerPage, VolunteerRegistered, VolunteerTokenIssued } from '@kepu/sdk/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { auditLog } from '../../db/schema/access.js';
import { volunteerConsents, volunteers } from '../../db/schema/volunteers.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase } from '../../test/database.js';
import { activate, errorOf, post, read, register, registration, testMobile } from './test-support.js';

let database: Database;
let app: ReturnType<typeof createTestApp>['app'];
let client: Record<string, string>;
let staff: Record<string, string>;
let pii: { auth: Record<string, string>; keyId: string };

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  client = (await createTestKey(database, { kind: 'secret', scopes: [] })).auth;
  staff = (await createTestKey(database, { scopes: ['volunteers:write'] })).auth;
  pii = await createTestKey(database, { scopes: ['volunteers:pii'] });
});

describe('registration', () => {
  it('registers an applicant with consent, returns a token once and stores the mobile only encrypted', async () => {
    const body = registration({ mobile: '+86 170-0000-1234', email: 'li@example.org', name: '李明' });
    const res = await post(app, '/v1/volunteers', body, client);
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain('17000001234');
    expect(text).not.toContain('李明');
    const json = JSON.parse(text);
    expect(json.volunteer).toMatchObject({ name: '李*', mobile: '***-****-1234', status: 'applicant', minor: false });
    expect(json.volunteerToken).toMatch(/^vt_[0-9a-z]+$/);
    const [row] = await database.db.select().from(volunteers).where(eq(volunteers.id, json.volunteer.id));
    expect(row?.mobileCipher).not.toContain('1234');
    expect(row?.emailCipher).not.toContain('li@');
    expect(row?.tokenHash).not.toBe(json.volunteerToken);
    const consents = await database.db
      .select()
      .from(volunteerConsents)
      .where(eq(volunteerConsents.volunteerId, json.volunteer.id));
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({
      kind: 'volunteer',
      noticeVersion: 'volunteer-privacy-2026-01',
      withdrawnAt: null,
    });
  });

  it('needs a key: anonymous registration is 401', async () => {
    expect((await post(app, '/v1/volunteers', registration())).status).toBe(401);
  });

  it('rejects a mobile that is not a mainland number with a field detail', async () => {
    for (const mobile of ['12345678901', '1380013800', '2380013800a', '+1 415 555 0100']) {
      const res = await post(app, '/v1/volunteers', registration({ mobile }), client);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.details?.map((d) => d.path)).toContain('body.mobile');
      expect(error.message).toContain('mainland China mobile');
    }
  });

  it('refuses registration without consent, or with consent not given', async () => {
    const { consent: _omitted, ...noConsent } = registration();
    const missing = await post(app, '/v1/volunteers', noConsent, client);
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).details?.map((d) => d.path)).toContain('body.consent');
    const refused = await post(
      app,
      '/v1/volunteers',
      registration({ consent: { agreed: false as true, noticeVersion: 'v1' } }),
      client,
    );
    expect(refused.status).toBe(400);
    expect((await errorOf(refused)).details?.map((d) => d.path)).toContain('body.consent.agreed');
    expect(await database.db.select().from(volunteers)).toHaveLength(0);
  });

  it('answers a duplicate mobile (in any spelling) with 409 and a hint, and writes nothing', async () => {
    const mobile = testMobile();
    await register(app, client, { mobile });
    const again = await post(
      app,
      '/v1/volunteers',
      registration({ mobile: `+86 ${mobile.slice(0, 3)} ${mobile.slice(3)}` }),
      client,
    );
    expect(again.status).toBe(409);
    const error = await errorOf(again);
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('X-Volunteer-Token');
    expect(await database.db.select().from(volunteers)).toHaveLength(1);
  });

  it('lets exactly one of many simultaneous registrations of one mobile through', async () => {
    const mobile = testMobile();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => post(app, '/v1/volunteers', registration({ mobile }), client)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
  });

  it('requires a guardian’s consent under 14 and records it', async () => {
    const birthDate = `${new Date().getUTCFullYear() - 12}-01-01`;
    const without = await post(app, '/v1/volunteers', registration({ birthDate }), client);
    expect(without.status).toBe(400);
    expect((await errorOf(without)).details?.map((d) => d.path)).toEqual(['body.guardianConsent']);
    const withGuardian = await post(
      app,
      '/v1/volunteers',
      registration({
        birthDate,
        guardianConsent: {
          agreed: true,
          noticeVersion: 'guardian-2026-01',
          guardianName: '王芳',
          relationship: '母亲',
        },
      }),
      client,
    );
    expect(withGuardian.status).toBe(201);
    const { volunteer } = await read(withGuardian, VolunteerRegistered);
    expect(volunteer.minor).toBe(true);
    const consents = await database.db
      .select()
      .from(volunteerConsents)
      .where(eq(volunteerConsents.volunteerId, volunteer.id));
    expect(consents.map((c) => c.kind).sort()).toEqual(['guardian', 'volunteer']);
  });

  it('resolves the district through the taxonomy profile and refuses an unknown one', async () => {
    const res = await post(app, '/v1/volunteers', registration({ district: '南山' }), client);
    expect(res.status).toBe(201);
    expect((await read(res, VolunteerRegistered)).volunteer.district).toBe('南山区');
    const unknown = await post(app, '/v1/volunteers', registration({ district: '火星区' }), client);
    expect(unknown.status).toBe(400);
    const error = await errorOf(unknown);
    expect(error.details?.map((d) => d.path)).toEqual(['body.district']);
    expect(error.message).toContain('福田区');
    const filtered = await read(
      await app.request('/v1/volunteers?district=nanshan', { headers: staff }),
      VolunteerPage,
    );
    expect(filtered.data).toHaveLength(1);
  });

  it('rejects a birth date in the future', async () => {
    const res = await post(app, '/v1/volunteers', registration({ birthDate: '2999-01-01' }), client);
    expect(res.status).toBe(400);
  });
});

describe('self-service with the volunteer token', () => {
  it('shows the volunteer their own record unmasked, and nothing without a valid token', async () => {
    const v = await register(app, client, { name: '张小红' });
    const mine = await app.request('/v1/volunteers/me', { headers: { 'X-Volunteer-Token': v.token } });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ id: v.id, name: '张小红', mobile: v.mobile });
    expect((await app.request('/v1/volunteers/me')).status).toBe(401);
    const forged = await app.request('/v1/volunteers/me', {
      headers: { 'X-Volunteer-Token': 'vt_aaaaaaaaaaaaaaaaaaaaaaaa' },
    });
    expect(forged.status).toBe(401);
    const malformed = await app.request('/v1/volunteers/me', { headers: { 'X-Volunteer-Token': 'nope' } });
    expect(malformed.status).toBe(401);
  });

  it('exports everything held about the volunteer', async () => {
    const v = await register(app, client, { name: '赵一' });
    const res = await app.request('/v1/volunteers/me/export', { headers: { 'X-Volunteer-Token': v.token } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const data = await read(res, VolunteerExport);
    expect(data.volunteer).toMatchObject({ name: '赵一', mobile: v.mobile });
    expect(data.volunteer.consents).toHaveLength(1);
    expect(data).toMatchObject({ assignments: [], serviceRecords: [], certificates: [], activities: [] });
  });

  it('withdrawing consent archives the volunteer and marks the consent withdrawn', async () => {
    const v = await register(app, client);
    await activate(database, [v.id]);
    const res = await app.request('/v1/volunteers/me/consent/withdraw', {
      method: 'POST',
      headers: { 'X-Volunteer-Token': v.token },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'archived', statusReason: 'consent withdrawn' });
    const [consent] = await database.db.select().from(volunteerConsents).where(eq(volunteerConsents.volunteerId, v.id));
    expect(consent?.withdrawnAt).toBeInstanceOf(Date);
  });

  it('deleting removes the person and their token stops working', async () => {
    const v = await register(app, client, { name: '钱二' });
    const res = await app.request('/v1/volunteers/me', { method: 'DELETE', headers: { 'X-Volunteer-Token': v.token } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ volunteerId: v.id, anonymisedMinutes: 0 });
    expect(await database.db.select().from(volunteers)).toHaveLength(0);
    expect(await database.db.select().from(volunteerConsents)).toHaveLength(0);
    expect((await app.request('/v1/volunteers/me', { headers: { 'X-Volunteer-Token': v.token } })).status).toBe(401);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'volunteer.erase'));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('钱二');
  });
  it('lets staff reissue a lost token: the old one stops working, the read is audited with the reason', async () => {
    const v = await register(app, client);
    expect((await post(app, `/v1/volunteers/${v.id}/token`, { reason: '本人来电，已核实手机号' }, staff)).status).toBe(
      403,
    );
    expect((await post(app, `/v1/volunteers/${v.id}/token`, {}, pii.auth)).status).toBe(400);
    const res = await post(app, `/v1/volunteers/${v.id}/token`, { reason: '本人来电，已核实手机号' }, pii.auth);
    expect(res.status).toBe(201);
    const { volunteerToken } = await read(res, VolunteerTokenIssued);
    expect((await app.request('/v1/volunteers/me', { headers: { 'X-Volunteer-Token': v.token } })).status).toBe(401);
    expect((await app.request('/v1/volunteers/me', { headers: { 'X-Volunteer-Token': volunteerToken } })).status).toBe(
      200,
    );
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'volunteer.token.reissue'));
    expect(entry).toMatchObject({ keyId: pii.keyId, reason: '本人来电，已核实手机号', targetId: v.id });
  });
});

describe('staff access and personal data', () => {
  it('lists and shows volunteers masked to staff', async () => {
    const v = await register(app, client, { name: '孙三丰' });
    const list = await app.request('/v1/volunteers', { headers: staff });
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).not.toContain('孙三丰');
    expect(text).not.toContain(v.mobile);
    expect(JSON.parse(text).data[0]).toMatchObject({
      id: v.id,
      name: '孙**',
      mobile: `***-****-${v.mobile.slice(-4)}`,
    });
    const one = await app.request(`/v1/volunteers/${v.id}`, { headers: staff });
    expect(await one.json()).toMatchObject({ name: '孙**' });
    expect((await app.request('/v1/volunteers')).status).toBe(401);
  });

  it('reveals personal data only with volunteers:pii and a reason, auditing key, reason and request id', async () => {
    const v = await register(app, client, { name: '周四' });
    const denied = await app.request(`/v1/volunteers/${v.id}/personal-data?reason=check`, { headers: staff });
    expect(denied.status).toBe(403);
    const noReason = await app.request(`/v1/volunteers/${v.id}/personal-data`, { headers: pii.auth });
    expect(noReason.status).toBe(400);
    expect((await errorOf(noReason)).details?.map((d) => d.path)).toContain('query.reason');
    const reason = '确认 6 月 1 日排班';
    const res = await app.request(`/v1/volunteers/${v.id}/personal-data?reason=${encodeURIComponent(reason)}`, {
      headers: { ...pii.auth, 'X-Request-Id': 'req-pii-1' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: '周四', mobile: v.mobile });
    const reads = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer.pii.read'), eq(auditLog.targetId, v.id)));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ keyId: pii.keyId, reason, requestId: 'req-pii-1', targetType: 'volunteer' });
  });

  it('reviews applicants: activate, suspend and archive need reasons, archived is final', async () => {
    const v = await register(app, client);
    const activated = await post(app, `/v1/volunteers/${v.id}/status`, { status: 'active' }, staff);
    expect(await activated.json()).toMatchObject({ status: 'active' });
    const noReason = await post(app, `/v1/volunteers/${v.id}/status`, { status: 'archived' }, staff);
    expect(noReason.status).toBe(400);
    const archived = await post(
      app,
      `/v1/volunteers/${v.id}/status`,
      { status: 'archived', reason: '本人退出' },
      staff,
    );
    expect(await archived.json()).toMatchObject({ status: 'archived', statusReason: '本人退出' });
    const back = await post(app, `/v1/volunteers/${v.id}/status`, { status: 'active' }, staff);
    expect(back.status).toBe(409);
  });

  it('staff erasure needs volunteers:pii and a reason', async () => {
    const v = await register(app, client);
    expect(
      (await app.request(`/v1/volunteers/${v.id}?reason=本人申请`, { method: 'DELETE', headers: staff })).status,
    ).toBe(403);
    expect((await app.request(`/v1/volunteers/${v.id}`, { method: 'DELETE', headers: pii.auth })).status).toBe(400);
    const res = await app.request(`/v1/volunteers/${v.id}?reason=${encodeURIComponent('本人电话申请删除')}`, {
      method: 'DELETE',
      headers: pii.auth,
    });
    expect(res.status).toBe(200);
    expect(await database.db.select().from(volunteers)).toHaveLength(0);
  });
});
