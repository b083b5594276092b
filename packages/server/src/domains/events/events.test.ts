import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { eventOccurrences, registrations } from '../../db/schema/events.js';
import { registryResources } from '../../db/schema/registry.js';
import { createTestDatabase, resetDatabase } from '../../test/database.js';
import { eventsTestKit, mobile, shanghai } from './test-fixtures.js';

let database: Database;
let kit: Awaited<ReturnType<typeof eventsTestKit>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  kit = await eventsTestKit(database);
});

const post = (body: unknown) =>
  kit.app.request('/v1/events', { method: 'POST', headers: kit.staffHeaders, body: JSON.stringify(body) });

/** The next Saturday at least `days` ahead, 14:30 Shanghai. */
function saturday(days = 3): string {
  for (let d = days; d < days + 7; d++) {
    const iso = shanghai(d);
    if (new Date(iso).getUTCDay() === 6) return iso;
  }
  throw new Error('unreachable');
}

describe('creating events', () => {
  it('needs events:write', async () => {
    const res = await kit.app.request('/v1/events', {
      method: 'POST',
      headers: kit.citizenHeaders,
      body: JSON.stringify({ title: 'x', type: 'lecture', startsAt: shanghai(3), endsAt: shanghai(3, '16:00') }),
    });
    expect(res.status).toBe(403);
  });

  it('refuses an end before the start, naming the field', async () => {
    const res = await post({
      title: '讲座',
      type: 'lecture',
      startsAt: shanghai(3, '16:00'),
      endsAt: shanghai(3, '14:00'),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request', details: [{ path: 'body.endsAt' }] } });
  });

  it.each([
    ['FREQ=WEEKLY;BYDAY=SA', 'never ends'],
    ['FREQ=SOMETIMES;COUNT=3', 'FREQ'],
    ['NOT A RULE', 'does not parse'],
    ['FREQ=WEEKLY;BYDAY=XX;COUNT=3', 'BYDAY'],
    ['FREQ=DAILY;COUNT=5000', 'COUNT'],
  ])('refuses the RRULE %s', async (rrule, message) => {
    const res = await post({
      title: '科普课堂',
      type: 'class',
      startsAt: saturday(),
      endsAt: saturday().replace('14:30', '16:00'),
      recurrence: { rrule },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; details: { path: string }[] } };
    expect(body.error.message).toContain(message);
    expect(body.error.details[0]?.path).toBe('body.recurrence.rrule');
  });

  it('materialises a weekly series in local time, minus EXDATEs, with per-session overrides', async () => {
    const first = saturday();
    const firstDate = new Date(first);
    const week = (n: number) => new Date(firstDate.getTime() + n * 7 * 86_400_000);
    const event = (await (
      await post({
        title: '周末科普课堂',
        type: 'class',
        startsAt: first,
        endsAt: first.replace('14:30', '16:00'),
        capacity: 30,
        recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=6', exdates: [week(1).toISOString()] },
        overrides: [
          {
            originalStartsAt: week(2).toISOString(),
            startsAt: new Date(week(2).getTime() + 3_600_000).toISOString(),
            capacity: 10,
          },
          { originalStartsAt: week(3).toISOString(), cancelled: true },
        ],
      })
    ).json()) as {
      id: string;
      occurrences: { startsAt: string; capacity: number; status: string; recurrenceId: string }[];
    };
    expect(event.occurrences).toHaveLength(5); // 6 minus the EXDATE
    expect(event.occurrences.map((o) => o.startsAt.slice(11))).toEqual([
      '14:30:00+08:00',
      '15:30:00+08:00',
      '14:30:00+08:00',
      '14:30:00+08:00',
      '14:30:00+08:00',
    ]);
    expect(event.occurrences.map((o) => o.capacity)).toEqual([30, 10, 30, 30, 30]);
    expect(event.occurrences.map((o) => o.status)).toEqual([
      'scheduled',
      'scheduled',
      'cancelled',
      'scheduled',
      'scheduled',
    ]);
  });

  it('refuses a start that is not the first session of its rule', async () => {
    const friday = new Date(new Date(saturday()).getTime() - 86_400_000).toISOString();
    const res = await post({
      title: '课堂',
      type: 'class',
      startsAt: friday,
      endsAt: new Date(Date.parse(friday) + 3_600_000).toISOString(),
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=3' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: 'body.startsAt' }] } });
  });
});

describe('venues from the registry', () => {
  it('takes the place of a registry venue by id, refuses an unknown id, and moves with a new venue', async () => {
    const venue = (id: string, name: string, district: string, lat: number) => ({
      id,
      kind: 'venue',
      status: 'published',
      name,
      normalizedName: name,
      description: '科普场馆',
      address: `${name}地址`,
      district,
      lat,
      lng: 114,
    });
    await database.db
      .insert(registryResources)
      .values([venue('res_a', '深圳市科学馆', 'futian', 22.54), venue('res_b', '深圳自然博物馆', 'pingshan', 22.69)]);
    const res = await post({
      title: '讲座',
      type: 'lecture',
      venueId: 'res_a',
      startsAt: shanghai(3),
      endsAt: shanghai(3, '16:00'),
    });
    expect(res.status).toBe(201);
    const event = (await res.json()) as { id: string };
    expect(event).toMatchObject({
      venueId: 'res_a',
      venueName: '深圳市科学馆',
      district: '福田区',
      location: { lat: 22.54 },
    });

    const unknown = await post({
      title: '讲座',
      type: 'lecture',
      venueId: 'res_zz',
      startsAt: shanghai(3),
      endsAt: shanghai(3, '16:00'),
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { details: [{ path: 'body.venueId' }] } });

    const moved = await kit.app.request(`/v1/events/${event.id}`, {
      method: 'PATCH',
      headers: kit.staffHeaders,
      body: JSON.stringify({ venueId: 'res_b' }),
    });
    expect(await moved.json()).toMatchObject({
      venueName: '深圳自然博物馆',
      district: '坪山区',
      address: '深圳自然博物馆地址',
    });
  });

  it('refuses a district outside the taxonomy profile, listing the allowed ones', async () => {
    const res = await post({
      title: '讲座',
      type: 'lecture',
      district: '火星区',
      startsAt: shanghai(3),
      endsAt: shanghai(3, '16:00'),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { details: [{ path: 'body.district', message: expect.stringContaining('福田区 (futian)') }] },
    });
  });
});

describe('changing events', () => {
  it('bumps SEQUENCE, keeps session ids and registrations, and refuses capacity below seats taken', async () => {
    const first = saturday();
    const event = await kit.createEvent({
      type: 'class',
      startsAt: first,
      endsAt: first.replace('14:30', '16:00'),
      capacity: 5,
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=3', exdates: [] },
    });
    const occ = event.occurrences[0]?.id as string;
    for (let i = 0; i < 3; i++)
      expect((await kit.register(event.id, occ, { name: `人${i}`, mobile: mobile(i) })).status).toBe(201);

    const patch = (body: unknown) =>
      kit.app.request(`/v1/events/${event.id}`, {
        method: 'PATCH',
        headers: kit.staffHeaders,
        body: JSON.stringify(body),
      });
    const tooSmall = await patch({ capacity: 2 });
    expect(tooSmall.status).toBe(409);
    expect(await tooSmall.json()).toMatchObject({ error: { message: expect.stringContaining('below the 3 seats') } });

    const renamed = (await (await patch({ title: '周末科普课堂（新）', capacity: 8 })).json()) as {
      sequence: number;
      occurrences: { id: string; capacity: number }[];
    };
    expect(renamed.sequence).toBe(1);
    expect(renamed.occurrences.map((o) => o.id)).toEqual(event.occurrences.map((o) => o.id));
    expect(renamed.occurrences.map((o) => o.capacity)).toEqual([8, 8, 8]);

    // Shortening the series: the session with registrations is kept as cancelled, empty ones are deleted.
    const shorter = (await (
      await patch({ recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=2', exdates: [event.occurrences[0]?.startsAt] } })
    ).json()) as { sequence: number; occurrences: { id: string; status: string }[] };
    expect(shorter.sequence).toBe(2);
    expect(shorter.occurrences.map((o) => [o.id, o.status])).toEqual([
      [occ, 'cancelled'],
      [event.occurrences[1]?.id, 'scheduled'],
    ]);
    const kept = await database.db.select().from(registrations).where(eq(registrations.occurrenceId, occ));
    expect(kept).toHaveLength(3);
  });

  it('cancelling an event stops registration with 409 and says why', async () => {
    const event = await kit.createEvent({ startsAt: shanghai(3), endsAt: shanghai(3, '16:00'), capacity: 5 });
    await kit.app.request(`/v1/events/${event.id}`, {
      method: 'PATCH',
      headers: kit.staffHeaders,
      body: JSON.stringify({ status: 'cancelled' }),
    });
    const res = await kit.register(event.id, event.occurrences[0]?.id as string, { name: '张三', mobile: mobile(1) });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: 'conflict', message: expect.stringContaining('cancelled') },
    });
  });

  it("another organisation's key may not change the event", async () => {
    const event = await kit.createEvent({ startsAt: shanghai(3), endsAt: shanghai(3, '16:00') });
    const { createTestKey } = await import('../../test/database.js');
    const other = await createTestKey(database, { scopes: ['events:write'] });
    const res = await kit.app.request(`/v1/events/${event.id}`, {
      method: 'PATCH',
      headers: { ...other.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: '改名' }),
    });
    expect(res.status).toBe(403);
  });
});

describe('registration rules', () => {
  it.each([
    ['an invalid mobile', { name: '张三', mobile: '12345' }, 400, 'body.mobile'],
    ['a minor without guardian', { name: '小明', mobile: mobile(1), age: 9 }, 400, 'body.guardian'],
    ['a party above the limit', { name: '张三', mobile: mobile(1), partySize: 6 }, 400, 'body.partySize'],
    [
      'a team for a lecture',
      { name: '张三', mobile: mobile(1), team: { name: 't', school: 's', members: [{ name: 'a' }] } },
      400,
      'body.team',
    ],
  ])('refuses %s', async (_, body, status, path) => {
    const event = await kit.createEvent({ startsAt: shanghai(3), endsAt: shanghai(3, '16:00'), capacity: 5 });
    const res = await kit.register(event.id, event.occurrences[0]?.id as string, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { details: [{ path }] } });
  });

  it('answers 404 for an unknown session', async () => {
    const event = await kit.createEvent({ startsAt: shanghai(3), endsAt: shanghai(3, '16:00') });
    const res = await kit.register(event.id, 'occ_nope', { name: '张三', mobile: mobile(1) });
    expect(res.status).toBe(404);
  });

  it('refuses past sessions, closed and not-yet-open windows with 409 and the reason', async () => {
    const past = await kit.createEvent({
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const r1 = await kit.register(past.id, past.occurrences[0]?.id as string, { name: '张三', mobile: mobile(1) });
    expect(r1.status).toBe(409);
    expect(await r1.json()).toMatchObject({ error: { message: expect.stringContaining('already started') } });

    const closing = await kit.createEvent({
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      registration: { closesMinutesBeforeStart: 120 },
    });
    const r2 = await kit.register(closing.id, closing.occurrences[0]?.id as string, {
      name: '张三',
      mobile: mobile(1),
    });
    expect(r2.status).toBe(409);
    expect(await r2.json()).toMatchObject({ error: { message: expect.stringContaining('closed at') } });

    const later = await kit.createEvent({
      startsAt: shanghai(10),
      endsAt: shanghai(10, '16:00'),
      registration: { opensAt: shanghai(5) },
    });
    const r3 = await kit.register(later.id, later.occurrences[0]?.id as string, { name: '张三', mobile: mobile(1) });
    expect(r3.status).toBe(409);
    expect(await r3.json()).toMatchObject({ error: { message: expect.stringContaining('opens at') } });
  });

  it('takes team entries for competitions: one slot per team, categories and team size checked', async () => {
    const event = await kit.createEvent({
      title: '青少年机器人比赛',
      type: 'competition',
      startsAt: shanghai(20, '09:00'),
      endsAt: shanghai(20, '17:00'),
      capacity: 2,
      competition: { categories: ['小学组', '初中组'], minTeamSize: 2, maxTeamSize: 4 },
    });
    const occ = event.occurrences[0]?.id as string;
    const team = (name: string, category = '小学组', members = 3) => ({
      name,
      school: '深圳市实验学校',
      category,
      members: Array.from({ length: members }, (_, i) => ({ name: `队员${i}`, grade: '五年级' })),
    });
    const bad = await kit.register(event.id, occ, { name: '领队', mobile: mobile(1), team: team('A', '高中组') });
    expect(bad.status).toBe(400);
    const tooBig = await kit.register(event.id, occ, { name: '领队', mobile: mobile(1), team: team('A', '小学组', 5) });
    expect(tooBig.status).toBe(400);
    const missing = await kit.register(event.id, occ, { name: '领队', mobile: mobile(1) });
    expect(missing.status).toBe(400);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await kit.register(event.id, occ, { name: `领队${i}`, mobile: mobile(i), team: team(`队${i}`) });
      const body = (await res.json()) as {
        status: string;
        seats: number;
        partySize: number;
        team: { members: { name: string }[] };
      };
      statuses.push(body.status);
      expect(body).toMatchObject({ seats: 1, partySize: 3 });
      expect(body.team.members[0]?.name).toBe('队**');
    }
    expect(statuses).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    const [o] = await database.db.select().from(eventOccurrences).where(eq(eventOccurrences.id, occ));
    expect(o?.seatsTaken).toBe(2);
  });
});
