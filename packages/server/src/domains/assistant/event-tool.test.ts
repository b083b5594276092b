import { findAgeHint, findDistrict, findTimeWindow } from '@kepu/assistant';
import { ChatResponse } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { events } from '../../db/schema/events.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey } from '../../test/database.js';
import { findEventsByTopic, findEventsForQuestion, topicWords } from './event-tool.js';

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

/** A local date `days` from now in Shanghai (YYYY-MM-DD). */
const localDay = (days: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

/** Monday of next week in Shanghai, as days from today (1–7). */
function daysToNextMonday(): number {
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(new Date());
  return (8 - ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekday)) % 7 || 7;
}

describe('a topic the calendar does not have (天文观测 vs a weather open day sharing 观测)', () => {
  const createEvent = async (title: string, summary: string, topics: string[], day: string) => {
    const { app } = createTestApp(database);
    const { auth } = await createTestKey(database, { scopes: ['events:write'] });
    const res = await app.request('/v1/events', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        title,
        summary,
        topics,
        type: 'tour',
        district: '福田区',
        startsAt: `${day}T10:00:00+08:00`,
        endsAt: `${day}T11:30:00+08:00`,
      }),
    });
    expect(res.status).toBe(201);
  };
  const chat = async (content: string, lang?: 'en') => {
    const { app } = createTestApp(database, { KEPU_RATE_LIMIT_STORE: 'off' });
    const { auth } = await createTestKey(database);
    const res = await app.request('/v1/assistant/chat', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content }], ...(lang ? { context: { lang } } : {}) }),
    });
    expect(res.status).toBe(200);
    return ChatResponse.parse(await res.json());
  };

  it('says the topic was not found, offers partly related events only as labelled alternatives, then other dates', async () => {
    const now = new Date();
    // Wednesday of next week: inside 下周 whatever today is.
    await createEvent(
      '台风与暴雨：气象开放日',
      '参观气象观测场，学习防台防汛知识。',
      ['气象'],
      localDay(daysToNextMonday() + 2),
    );
    const question = '下周有天文观测活动吗';
    const window = findTimeWindow(question, now);
    const found = await findEventsByTopic(
      database.db,
      { text: question, from: window?.from, to: window?.to, limit: 3 },
      { timeZone: 'Asia/Shanghai', now },
    );
    expect(found.events).toEqual([]);
    expect(found.missedTopic).toBe('天文观测');
    expect(found.alternativesAre).toBe('related_topic');
    expect(found.alternatives.map((a) => a.card.title)).toEqual(['台风与暴雨：气象开放日']);

    const answer = await chat(question);
    expect(answer.answer).toContain('没有找到下周与“天文观测”相关的已发布活动');
    expect(answer.answer).toContain('只与问题部分相关');
    expect(answer.answer).not.toContain('为你找到');

    // The same topic after the window (15 days on is past any 下周): offered as the topic on other dates.
    await createEvent('冬季星座观测夜', '用望远镜观察猎户座星云。', ['天文'], localDay(15));
    const later = await chat(question);
    expect(later.answer).toContain('没有找到下周与“天文观测”相关的已发布活动。其他时间有这些相关活动');
    expect(later.cards.map((c) => (c.type === 'event' ? c.title : c.type))).toEqual(['冬季星座观测夜']);
    const english = await chat(question, 'en');
    expect(english.answer).toContain(
      'I found no published event about “天文观测” next week. These related events are on other dates',
    );

    // A 天文 event worded differently (观星, not 观测) is about 天文观测: 天文 names a taxonomy topic.
    await createEvent('周末天文观星夜', '用望远镜看土星光环。', ['天文'], localDay(daysToNextMonday() + 3));
    const worded = await chat(question);
    expect(worded.answer).toContain('为你找到下周的这些活动');
    expect(worded.cards.map((c) => (c.type === 'event' ? c.title : c.type))).toEqual(['周末天文观星夜']);
    const { db } = database;
    await db.update(events).set({ status: 'cancelled' }).where(eq(events.title, '周末天文观星夜'));

    // A question that names the topic without a window finds the event itself.
    const direct = await chat('有天文观测活动吗');
    expect(direct.answer).toContain('为你找到近期的这些活动');
    expect(direct.cards.map((c) => (c.type === 'event' ? c.title : c.type))).toEqual(['冬季星座观测夜']);

    // A procedure question naming no event is not answered with the calendar (this database has no FAQ).
    const cancel = await chat('报名了科普活动去不了，怎么取消报名？');
    expect(cancel.cards).toEqual([]);
    expect(cancel.answer).toMatch(/^抱歉，我在已发布的科普资料里没有找到能回答这个问题的内容/);
  });

  it('reads an English topic through the taxonomy and keeps an unknown one as an honest miss', async () => {
    expect(topicWords('Any astronomy events this month?')).toEqual(['天文']);
    expect(topicWords('Are there quantum workshops for kids in Nanshan?')).toEqual(['quantum']);
    expect(topicWords('有关于人工智能的讲座吗')).toEqual(['人工智能', '讲座']);
  });
});
