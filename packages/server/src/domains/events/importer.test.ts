import type { ImportReport } from '@kepu/sdk/schema';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { eventOccurrences, events } from '../../db/schema/events.js';
import { createTestDatabase, resetDatabase } from '../../test/database.js';
import { eventsTestKit } from './test-fixtures.js';

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

const year = new Date().getUTCFullYear() + 1;

function upload(body: string, contentType: string, query = '') {
  return kit.app.request(`/v1/events/import${query}`, {
    method: 'POST',
    headers: { ...kit.staff.auth, 'content-type': contentType },
    body,
  });
}

const CSV = [
  '编号,标题,类型,开始时间,结束时间,地点,所属区,主题,适宜年龄,名额,简介,重复规则,例外日期',
  `A1,周末科普课堂,课堂,${year}-03-06 14:30,${year}-03-06 16:00,深圳市科学馆,福田区,物理、化学,6-12,30,亲子实验课,FREQ=WEEKLY;BYDAY=SA;COUNT=4,${year}-03-13`,
  `A2,院士专家巡讲,讲座,${year}-03-10 19:00,${year}-03-10 21:00,深圳图书馆,福田区,航天,12岁以上,200,,,`,
].join('\n');

describe('importing events', () => {
  it('imports Chinese-labelled CSV in local time, with recurrence and exception dates, and re-imports idempotently', async () => {
    const res = await upload(CSV, 'text/csv');
    expect(res.status).toBe(200);
    const report = (await res.json()) as ImportReport;
    expect(report).toMatchObject({ written: true, created: 2, updated: 0 });

    const rows = await database.db.select().from(events).orderBy(asc(events.externalId));
    expect(rows.map((r) => [r.externalId, r.type, r.minAge, r.maxAge, r.capacity])).toEqual([
      ['A1', 'class', 6, 12, 30],
      ['A2', 'lecture', 12, null, 200],
    ]);
    expect(rows[0]?.startsAt.toISOString()).toBe(`${year}-03-06T06:30:00.000Z`); // 14:30 in Shanghai
    const sessions = await database.db
      .select()
      .from(eventOccurrences)
      .where(eq(eventOccurrences.eventId, rows[0]?.id as string));
    expect(sessions).toHaveLength(3); // 4 Saturdays minus the exception date

    const again = (await (await upload(CSV, 'text/csv')).json()) as ImportReport;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = (await (
      await upload(CSV.replace('亲子实验课', '亲子实验课（新）'), 'text/csv')
    ).json()) as ImportReport;
    expect(changed).toMatchObject({ updated: 1, unchanged: 1 });
    const [a1] = await database.db.select().from(events).where(eq(events.externalId, 'A1'));
    expect(a1?.sequence).toBe(1);
  });

  it('reports every bad row with its column and writes nothing (all-or-nothing)', async () => {
    const bad = [
      'title,type,startsAt,endsAt,capacity,rrule,所属区',
      `好的讲座,lecture,${year}-04-01T10:00:00+08:00,${year}-04-01T11:00:00+08:00,10,,南山`,
      `倒序,讲座,${year}-04-01 12:00,${year}-04-01 11:00,10,,`,
      `不停,课堂,${year}-04-04 10:00,${year}-04-04 11:00,10,FREQ=WEEKLY,`,
      `怪类型,派对,${year}-04-01 10:00,${year}-04-01 11:00,10,,`,
      `怪名额,讲座,${year}-04-01 10:00,${year}-04-01 11:00,ten,,`,
      `火星,讲座,${year}-04-01 10:00,${year}-04-01 11:00,10,,火星区`,
    ].join('\n');
    const res = await upload(bad, 'text/csv');
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: { path: string; message: string }[] } };
    const paths = body.error.details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['rows.3.endsAt', 'rows.4.rrule', 'rows.5.type', 'rows.6.capacity', 'rows.7.district']),
    );
    expect(body.error.details.find((d) => d.path === 'rows.4.rrule')?.message).toContain('never ends');
    const [count] = await database.db.select({ n: sql<number>`count(*)::int` }).from(events);
    expect(count?.n).toBe(0);

    const skipped = (await (await upload(bad, 'text/csv', '?mode=skip-invalid')).json()) as ImportReport;
    expect(skipped).toMatchObject({ written: true, created: 1 });
  });

  it('reads JSONL with English field names and links the campaign by title', async () => {
    const lines = [
      {
        externalId: 'C',
        title: '深圳科普月',
        type: 'campaign',
        startsAt: `${year}-09-01 09:00`,
        endsAt: `${year}-09-30 18:00`,
      },
      {
        externalId: 'C1',
        title: '科普月开幕式',
        type: 'exhibition',
        startsAt: `${year}-09-01 10:00`,
        endsAt: `${year}-09-01 12:00`,
        campaign: '深圳科普月',
        venue: '市民中心',
        topics: ['科学素质'],
      },
    ];
    const res = await upload(lines.map((l) => JSON.stringify(l)).join('\n'), 'application/x-ndjson');
    expect(res.status).toBe(200);
    const [child] = await database.db.select().from(events).where(eq(events.externalId, 'C1'));
    const [parent] = await database.db.select().from(events).where(eq(events.externalId, 'C'));
    expect(child?.campaignId).toBe(parent?.id);
    expect(child?.venueName).toBe('市民中心');
  });
});
