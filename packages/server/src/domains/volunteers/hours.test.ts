import {
  Opportunity,
  ServiceCertificate,
  ServiceRecord,
  VolunteerHours,
  VolunteerShift,
  VolunteerStats,
} from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { auditLog } from '../../db/schema/access.js';
import { serviceRecords, volunteerHourAggregates } from '../../db/schema/volunteers.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase } from '../../test/database.js';
import { activate, errorOf, post, read, register } from './test-support.js';

let database: Database;
let app: ReturnType<typeof createTestApp>['app'];
let client: Record<string, string>;
let staff: { auth: Record<string, string>; keyId: string; organizationId: string };
let colleague: Record<string, string>;
let otherOrg: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  client = (await createTestKey(database, { scopes: [] })).auth;
  staff = await createTestKey(database, { scopes: ['volunteers:write'] });
  colleague = (await createTestKey(database, { scopes: ['volunteers:write'], organizationId: staff.organizationId }))
    .auth;
  otherOrg = (await createTestKey(database, { scopes: ['volunteers:write'] })).auth;
  admin = (await createTestKey(database, { scopes: ['admin'] })).auth;
});

const entry = (overrides: Record<string, unknown> = {}) => ({
  serviceDate: '2026-03-14',
  description: '科技馆周末讲解',
  creditedMinutes: 120,
  ...overrides,
});

async function recordAndApprove(volunteerId: string, body: Record<string, unknown>) {
  const res = await post(app, `/v1/volunteers/${volunteerId}/service-records`, entry(body), staff.auth);
  expect(res.status).toBe(201);
  const record = await read(res, ServiceRecord);
  const decided = await post(app, `/v1/service-records/${record.id}/decision`, { decision: 'approved' }, colleague);
  expect(decided.status).toBe(200);
  return record as { id: string };
}

