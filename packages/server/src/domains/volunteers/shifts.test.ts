import { CheckedOut, OpportunityPage, ShiftAssignment, VolunteerPage } from '@kepu/sdk/schema';
import { and, eq, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { shiftAssignments, volunteerShifts, volunteers } from '../../db/schema/volunteers.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey, resetDatabase, TEST_DRIVERS } from '../../test/database.js';
import {
  activate,
  errorOf,
  inMinutes,
  opportunityWithShift,
  post,
  read,
  register,
  registration,
  testMobile,
} from './test-support.js';

const CONCURRENT_SIGN_UPS = 200;
const SLOTS = 37;

describe.each(TEST_DRIVERS)('concurrency on %s', (driver) => {
  let database: Database;
  let app: ReturnType<typeof createTestApp>['app'];
  let client: Record<string, string>;
  let staff: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    app = createTestApp(database).app;
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database);
    client = (await createTestKey(database, { scopes: [] })).auth;
    staff = (await createTestKey(database, { scopes: ['volunteers:write'] })).auth;
  });

  it(`never oversells: ${CONCURRENT_SIGN_UPS} simultaneous sign-ups for ${SLOTS} slots`, async () => {
    const { shiftId } = await opportunityWithShift(app, staff, {
      startsAt: inMinutes(24 * 60),
      endsAt: inMinutes(24 * 60 + 180),
      slots: SLOTS,
    });
    const people = [];
    for (let i = 0; i < CONCURRENT_SIGN_UPS; i++) people.push(await register(app, client));
    await activate(
      database,
      people.map((p) => p.id),
    );
    const results = await Promise.all(
      people.map((p) =>
        app.request(`/v1/shifts/${shiftId}/sign-up`, { method: 'POST', headers: { 'X-Volunteer-Token': p.token } }),
      ),
    );
    // A request may be turned away with 503 + Retry-After when it waits longer than the pool allows (the `pg` path
    // on a loaded machine): a refusal, never an oversold shift. Everything else must hold exactly, in the database.
    const count = (status: number) => results.filter((r) => r.status === status).length;
    const summary = `201: ${count(201)}, 409: ${count(409)}, 503: ${count(503)}, statuses: ${[...new Set(results.map((r) => r.status))].join(',')}`;
    expect(count(201) + count(409) + count(503), summary).toBe(CONCURRENT_SIGN_UPS);
    for (const r of results.filter((x) => x.status === 503)) expect(r.headers.get('retry-after')).toBeTruthy();
    // Some sign-ups met a full shift: the race for the last slots really happened.
    expect(count(409), summary).toBeGreaterThan(0);
    // A 503 after the request timed out may still have committed its sign-up, so the database is the judge.
    expect(count(201), summary).toBeLessThanOrEqual(SLOTS);
    expect(count(201) + count(503), summary).toBeGreaterThanOrEqual(SLOTS);
    const [shift] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
    const [live] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(shiftAssignments)
      .where(and(eq(shiftAssignments.shiftId, shiftId), ne(shiftAssignments.status, 'cancelled')));
    expect(shift?.filled).toBe(SLOTS);
    expect(Number(live?.n)).toBe(SLOTS);
  }, 180_000);

  it('registers one mobile once: of 20 simultaneous registrations exactly one succeeds, the others get 409', async () => {
    const mobile = testMobile();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post(app, '/v1/volunteers', registration({ mobile }), client)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201 && s !== 409 && s !== 503)).toEqual([]);
    const [rows] = await database.db.select({ n: sql<number>`count(*)::int` }).from(volunteers);
    expect(Number(rows?.n)).toBe(1);
  });

  it('never double-books one volunteer: simultaneous sign-ups for overlapping shifts, one wins', async () => {
    const v = await register(app, client);
    await activate(database, [v.id]);
    const shiftIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      // Each shift overlaps the next by 30 minutes.
      const { shiftId } = await opportunityWithShift(app, staff, {
        startsAt: inMinutes(2 * 24 * 60 + i * 30),
        endsAt: inMinutes(2 * 24 * 60 + i * 30 + 60),
        slots: 5,
      });
      shiftIds.push(shiftId);
    }
    const first = shiftIds.slice(0, 2);
    const results = await Promise.all(
      first.map((id) =>
        app.request(`/v1/shifts/${id}/sign-up`, { method: 'POST', headers: { 'X-Volunteer-Token': v.token } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const assignments = await database.db.select().from(shiftAssignments).where(eq(shiftAssignments.volunteerId, v.id));
    expect(assignments).toHaveLength(1);
  });
});

describe('shifts, assignments and check-in/out', () => {
  let database: Database;
  let app: ReturnType<typeof createTestApp>['app'];
  let client: Record<string, string>;
  let staff: Record<string, string>;
  let otherOrgStaff: Record<string, string>;

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
    staff = (await createTestKey(database, { scopes: ['volunteers:write'] })).auth;
    otherOrgStaff = (await createTestKey(database, { scopes: ['volunteers:write'] })).auth;
  });

  const signUp = (shiftId: string, token: string) =>
    app.request(`/v1/shifts/${shiftId}/sign-up`, { method: 'POST', headers: { 'X-Volunteer-Token': token } });

  it('refuses an overlapping shift with the clash named, and allows adjacent shifts', async () => {
    const v = await register(app, client);
    await activate(database, [v.id]);
    const a = await opportunityWithShift(app, staff, { startsAt: inMinutes(600), endsAt: inMinutes(720), slots: 3 });
    const overlapping = await opportunityWithShift(app, staff, {
      startsAt: inMinutes(700),
      endsAt: inMinutes(800),
      slots: 3,
    });
    const adjacent = await opportunityWithShift(app, staff, {
      startsAt: inMinutes(720),
      endsAt: inMinutes(780),
      slots: 3,
    });
    expect((await signUp(a.shiftId, v.token)).status).toBe(201);
    const clash = await signUp(overlapping.shiftId, v.token);
    expect(clash.status).toBe(409);
    expect((await errorOf(clash)).message).toContain(a.shiftId);
    expect((await signUp(adjacent.shiftId, v.token)).status).toBe(201);
    expect((await signUp(a.shiftId, v.token)).status).toBe(409);
  });

  it('frees the slot on cancel, and a cancelled shift no longer blocks an overlapping one', async () => {
    const v = await register(app, client);
    const w = await register(app, client);
    await activate(database, [v.id, w.id]);
    const a = await opportunityWithShift(app, staff, { startsAt: inMinutes(600), endsAt: inMinutes(720), slots: 1 });
    const b = await opportunityWithShift(app, staff, { startsAt: inMinutes(650), endsAt: inMinutes(700), slots: 1 });
    const assignment = await read(await signUp(a.shiftId, v.token), ShiftAssignment);
    expect((await signUp(a.shiftId, w.token)).status).toBe(409);
    const cancelledByOther = await app.request(`/v1/assignments/${assignment.id}/cancel`, {
      method: 'POST',
      headers: { 'X-Volunteer-Token': w.token },
    });
    expect(cancelledByOther.status).toBe(404);
    const cancelled = await app.request(`/v1/assignments/${assignment.id}/cancel`, {
      method: 'POST',
      headers: { 'X-Volunteer-Token': v.token },
    });
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', shift: { filled: 0, available: 1 } });
    expect((await signUp(a.shiftId, w.token)).status).toBe(201);
    expect((await signUp(b.shiftId, v.token)).status).toBe(201);
    const roster = await read(
      await app.request(`/v1/volunteers?shiftId=${a.shiftId}`, { headers: staff }),
      VolunteerPage,
    );
    expect(roster.data.map((x) => x.id)).toEqual([w.id]);
  });

  it('erasure frees the volunteer’s slots: filled stays equal to the live assignments of every shift', async () => {
    const v = await register(app, client);
    const w = await register(app, client);
    await activate(database, [v.id, w.id]);
    const future = await opportunityWithShift(app, staff, {
      startsAt: inMinutes(600),
      endsAt: inMinutes(660),
      slots: 2,
    });
    const done = await opportunityWithShift(app, staff, { startsAt: inMinutes(60), endsAt: inMinutes(120), slots: 2 });
    for (const person of [v, w]) {
      expect((await signUp(future.shiftId, person.token)).status).toBe(201);
      expect((await signUp(done.shiftId, person.token)).status).toBe(201);
    }
    // The second shift has since happened.
    await database.db
      .update(volunteerShifts)
      .set({ startsAt: new Date(inMinutes(-300)), endsAt: new Date(inMinutes(-240)) })
      .where(eq(volunteerShifts.id, done.shiftId));
    expect(
      (await app.request('/v1/volunteers/me', { method: 'DELETE', headers: { 'X-Volunteer-Token': v.token } })).status,
    ).toBe(200);
    for (const shiftId of [future.shiftId, done.shiftId]) {
      const [shift] = await database.db.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
      const [live] = await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(shiftAssignments)
        .where(and(eq(shiftAssignments.shiftId, shiftId), ne(shiftAssignments.status, 'cancelled')));
      expect(shift?.filled).toBe(1);
      expect(Number(live?.n)).toBe(1);
    }
  });

  it('lets only active volunteers with the required skills sign up', async () => {
    const applicant = await register(app, client, { skills: ['astronomy'] });
    const { shiftId } = await opportunityWithShift(app, staff, {
      startsAt: inMinutes(600),
      endsAt: inMinutes(660),
      slots: 2,
      requiredSkills: ['first-aid'],
    });
    const notYet = await signUp(shiftId, applicant.token);
    expect(notYet.status).toBe(409);
    expect((await errorOf(notYet)).message).toContain('under review');
    await activate(database, [applicant.id]);
    const unskilled = await signUp(shiftId, applicant.token);
    expect(unskilled.status).toBe(422);
    expect((await errorOf(unskilled)).message).toContain('first-aid');
  });

  it('checks in and out: no check-out before check-in, hours recorded pending and capped at the shift', async () => {
    const v = await register(app, client);
    await activate(database, [v.id]);
    const { shiftId } = await opportunityWithShift(app, staff, {
      startsAt: inMinutes(30),
      endsAt: inMinutes(150),
      slots: 2,
    });
    const assignment = await read(await signUp(shiftId, v.token), ShiftAssignment);
    const early = await post(app, `/v1/assignments/${assignment.id}/check-out`, {}, { 'X-Volunteer-Token': v.token });
    expect(early.status).toBe(409);
    expect((await errorOf(early)).message).toContain('check in first');
    // The volunteer may not back-date; staff may not record the future.
    expect(
      (
        await post(
          app,
          `/v1/assignments/${assignment.id}/check-in`,
          { at: inMinutes(-10) },
          { 'X-Volunteer-Token': v.token },
        )
      ).status,
    ).toBe(403);
    expect((await post(app, `/v1/assignments/${assignment.id}/check-in`, { at: inMinutes(60) }, staff)).status).toBe(
      400,
    );
    expect((await post(app, `/v1/assignments/${assignment.id}/check-in`, {}, otherOrgStaff)).status).toBe(403);
    const checkedIn = await post(
      app,
      `/v1/assignments/${assignment.id}/check-in`,
      {},
      { 'X-Volunteer-Token': v.token },
    );
    expect(checkedIn.status).toBe(200);
    expect((await read(checkedIn, ShiftAssignment)).checkedInAt).not.toBeNull();
    const twice = await post(app, `/v1/assignments/${assignment.id}/check-in`, {}, { 'X-Volunteer-Token': v.token });
    expect(twice.status).toBe(409);
    const out = await post(app, `/v1/assignments/${assignment.id}/check-out`, {}, staff);
    expect(out.status).toBe(200);
    const result = await read(out, CheckedOut);
    expect(result.assignment.status).toBe('completed');
    expect(result.serviceRecord).toMatchObject({
      source: 'check_in',
      status: 'pending',
      scheduledMinutes: 120,
      creditedMinutes: 0,
    });
  });

  it('uses back-entered times for credited minutes, capped at the shift length', async () => {
    const v = await register(app, client);
    await activate(database, [v.id]);
    // A shift that already happened: created and assigned directly, as staff back-entry would follow.
    const { shiftId } = await opportunityWithShift(app, staff, {
      startsAt: inMinutes(60),
      endsAt: inMinutes(120),
      slots: 2,
    });
    const assignment = await read(await signUp(shiftId, v.token), ShiftAssignment);
    await database.db
      .update(volunteerShifts)
      .set({ startsAt: new Date(inMinutes(-300)), endsAt: new Date(inMinutes(-180)) })
      .where(eq(volunteerShifts.id, shiftId));
    await post(app, `/v1/assignments/${assignment.id}/check-in`, { at: inMinutes(-310) }, staff);
    const before = await post(app, `/v1/assignments/${assignment.id}/check-out`, { at: inMinutes(-320) }, staff);
    expect(before.status).toBe(409);
    const out = await post(app, `/v1/assignments/${assignment.id}/check-out`, { at: inMinutes(-150) }, staff);
    expect(out.status).toBe(200);
    // 160 minutes on site, shift 120 minutes: credited 120, more needs a staff entry with a reason.
    expect((await read(out, CheckedOut)).serviceRecord).toMatchObject({ scheduledMinutes: 120, creditedMinutes: 120 });
  });

  it('lists opportunities publicly with filters, and no personal data', async () => {
    const v = await register(app, client, { name: '吴六' });
    await activate(database, [v.id]);
    const a = await opportunityWithShift(app, staff, { startsAt: inMinutes(600), endsAt: inMinutes(660), slots: 1 });
    await opportunityWithShift(app, staff, {
      startsAt: inMinutes(6000),
      endsAt: inMinutes(6060),
      slots: 2,
      requiredSkills: ['first-aid'],
    });
    await signUp(a.shiftId, v.token);
    const all = await app.request('/v1/opportunities');
    expect(all.status).toBe(200);
    const text = await all.text();
    expect(text).not.toContain(v.mobile);
    expect(text).not.toContain('吴六');
    expect(JSON.parse(text).data).toHaveLength(2);
    const open = await read(await app.request('/v1/opportunities?openOnly=true'), OpportunityPage);
    expect(open.data).toHaveLength(1);
    const skilled = await read(await app.request('/v1/opportunities?skill=first-aid'), OpportunityPage);
    expect(skilled.data).toHaveLength(1);
    const soon = await read(
      await app.request(`/v1/opportunities?to=${encodeURIComponent(inMinutes(1000))}`),
      OpportunityPage,
    );
    expect(soon.data.map((o: { id: string }) => o.id)).toEqual([a.opportunityId]);
    const page = await read(await app.request('/v1/opportunities?limit=1'), OpportunityPage);
    expect(page.nextCursor).not.toBeNull();
    const next = await read(await app.request(`/v1/opportunities?limit=1&cursor=${page.nextCursor}`), OpportunityPage);
    expect(next.data[0]?.id).not.toBe(page.data[0]?.id);
    expect((await app.request('/v1/opportunities?cursor=garbage')).status).toBe(400);
    const nanshan = await read(await app.request('/v1/opportunities?district=nanshan'), OpportunityPage);
    expect(nanshan.data).toHaveLength(2);
    expect((await app.request('/v1/opportunities?district=nowhere')).status).toBe(400);
  });

  it('validates shifts and opportunities; only the owning organisation adds shifts and signs volunteers up', async () => {
    const { opportunityId } = await opportunityWithShift(app, staff, {
      startsAt: inMinutes(60),
      endsAt: inMinutes(120),
      slots: 1,
    });
    const backwards = await post(
      app,
      `/v1/opportunities/${opportunityId}/shifts`,
      { startsAt: inMinutes(120), endsAt: inMinutes(60), place: 'x', slots: 1 },
      staff,
    );
    expect(backwards.status).toBe(400);
    expect((await errorOf(backwards)).details?.[0]?.path).toBe('body.endsAt');
    const tooLong = await post(
      app,
      `/v1/opportunities/${opportunityId}/shifts`,
      { startsAt: inMinutes(60), endsAt: inMinutes(60 + 25 * 60), place: 'x', slots: 1 },
      staff,
    );
    expect(tooLong.status).toBe(400);
    expect((await errorOf(tooLong)).message).toContain('24 hours');
    const foreign = await post(
      app,
      `/v1/opportunities/${opportunityId}/shifts`,
      { startsAt: inMinutes(60), endsAt: inMinutes(120), place: 'x', slots: 1 },
      otherOrgStaff,
    );
    expect(foreign.status).toBe(403);
    const v = await register(app, client);
    await activate(database, [v.id]);
    const shift = await opportunityWithShift(app, staff, {
      startsAt: inMinutes(600),
      endsAt: inMinutes(660),
      slots: 1,
    });
    const byOther = await post(app, `/v1/shifts/${shift.shiftId}/assignments`, { volunteerId: v.id }, otherOrgStaff);
    expect(byOther.status).toBe(403);
    const byOwner = await post(app, `/v1/shifts/${shift.shiftId}/assignments`, { volunteerId: v.id }, staff);
    expect(byOwner.status).toBe(201);
    const unknownEvent = await post(
      app,
      '/v1/opportunities',
      { title: 'x', district: '南山区', eventId: 'evt_nope' },
      staff,
    );
    expect(unknownEvent.status).toBe(400);
    expect((await errorOf(unknownEvent)).details?.[0]?.path).toBe('body.eventId');
  });
});
