import type { EventPage, RecommendationList } from '@kepu/sdk/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { createTestDatabase } from '../../test/database.js';
import { recommendEvents } from './recommend.js';
import { eventsTestKit, mobile, shanghai } from './test-fixtures.js';

let database: Database;
let kit: Awaited<ReturnType<typeof eventsTestKit>>;
const ids: Record<string, string> = {};

// One data set for every query below (read-only tests).
beforeAll(async () => {
  database = await createTestDatabase();
  kit = await eventsTestKit(database);
  const make = async (key: string, input: Parameters<typeof kit.createEvent>[0]) => {
    const e = await kit.createEvent(input);
    ids[key] = e.id;
    return e;
  };
  const campaign = await make('campaign', {
    title: '深圳科普月',
    type: 'campaign',
    startsAt: shanghai(1, '09:00'),
    endsAt: shanghai(30, '18:00'),
    registration: { required: false },
  });
  await make('astronomy', {
    title: '天文观测夜：走近月球',
    summary: '用望远镜观察月面环形山',
    type: 'lecture',
    campaignId: campaign.id,
    district: '南山区',
    venueName: '深圳市天文台',
    location: { lat: 22.5364, lng: 113.9322 },
    topics: ['天文'],
    audience: { minAge: 8, maxAge: 14 },
    startsAt: shanghai(3, '19:00'),
    endsAt: shanghai(3, '21:00'),
    capacity: 40,
  });
  const robots = await make('robots', {
    title: '青少年机器人工作坊',
    type: 'workshop',
    district: '福田区',
    venueName: '深圳市科学馆',
    location: { lat: 22.5431, lng: 114.0869 },
    topics: ['人工智能'],
    audience: { minAge: 10, maxAge: 16 },
    priceYuan: 30,
    startsAt: shanghai(5, '14:00'),
    endsAt: shanghai(5, '16:00'),
    capacity: 1,
    registration: { waitlist: false },
  });
  await make('health', {
    title: '老年人健康讲座',
    type: 'lecture',
    district: '福田区',
    topics: ['健康'],
    audience: { minAge: 55 },
    startsAt: shanghai(8, '10:00'),
    endsAt: shanghai(8, '11:30'),
  });
  await make('past', {
    title: '2023 全国科技活动周',
    type: 'campaign',
    startsAt: '2023-05-20T09:00:00+08:00',
    endsAt: '2023-05-27T18:00:00+08:00',
    registration: { required: false },
  });
  // The robots workshop is full.
  await kit.register(robots.id, robots.occurrences[0]?.id as string, { name: '甲', mobile: mobile(1) });
}, 60_000);
afterAll(async () => {
  await database.close();
});