describe('service records', () => {
  it('needs a reason for credited minutes above the scheduled length', async () => {
    const v = await register(app, client);
    const over = await post(
      app,
      `/v1/volunteers/${v.id}/service-records`,
      entry({ scheduledMinutes: 90, creditedMinutes: 120 }),
      staff.auth,
    );
    expect(over.status).toBe(400);
    const error = await errorOf(over);
    expect(error.details?.map((d) => d.path)).toEqual(['body.reason']);
    expect(error.message).toContain('90');
    const explained = await post(
      app,
      `/v1/volunteers/${v.id}/service-records`,
      entry({ scheduledMinutes: 90, creditedMinutes: 120, reason: '活动延时 30 分钟' }),
      staff.auth,
    );
    expect(explained.status).toBe(201);
    expect(await explained.json()).toMatchObject({ status: 'pending', source: 'staff_entry', creditedMinutes: 120 });
    expect(await database.db.select().from(serviceRecords)).toHaveLength(1);
    const future = await post(
      app,
      `/v1/volunteers/${v.id}/service-records`,
      entry({ serviceDate: '2999-01-01' }),
      staff.auth,
    );
    expect(future.status).toBe(400);
    expect((await errorOf(future)).details?.map((d) => d.path)).toEqual(['body.serviceDate']);
  });

  it('uses the shift length as the scheduled minutes of a shift entry', async () => {
    const v = await register(app, client);
    const opp = await read(
      await post(app, '/v1/opportunities', { title: '讲解', district: '福田区' }, staff.auth),
      Opportunity,
    );
    const shift = await read(
      await post(
        app,
        `/v1/opportunities/${opp.id}/shifts`,
        { startsAt: '2026-03-14T09:00:00+08:00', endsAt: '2026-03-14T11:00:00+08:00', place: '科技馆', slots: 3 },
        staff.auth,
      ),
      VolunteerShift,
    );
    const over = await post(
      app,
      `/v1/volunteers/${v.id}/service-records`,
      entry({ shiftId: shift.id, creditedMinutes: 150, source: 'back_entry' }),
      staff.auth,
    );
    expect(over.status).toBe(400);
    const ok = await post(
      app,
      `/v1/volunteers/${v.id}/service-records`,
      entry({ shiftId: shift.id, creditedMinutes: 100, source: 'back_entry' }),
      staff.auth,
    );
    expect(await ok.json()).toMatchObject({ scheduledMinutes: 120, creditedMinutes: 100, source: 'back_entry' });
  });

  it('refuses approving one’s own hours, and decisions by another organisation', async () => {
    const v = await register(app, client);
    const link = await app.request(`/v1/volunteers/${v.id}/staff-key`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ keyId: staff.keyId }),
    });
    expect(link.status).toBe(200);
    const record = await read(
      await post(app, `/v1/volunteers/${v.id}/service-records`, entry(), staff.auth),
      ServiceRecord,
    );
    const own = await post(app, `/v1/service-records/${record.id}/decision`, { decision: 'approved' }, staff.auth);
    expect(own.status).toBe(403);
    expect((await errorOf(own)).message).toContain('your own service hours');
    const foreign = await post(app, `/v1/service-records/${record.id}/decision`, { decision: 'approved' }, otherOrg);
    expect(foreign.status).toBe(403);
    const [stillPending] = await database.db.select().from(serviceRecords).where(eq(serviceRecords.id, record.id));
    expect(stillPending?.status).toBe('pending');
    const approved = await post(app, `/v1/service-records/${record.id}/decision`, { decision: 'approved' }, colleague);
    expect(await approved.json()).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    const again = await post(app, `/v1/service-records/${record.id}/decision`, { decision: 'declined' }, colleague);
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toContain('correction');
  });

  it('corrects by a new record: the old one is kept, superseded once the correction is approved', async () => {
    const v = await register(app, client);
    const original = await recordAndApprove(v.id, { creditedMinutes: 60 });
    const noReason = await post(
      app,
      `/v1/volunteers/${v.id}/service-records`,
      entry({ creditedMinutes: 90, correctsRecordId: original.id }),
      staff.auth,
    );
    expect(noReason.status).toBe(400);
    const correction = await recordAndApprove(v.id, {
      creditedMinutes: 90,
      correctsRecordId: original.id,
      reason: '签到表漏记 30 分钟',
    });
    const hours = await read(
      await app.request(`/v1/volunteers/${v.id}/hours`, { headers: staff.auth }),
      VolunteerHours,
    );
    expect(hours.approvedMinutes).toBe(90);
    const old = hours.records.find((r: { id: string }) => r.id === original.id);
    expect(old).toMatchObject({ status: 'approved', creditedMinutes: 60, supersededBy: correction.id });
    const twice = await post(
      app,
      `/v1/volunteers/${v.id}/service-records`,
      entry({ creditedMinutes: 30, correctsRecordId: original.id, reason: 'again' }),
      staff.auth,
    );
    expect(twice.status).toBe(409);
  });

  it('shows the volunteer their own hours through the token, pending and approved apart', async () => {
    const v = await register(app, client);
    await recordAndApprove(v.id, { creditedMinutes: 45 });
    await post(app, `/v1/volunteers/${v.id}/service-records`, entry({ creditedMinutes: 30 }), staff.auth);
    const mine = await read(
      await app.request('/v1/volunteers/me/hours', { headers: { 'X-Volunteer-Token': v.token } }),
      VolunteerHours,
    );
    expect(mine).toMatchObject({ approvedMinutes: 45, pendingMinutes: 30 });
    expect(mine.records).toHaveLength(2);
  });
});

