import { Lecturer, LecturerPage, OfficerActivitySummary, VolunteerStats } from '@kepu/sdk/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { lecturerBookings } from '../../db/schema/volunteers.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase } from '../../test/database.js';
import { activate, post, read, register, testMobile } from './test-support.js';

let database: Database;
let app: ReturnType<typeof createTestApp>['app'];
let school: Record<string, string>;
let otherPartner: Record<string, string>;
let staff: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database).app;
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  school = (await createTestKey(database, { scopes: [] })).auth;
  otherPartner = (await createTestKey(database, { scopes: [] })).auth;
  staff = (await createTestKey(database, { scopes: ['volunteers:write'] })).auth;
});

const lecturer = {
  name: '（示例）陈工程师',
  title: '高级工程师',
  institution: '示例新能源企业',
  topics: ['新能源汽车', '电池安全'],
  spirits: ['craftsman', 'entrepreneur'],
  bio: '虚构的示例讲师。',
  district: '坪山区',
};

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('lecturer corps', () => {
  it('publishes profiles that anyone can list and filter', async () => {
    expect((await post(app, '/v1/lecturers', lecturer, school)).status).toBe(403);
    const created = await post(app, '/v1/lecturers', lecturer, staff);
    expect(created.status).toBe(201);
    await post(
      app,
      '/v1/lecturers',
      { ...lecturer, name: '（示例）林教授', topics: ['天文'], spirits: ['scientist'] },
      staff,
    );
    const all = await read(await app.request('/v1/lecturers'), LecturerPage);
    expect(all.data).toHaveLength(2);
    const craftsmen = await read(await app.request('/v1/lecturers?spirit=craftsman'), LecturerPage);
    expect(craftsmen.data.map((l: { name: string }) => l.name)).toEqual(['（示例）陈工程师']);
    const byTopic = await read(await app.request(`/v1/lecturers?topic=${encodeURIComponent('天文')}`), LecturerPage);
    expect(byTopic.data).toHaveLength(1);
    const search = await read(await app.request(`/v1/lecturers?q=${encodeURIComponent('电池')}`), LecturerPage);
    expect(search.data).toHaveLength(1);
  });

  it('takes booking requests through requested → accepted → delivered, with feedback from the requester', async () => {
    const { id } = await read(await post(app, '/v1/lecturers', lecturer, staff), Lecturer);
    const mobile = testMobile();
    const request = {
      requesterKind: 'school',
      requesterName: '示例实验学校',
      contactName: '刘老师',
      contactMobile: mobile,
      preferredDate: inDays(20),
      topic: '电池安全进校园',
      audienceSize: 300,
    };
    expect((await post(app, `/v1/lecturers/${id}/bookings`, request)).status).toBe(401);
    expect((await post(app, `/v1/lecturers/${id}/bookings`, { ...request, contactMobile: '123' }, school)).status).toBe(
      400,
    );
    expect(
      (await post(app, `/v1/lecturers/${id}/bookings`, { ...request, preferredDate: '2020-01-01' }, school)).status,
    ).toBe(400);
    const booked = await post(app, `/v1/lecturers/${id}/bookings`, request, school);
    expect(booked.status).toBe(201);
    const text = await booked.text();
    expect(text).not.toContain(mobile);
    expect(text).not.toContain('刘老师');
    const booking = JSON.parse(text);
    expect(booking).toMatchObject({
      status: 'requested',
      contactName: '刘**',
      contactMobile: `***-****-${mobile.slice(-4)}`,
    });
    const [row] = await database.db.select().from(lecturerBookings);
    expect(row?.contactMobileCipher).not.toContain(mobile);

    const early = await post(app, `/v1/lecturer-bookings/${booking.id}/feedback`, { rating: 5 }, school);
    expect(early.status).toBe(409);
    const skip = await post(app, `/v1/lecturer-bookings/${booking.id}/status`, { status: 'delivered' }, staff);
    expect(skip.status).toBe(409);
    expect((await post(app, `/v1/lecturer-bookings/${booking.id}/status`, { status: 'accepted' }, staff)).status).toBe(
      200,
    );
    expect((await post(app, `/v1/lecturer-bookings/${booking.id}/status`, { status: 'delivered' }, staff)).status).toBe(
      200,
    );
    expect((await post(app, `/v1/lecturer-bookings/${booking.id}/feedback`, { rating: 4 }, otherPartner)).status).toBe(
      403,
    );
    const feedback = await post(
      app,
      `/v1/lecturer-bookings/${booking.id}/feedback`,
      { rating: 4, comment: '学生反响热烈' },
      school,
    );
    expect(await feedback.json()).toMatchObject({ status: 'delivered', feedbackRating: 4 });
    expect((await post(app, `/v1/lecturer-bookings/${booking.id}/feedback`, { rating: 1 }, school)).status).toBe(409);
    const profile = await read(await app.request(`/v1/lecturers/${id}`), Lecturer);
    expect(profile).toMatchObject({ deliveredCount: 1, averageRating: 4 });
  });
});

describe('科普中国信息员 activity', () => {
  it('logs shares and rumour reports of information officers only, with counts in stats', async () => {
    const client = (await createTestKey(database, { scopes: [] })).auth;
    const officer = await register(app, client, { roles: ['information_officer'] });
    const plain = await register(app, client, { roles: ['science_volunteer'] });
    await activate(database, [officer.id, plain.id]);
    const log = (token: string, body: unknown) =>
      post(app, '/v1/volunteers/me/activities', body, { 'X-Volunteer-Token': token });
    expect((await log(plain.token, { kind: 'share', title: '防诈骗科普' })).status).toBe(403);
    expect((await log(officer.token, { kind: 'share', title: '防诈骗科普', url: 'javascript:alert(1)' })).status).toBe(
      400,
    );
    expect((await log(officer.token, { kind: 'share', title: '防诈骗科普', channel: '微信群' })).status).toBe(201);
    expect((await log(officer.token, { kind: 'share', title: '台风预警科普' })).status).toBe(201);
    expect((await log(officer.token, { kind: 'rumour_report', title: '“隔夜水致癌”传言' })).status).toBe(201);
    const mine = await read(
      await app.request('/v1/volunteers/me/activities', { headers: { 'X-Volunteer-Token': officer.token } }),
      OfficerActivitySummary,
    );
    expect(mine.counts).toEqual({ share: 2, rumour_report: 1 });
    const staffView = await read(
      await app.request(`/v1/volunteers/${officer.id}/activities`, { headers: staff }),
      OfficerActivitySummary,
    );
    expect(staffView.recent).toHaveLength(3);
    const stats = await read(await app.request('/v1/stats/volunteers'), VolunteerStats);
    expect(stats.officerActivity).toEqual({ share: 2, rumour_report: 1 });
    expect(stats.volunteersByRole).toMatchObject({ information_officer: 1, science_volunteer: 1 });
    await app.request('/v1/volunteers/me', { method: 'DELETE', headers: { 'X-Volunteer-Token': officer.token } });
    const after = await read(await app.request('/v1/stats/volunteers'), VolunteerStats);
    expect(after.officerActivity).toEqual({ share: 2, rumour_report: 1 });
  });
});