async function list(query: string) {
  const res = await kit.app.request(`/v1/events?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as EventPage;
}
const titles = (page: EventPage) => page.data.map((e) => e.title);

describe('listing events', () => {
  it('lists upcoming events by their next session, with seats left', async () => {
    const page = await list('');
    expect(titles(page)).toEqual(['深圳科普月', '天文观测夜：走近月球', '青少年机器人工作坊', '老年人健康讲座']);
    const robots = page.data.find((e) => e.id === ids.robots);
    expect(robots?.nextOccurrence).toMatchObject({ capacity: 1, seatsTaken: 1, seatsLeft: 0 });
  });

  it.each([
    [`q=${encodeURIComponent('月球 望远镜')}`, ['天文观测夜：走近月球']],
    [`q=${encodeURIComponent('机器人')}`, ['青少年机器人工作坊']],
    [`district=${encodeURIComponent('福田区')}`, ['青少年机器人工作坊', '老年人健康讲座']],
    [`topic=${encodeURIComponent('天文')}`, ['天文观测夜：走近月球']],
    ['type=workshop', ['青少年机器人工作坊']],
    ['audienceAge=60', ['深圳科普月', '老年人健康讲座']],
    ['audienceAge=12&type=lecture', ['天文观测夜：走近月球']],
    [`campaign=${'CAMPAIGN'}`, ['天文观测夜：走近月球']],
    ['near=22.54,113.93,5', ['天文观测夜：走近月球']],
    ['free=false', ['青少年机器人工作坊']],
    ['hasSeats=true&type=workshop', []],
    ['from=2023-01-01T00:00:00%2B08:00&to=2023-12-31T00:00:00%2B08:00', ['2023 全国科技活动周']],
  ])('filters by %s', async (query, expected) => {
    const page = await list(query.replace('CAMPAIGN', ids.campaign as string));
    expect(titles(page)).toEqual(expected);
  });

  it('pages with a cursor without repeating or skipping', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: EventPage = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...titles(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(titles(await list('')));
  });

  it('answers bad filters with 400 naming the parameter', async () => {
    for (const [query, path] of [
      ['near=north', 'query.near'],
      ['from=yesterday', 'query.from'],
      ['cursor=forged', 'query.cursor'],
      ['type=party', 'query.type'],
    ] as const) {
      const res = await kit.app.request(`/v1/events?${query}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { details: [{ path }] } });
    }
  });

  it('shows one event with its sessions and schema.org JSON-LD', async () => {
    const res = await kit.app.request(`/v1/events/${ids.astronomy}`);
    const body = (await res.json()) as { occurrences: unknown[]; jsonLd: Record<string, unknown> };
    expect(body.occurrences).toHaveLength(1);
    expect(body.jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      name: '天文观测夜：走近月球',
      eventStatus: 'https://schema.org/EventScheduled',
      superEvent: { '@id': expect.stringContaining(ids.campaign as string) },
      typicalAgeRange: '8-14',
      isAccessibleForFree: true,
      remainingAttendeeCapacity: 40,
    });
    expect((await kit.app.request('/v1/events/evt_nope')).status).toBe(404);
  });
});

describe('recommendations', () => {
  it('ranks by topic, age and distance, with reasons, and leaves out what a person cannot attend', async () => {
    const res = await kit.app.request(
      `/v1/events/recommendations?age=10&topics=${encodeURIComponent('天文,人工智能')}&near=22.54,113.94`,
    );
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as RecommendationList;
    // The health talk (55+) is out by age; the full robots workshop keeps no waitlist; campaigns are umbrellas.
    expect(data.map((r) => r.event.title)).toEqual(['天文观测夜：走近月球']);
    const kinds = data[0]?.reasons.map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['topic', 'age', 'distance', 'date', 'seats']));
    expect(data[0]?.reasons.find((r) => r.kind === 'topic')?.text).toContain('天文');
    expect(data[0]?.distanceKm).toBeLessThan(2);
  });

  it('is a service the assistant can call, ranking nearer and better-matching events first', async () => {
    const results = await recommendEvents(database.db, { district: '福田区', limit: 5 }, { timeZone: 'Asia/Shanghai' });
    expect(results.map((r) => r.event.title)).toEqual(['老年人健康讲座', '天文观测夜：走近月球']);
    expect(results[0]?.reasons.map((r) => r.kind)).toContain('district');
  });
});

describe('statistics', () => {
  it('needs stats:read and counts registrations by district, type and month', async () => {
    expect((await kit.app.request('/v1/stats/events')).status).toBe(401);
    const res = await kit.app.request('/v1/stats/events', { headers: kit.staffHeaders });
    expect(res.status).toBe(200);
    const stats = (await res.json()) as {
      totals: { events: number; registrations: number };
      byDistrict: { key: string; registrations: number }[];
      byType: { key: string; events: number }[];
    };
    expect(stats.totals).toMatchObject({ events: 3, registrations: 1 });
    expect(stats.byDistrict.find((d) => d.key === '福田区')).toMatchObject({ registrations: 1 });
    expect(stats.byType.find((t) => t.key === 'lecture')).toMatchObject({ events: 2 });
  });
});