describe('certificates', () => {
  it('issues a certificate for approved hours of the issuing organisation, verifiable as JSON and a printable page', async () => {
    const v = await register(app, client, { name: '郑七' });
    await recordAndApprove(v.id, { creditedMinutes: 90, serviceDate: '2026-03-01' });
    await recordAndApprove(v.id, { creditedMinutes: 60, serviceDate: '2026-04-01' });
    await post(app, `/v1/volunteers/${v.id}/service-records`, entry({ creditedMinutes: 500, reason: 'x' }), staff.auth);
    const issued = await post(
      app,
      `/v1/volunteers/${v.id}/certificates`,
      { periodStart: '2026-01-01', periodEnd: '2026-03-31' },
      staff.auth,
    );
    expect(issued.status).toBe(201);
    const cert = await read(issued, ServiceCertificate);
    expect(cert).toMatchObject({
      approvedMinutes: 90,
      hours: 1.5,
      recordCount: 1,
      revoked: false,
      volunteerName: '郑*',
    });
    expect(cert.code).toMatch(/^[0-9A-Z]{16}$/);

    const verified = await app.request(`/v1/certificates/${cert.code}`);
    expect(verified.status).toBe(200);
    const text = await verified.text();
    expect(text).not.toContain('郑七');
    expect(JSON.parse(text)).toMatchObject({ code: cert.code, approvedMinutes: 90, volunteerName: '郑*' });

    const page = await app.request(`/certificates/${cert.code}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('志愿服务记录证明');
    expect(html).toContain('1.5 小时');
    expect(html).not.toMatch(/<script|<style|style=/);
    const css = await app.request('/certificates/certificate.css');
    expect(css.headers.get('content-type')).toContain('text/css');

    const typed = cert.code.toLowerCase().replace(/(.{4})(?!$)/g, '$1-');
    expect(await read(await app.request(`/v1/certificates/${typed}`), ServiceCertificate)).toMatchObject({
      code: cert.code,
    });
    expect((await app.request('/v1/certificates/NOSUCHCODE00')).status).toBe(404);
    expect((await app.request('/certificates/NOSUCHCODE00')).status).toBe(404);
  });

  it('refuses a certificate with no approved hours from the issuer, and a backwards period', async () => {
    const v = await register(app, client);
    await recordAndApprove(v.id, { creditedMinutes: 90 });
    const foreign = await post(
      app,
      `/v1/volunteers/${v.id}/certificates`,
      { periodStart: '2026-01-01', periodEnd: '2026-12-31' },
      otherOrg,
    );
    expect(foreign.status).toBe(409);
    const w = await register(app, client);
    await recordAndApprove(w.id, { creditedMinutes: 0 });
    const nothing = await post(
      app,
      `/v1/volunteers/${w.id}/certificates`,
      { periodStart: '2026-01-01', periodEnd: '2026-12-31' },
      staff.auth,
    );
    expect(nothing.status).toBe(409);
    const backwards = await post(
      app,
      `/v1/volunteers/${v.id}/certificates`,
      { periodStart: '2026-12-31', periodEnd: '2026-01-01' },
      staff.auth,
    );
    expect(backwards.status).toBe(400);
  });
});

describe('statistics and erasure', () => {
  it('keeps anonymous hour aggregates when a person is erased, and the certificate loses the name', async () => {
    const v = await register(app, client, { district: '福田区', name: '王八' });
    const w = await register(app, client, { district: '南山区' });
    await activate(database, [v.id, w.id]);
    await recordAndApprove(v.id, { creditedMinutes: 120, serviceDate: '2026-03-14' });
    await recordAndApprove(w.id, { creditedMinutes: 60, serviceDate: '2026-04-02' });
    const cert = await read(
      await post(
        app,
        `/v1/volunteers/${v.id}/certificates`,
        { periodStart: '2026-01-01', periodEnd: '2026-12-31' },
        staff.auth,
      ),
      ServiceCertificate,
    );

    const before = await read(await app.request('/v1/stats/volunteers'), VolunteerStats);
    expect(before).toMatchObject({ activeVolunteers: 2, approvedMinutes: 180 });

    const erased = await app.request('/v1/volunteers/me', {
      method: 'DELETE',
      headers: { 'X-Volunteer-Token': v.token },
    });
    expect(await erased.json()).toMatchObject({ anonymisedMinutes: 120 });
    expect(await database.db.select().from(serviceRecords).where(eq(serviceRecords.volunteerId, v.id))).toHaveLength(0);
    const aggregates = await database.db.select().from(volunteerHourAggregates);
    expect(aggregates).toEqual([
      { month: '2026-03', district: '福田区', organizationId: staff.organizationId, minutes: 120 },
    ]);

    const after = await read(await app.request('/v1/stats/volunteers'), VolunteerStats);
    expect(after.activeVolunteers).toBe(1);
    expect(after.approvedMinutes).toBe(180);
    expect(after.byMonth).toEqual([
      { key: '2026-03', minutes: 120, hours: 2 },
      { key: '2026-04', minutes: 60, hours: 1 },
    ]);
    expect(after.byDistrict.map((b: { key: string }) => b.key).sort()).toEqual(['南山区', '福田区']);
    expect(after.byOrganization).toEqual([{ key: expect.stringContaining('测试机构'), minutes: 180, hours: 3 }]);
    const march = await read(await app.request('/v1/stats/volunteers?from=2026-03-01&to=2026-03-31'), VolunteerStats);
    expect(march.approvedMinutes).toBe(120);

    const verified = await read(await app.request(`/v1/certificates/${cert.code}`), ServiceCertificate);
    expect(verified).toMatchObject({ approvedMinutes: 120, volunteerName: '（已删除）' });
    const audit = await database.db.select().from(auditLog);
    expect(JSON.stringify(audit)).not.toContain('王八');
  });
});
