import { findAgeHint, findDistrict, findTimeWindow } from '@kepu/assistant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey } from '../../test/database.js';
import { findEventsForQuestion } from './event-tool.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** 10:00 on the next Sunday in Shanghai (a week on if today is Sunday), and the Saturday after it (YYYY-MM-DD). */
function comingSunday() {
  const day = (d: Date) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(d);
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(new Date());
  const ahead = 7 - ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekday);
  const now = new Date(`${day(new Date(Date.now() + ahead * 86_400_000))}T10:00:00+08:00`);
  return { now, saturday: day(new Date(now.getTime() + 6 * 86_400_000)) };
}

/** The question's slots as the engine extracts them, then the event tool. */
async function ask(text: string, now: Date) {
  const window = findTimeWindow(text, now);
  return findEventsForQuestion(
    database.db,
    { text, district: findDistrict(text), age: findAgeHint(text), from: window?.from, to: window?.to, limit: 3 },
    { timeZone: 'Asia/Shanghai', now },
  );
}

describe('events for a question', () => {
  it('does not take the district, an age or single characters for the topic', async () => {
    const { app } = createTestApp(database);
    const { auth } = await createTestKey(database, { scopes: ['events:write'] });
    // Asked on a Sunday (the next one, so the event is in the future whenever the test runs): 下周末 is then the
    // coming Saturday and Sunday.
    const { now, saturday } = comingSunday();
    const created = await app.request('/v1/events', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: '亲子科学实验课',
        type: 'class',
        district: '南山区',
        audience: { minAge: 6, maxAge: 12 },
        startsAt: `${saturday}T14:30:00+08:00`,
        endsAt: `${saturday}T16:00:00+08:00`,
      }),
    });
    expect(created.status).toBe(201);
    const found = await ask('下周末南山区有适合9岁孩子的活动吗？', now);
    expect(found.map((f) => f.card.title)).toEqual(['亲子科学实验课']);
    // A topic the calendar does not have still finds nothing.
    expect(await ask('下周末南山区有天文观测活动吗？', now)).toEqual([]);
  });
});
