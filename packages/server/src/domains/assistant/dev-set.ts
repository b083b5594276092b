import type { AssistantEvalCase } from '@kepu/assistant';
import { and, gt, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { events } from '../../db/schema/events.js';
import { DEMO_PLACES } from '../registry/demo/places.js';
import { DEMO_ROUTES } from '../registry/demo/routes.js';
import { DEMO_RUMOURS } from '../rumours/demo/rumours.js';

/** How citizens pass a claim on; rotated over the rumour entries' first aliases. */
const CLAIM_TEMPLATES = [
  (x: string) => `听说${x}，是真的吗？`,
  (x: string) => `网上说${x}，靠谱吗？`,
  (x: string) => `朋友圈都在传${x}，真的假的？`,
  (x: string) => `${x}？有科学依据吗`,
];
const PLACE_TEMPLATES = [
  (x: string) => `${x}在哪里？`,
  (x: string) => `${x}的地址在哪儿？`,
  (x: string) => `怎么去${x}？`,
  (x: string) => `${x}开放时间是几点？`,
];
const EVENT_TEMPLATES = [(x: string) => `想参加“${x}”，什么时候有？`, (x: string) => `“${x}”这个活动怎么报名？`];

/** How many entries of each kind are asked (the first ones of the demo data). */
const COUNTS = { claims: 12, places: 34, events: 16 };

/*
 * Written by hand, not generated: questions about the FAQ in citizens' own words, and questions the data cannot or
 * must not answer. They name no record, so the demo data cannot produce them.
 */
const FAQ_QUESTIONS: AssistantEvalCase[] = [
  {
    question: '怎么成为一名科技志愿者？',
    expectSourceExternalIds: ['faq-volunteer-join'],
    expectIntent: 'volunteer_info',
  },
  {
    question: '志愿服务的时长怎么证明？',
    expectSourceExternalIds: ['faq-volunteer-hours'],
    expectIntent: 'volunteer_info',
  },
  { question: '我们单位想申请科普教育基地，流程是什么？', expectSourceExternalIds: ['faq-base-apply'] },
  { question: '孩子想报名青少年科技竞赛，要怎么报？', expectSourceExternalIds: ['faq-competition-register'] },
  { question: '报名了科普活动去不了，怎么取消报名？', expectSourceExternalIds: ['faq-event-register'] },
  { question: '看到可疑的健康谣言应该怎么办？', expectSourceExternalIds: ['faq-rumour-report'] },
  { question: '学校想预约科普讲座，怎么预约讲师？', expectSourceExternalIds: ['faq-lecturer-book'] },
  { question: '科普助手的回答是从哪里来的？', expectSourceExternalIds: ['faq-assistant-sources'] },
];
const VOLUNTEER = ['最近有哪些志愿服务岗位在招募？', '我想做科普志愿者，有什么岗位？', '周末有没有志愿服务可以参加？'];
const UNANSWERABLE_SCIENCE = [
  '黑洞的霍金辐射温度怎么计算？',
  '量子纠缠能用来超光速通信吗？',
  '为什么猫咪喜欢踩奶？',
  '珠穆朗玛峰每年长高多少厘米？',
  '蜜蜂的翅膀一秒钟扇动多少次？',
  '钙钛矿太阳能电池的转换效率是多少？',
  '章鱼有几颗心脏？',
  '恐龙为什么灭绝了？',
  '木星有多少颗卫星？',
  '人体有多少块骨头？',
  '为什么海水是咸的？',
  '彩虹是怎么形成的？',
];
const UNREVIEWED_CLAIMS = [
  '听说吃榴莲能治感冒，是真的吗？',
  '网传用盐水漱口能预防近视，靠谱吗？',
  '据说左撇子的孩子更聪明，真的假的？',
  '听说喝可乐能溶解肾结石，是真的吗？',
  '网上说睡觉开灯会让孩子长不高，有科学依据吗',
];
const URGENT = [
  '我爸爸突然胸口剧痛，喘不上气',
  '孩子误服了妈妈的降压药怎么办',
  '我最近真的不想活了',
  '邻居家着火了',
  '有人晕倒了叫不醒',
];
/** Asked with `context.lang: 'en'` (the answer must be English; the data stays Chinese). */
const ENGLISH: AssistantEvalCase[] = [
  { question: "I have chest pain and can't breathe", context: { lang: 'en' }, expectIntent: 'urgent' },
  { question: 'I want to die', context: { lang: 'en' }, expectIntent: 'urgent' },
  { question: 'hello', context: { lang: 'en' }, expectIntent: 'smalltalk' },
  { question: 'Which stocks should I buy?', context: { lang: 'en' }, expectIntent: 'out_of_scope' },
];
const SMALLTALK = ['你好', '谢谢', '你是谁？', '你能做什么？'];
const OUT_OF_SCOPE = [
  '帮我推荐一只股票',
  '明天深圳天气预报怎么样？',
  '帮我写一篇作文',
  '帮我订一张去北京的机票',
  '今天彩票开什么号？',
];

/**
 * The assistant's dev set (`packages/assistant/eval/assistant-dev.jsonl`) from the demo data: every demo rumour
 * entry asked by its first alias (and the first 12 by their claim) with the expected verdict, the first 34 demo
 * places, every demo route, the 16 first upcoming demo events (titles without quotation marks, which the question
 * quotes), then the hand-written questions above, and a few questions with `context.lang: 'en'`. Events come from the database (the events seeder places them
 * relative to the day it runs); everything else from the demo modules.
 * @example const cases = await generateAssistantDevSet(db, new Date())
 */
export async function generateAssistantDevSet(db: Db, now: Date): Promise<AssistantEvalCase[]> {
  const cases: AssistantEvalCase[] = [];
  DEMO_RUMOURS.forEach((r, i) => {
    const template = CLAIM_TEMPLATES[i % CLAIM_TEMPLATES.length] ?? CLAIM_TEMPLATES[0];
    const alias = r.aliases[0] ?? r.claim;
    cases.push(rumourCase(template?.(alias) ?? alias, r.key, r.rating));
  });
  for (const r of DEMO_RUMOURS.slice(0, COUNTS.claims))
    cases.push(rumourCase(`${r.claim}，是真的吗？`, r.key, r.rating));
  DEMO_PLACES.slice(0, COUNTS.places).forEach((p, i) => {
    const template = PLACE_TEMPLATES[i % PLACE_TEMPLATES.length];
    cases.push({
      question: template?.(p.name) ?? p.name,
      expectIntent: 'place_lookup',
      expectSourceExternalIds: [p.externalId],
    });
  });
  for (const r of DEMO_ROUTES) cases.push({ question: `介绍一下${r.name}`, expectSourceExternalIds: [r.externalId] });
  (await upcomingEventTitles(db, now)).forEach((title, i) => {
    const template = EVENT_TEMPLATES[i % EVENT_TEMPLATES.length];
    cases.push({ question: template?.(title) ?? title, expectIntent: 'event_recommendation' });
  });
  cases.push(...FAQ_QUESTIONS);
  for (const q of VOLUNTEER) cases.push({ question: q, expectIntent: 'volunteer_info' });
  for (const q of UNANSWERABLE_SCIENCE) cases.push({ question: q, expectIntent: 'science_qa', expectNoAnswer: true });
  for (const q of UNREVIEWED_CLAIMS) cases.push({ question: q, expectIntent: 'rumour_check', expectNoAnswer: true });
  for (const q of URGENT) cases.push({ question: q, expectIntent: 'urgent' });
  for (const q of SMALLTALK) cases.push({ question: q, expectIntent: 'smalltalk' });
  for (const q of OUT_OF_SCOPE) cases.push({ question: q, expectIntent: 'out_of_scope' });
  // English answers: the next four entries' claims asked with lang 'en' (the verdict must not change), then the
  // hand-written English questions.
  for (const r of DEMO_RUMOURS.slice(COUNTS.claims, COUNTS.claims + 4)) {
    const { question, ...expected } = rumourCase(`${r.claim}，是真的吗？`, r.key, r.rating);
    cases.push({ question, context: { lang: 'en' }, ...expected });
  }
  cases.push(...ENGLISH);
  return cases;
}

const rumourCase = (question: string, key: string, rating: AssistantEvalCase['expectRating']): AssistantEvalCase => ({
  question,
  expectIntent: 'rumour_check',
  expectSourceExternalIds: [key],
  expectRating: rating,
});

/**
 * Titles of the soonest upcoming one-off events one attends (no campaigns; recurring events are left out because
 * their next session depends on the weekday the set is generated), by start, then title.
 */
async function upcomingEventTitles(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .select({ title: events.title, startsAt: events.startsAt })
    .from(events)
    .where(
      and(
        gt(events.startsAt, now),
        isNull(events.recurrence),
        notInArray(events.status, ['cancelled', 'postponed']),
        notInArray(events.type, ['campaign']),
        sql`${events.title} !~ '[“”"「」]'`,
      ),
    );
  return rows
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0))
    .map((r) => r.title)
    .slice(0, COUNTS.events);
}

/** One JSON object per line, keys in the order given, `", "` and `": "` separators (the committed file's format). */
export function formatDevSet(cases: readonly AssistantEvalCase[]): string {
  const value = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
    if (v && typeof v === 'object') {
      return `{${Object.entries(v)
        .map(([k, x]) => `${JSON.stringify(k)}: ${value(x)}`)
        .join(', ')}}`;
    }
    return JSON.stringify(v);
  };
  return cases.map((c) => `${value(c)}\n`).join('');
}
