import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { createTestDatabase, resetDatabase } from '../../test/database.js';
import { eventsTestKit, shanghai } from './test-fixtures.js';

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

/** Parses an iCalendar text with ical.js (an independent implementation) and registers its VTIMEZONEs. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return { calendar, vevents: calendar.getAllSubcomponents('vevent') };
}

function saturday(days = 3): string {
  for (let d = days; d < days + 7; d++) {
    const iso = shanghai(d);
    if (new Date(iso).getUTCDay() === 6) return iso;
  }
  throw new Error('unreachable');
}

async function ics(path: string) {
  const res = await kit.app.request(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/calendar');
  return res.text();
}

describe('iCalendar', () => {
  it('a recurring event round-trips: UID, RRULE, EXDATE, moved session, and the same instants as the API', async () => {
    const first = saturday();
    const week = (n: number) => new Date(Date.parse(first) + n * 7 * 86_400_000).toISOString();
    const event = await kit.createEvent({
      title: '周末科普课堂',
      type: 'class',
      venueName: '深圳市科学馆',
      address: '福田区上步中路1003号',
      location: { lat: 22.5431, lng: 114.0869 },
      startsAt: first,
      endsAt: first.replace('14:30', '16:00'),
      capacity: 20,
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=5', exdates: [week(1)] },
      overrides: [{ originalStartsAt: week(2), startsAt: new Date(Date.parse(week(2)) + 3_600_000).toISOString() }],
    });
    const text = await ics(`/v1/events/${event.id}.ics`);
    const { vevents } = parse(text);
    expect(vevents).toHaveLength(2); // the series and the moved session
    const [master, moved] = vevents as [ICAL.Component, ICAL.Component];
    expect(master.getFirstPropertyValue('uid')).toBe(`${event.id}@kepu.example.org`);
    expect(moved.getFirstPropertyValue('uid')).toBe(`${event.id}@kepu.example.org`);
    expect(master.getFirstPropertyValue('sequence')).toBe(0);
    expect(master.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Shanghai');
    const rule = master.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect([rule.freq, rule.count, rule.parts.BYDAY]).toEqual(['WEEKLY', 5, ['SA']]);
    expect(master.getFirstProperty('exdate')?.getParameter('tzid')).toBe('Asia/Shanghai');
    expect(master.getFirstPropertyValue('summary')).toBe('周末科普课堂');

    // Expand with ical.js (its own RRULE engine, EXDATE and RECURRENCE-ID handling) and compare with the API.
    const series = new ICAL.Event(master);
    series.relateException(new ICAL.Event(moved));
    const iterator = series.iterator();
    const starts: string[] = [];
    for (let next = iterator.next(); next; next = iterator.next()) {
      starts.push(series.getOccurrenceDetails(next).startDate.toJSDate().toISOString());
    }
    const apiStarts = event.occurrences.map((o) => new Date(o.startsAt).toISOString());
    expect(starts).toEqual(apiStarts);
    expect(starts).toHaveLength(4);
  });

  it('bumps SEQUENCE on change and says STATUS:CANCELLED when cancelled', async () => {
    const event = await kit.createEvent({ title: '院士讲座', startsAt: shanghai(4), endsAt: shanghai(4, '16:00') });
    const before = parse(await ics(`/v1/events/${event.id}.ics`)).vevents[0] as ICAL.Component;
    expect(before.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(new Date(String(before.getFirstPropertyValue('dtstart'))).toString()).not.toBe('Invalid Date');
    await kit.app.request(`/v1/events/${event.id}`, {
      method: 'PATCH',
      headers: kit.staffHeaders,
      body: JSON.stringify({ status: 'cancelled' }),
    });
    const after = parse(await ics(`/v1/events/${event.id}.ics`)).vevents[0] as ICAL.Component;
    expect(after.getFirstPropertyValue('uid')).toBe(before.getFirstPropertyValue('uid'));
    expect(after.getFirstPropertyValue('sequence')).toBe(1);
    expect(after.getFirstPropertyValue('status')).toBe('CANCELLED');
    const start = (after.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString();
    expect(start).toBe(new Date(shanghai(4)).toISOString());
  });

  it('the feed honours the list filters and answers 404 for an unknown event', async () => {
    await kit.createEvent({
      title: '天文观测夜',
      district: '南山区',
      startsAt: shanghai(4),
      endsAt: shanghai(4, '16:00'),
    });
    await kit.createEvent({
      title: '机器人工作坊',
      district: '福田区',
      startsAt: shanghai(5),
      endsAt: shanghai(5, '16:00'),
    });
    const all = parse(await ics('/v1/events.ics')).vevents.map((v) => v.getFirstPropertyValue('summary'));
    expect(all.sort()).toEqual(['天文观测夜', '机器人工作坊'].sort());
    const nanshan = parse(await ics(`/v1/events.ics?district=${encodeURIComponent('南山区')}`)).vevents;
    expect(nanshan.map((v) => v.getFirstPropertyValue('summary'))).toEqual(['天文观测夜']);
    expect((await kit.app.request('/v1/events/evt_missing.ics')).status).toBe(404);
  });
});
