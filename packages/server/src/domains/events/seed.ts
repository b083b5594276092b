import type { EventCreate } from '@kepu/sdk/schema';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { organizations } from '../../db/schema/access.js';
import { registrations } from '../../db/schema/events.js';
import { newId } from '../../ids.js';
import type { DemoSeeder, SeedContext } from '../../seed/run-seeders.js';
import { insertEvent } from './service.js';
import { fromFloating, toFloating } from './time-zone.js';
import { hashToken } from './tokens.js';
import { defaultTaxonomy } from './vocabulary.js';

const TZ = 'Asia/Shanghai';
const ORGANIZER_ID = 'org_demo_szast';

/** Demo venues: what events show; linked to the registry entry of the same name when the registry has one. */
const VENUES = {
  科学馆: {
    venueName: '深圳市科学馆',
    address: '深圳市福田区上步中路1003号',
    district: '福田区',
    location: { lat: 22.5431, lng: 114.0869 },
  },
  科技馆: {
    venueName: '深圳科技馆（新馆）',
    address: '深圳市光明区光明大街与科技馆路交汇处',
    district: '光明区',
    location: { lat: 22.7594, lng: 113.9436 },
  },
  天文台: {
    venueName: '深圳市天文台',
    address: '深圳市大鹏新区南澳街道西涌社区',
    district: '大鹏新区',
    location: { lat: 22.4855, lng: 114.5529 },
  },
  青少年活动中心: {
    venueName: '深圳市少年宫',
    address: '深圳市福田区福中一路市民中心北侧',
    district: '福田区',
    location: { lat: 22.5477, lng: 114.0573 },
  },
  图书馆: {
    venueName: '深圳图书馆',
    address: '深圳市福田区福中一路2001号',
    district: '福田区',
    location: { lat: 22.547, lng: 114.063 },
  },
  气象馆: {
    venueName: '深圳国家气候观象台',
    address: '深圳市宝安区石岩街道',
    district: '宝安区',
    location: { lat: 22.646, lng: 113.896 },
  },
  植物园: {
    venueName: '仙湖植物园',
    address: '深圳市罗湖区莲塘仙湖路160号',
    district: '罗湖区',
    location: { lat: 22.5795, lng: 114.1722 },
  },
  自然博物馆: {
    venueName: '深圳自然博物馆',
    address: '深圳市坪山区燕子湖片区',
    district: '坪山区',
    location: { lat: 22.6926, lng: 114.3693 },
  },
  文明实践中心: {
    venueName: '南山区新时代文明实践中心',
    address: '深圳市南山区南头街道南山大道',
    district: '南山区',
    location: { lat: 22.5329, lng: 113.9236 },
  },
  党群服务中心: {
    venueName: '龙华区民治街道党群服务中心',
    address: '深圳市龙华区民治街道民康路',
    district: '龙华区',
    location: { lat: 22.6237, lng: 114.0366 },
  },
  会展中心: {
    venueName: '深圳会展中心',
    address: '深圳市福田区福华三路111号',
    district: '福田区',
    location: { lat: 22.5347, lng: 114.0565 },
  },
  宝安文体中心: {
    venueName: '宝安区青少年宫',
    address: '深圳市宝安区新安街道创业一路',
    district: '宝安区',
    location: { lat: 22.5616, lng: 113.8835 },
  },
} as const;
type VenueKey = keyof typeof VENUES;

/** `hh:mm` Shanghai time on the day `days` after `now`, as ISO 8601. */
function at(now: Date, days: number, hhmm: string): string {
  const local = toFloating(new Date(now.getTime() + days * 86_400_000), TZ);
  const [h, m] = hhmm.split(':').map(Number);
  local.setUTCHours(h ?? 0, m ?? 0, 0, 0);
  return fromFloating(local, TZ).toISOString();
}

/** The first day ≥ `days` after `now` that falls on `weekday` (0 = Sunday) in Shanghai. */
function nextWeekday(now: Date, days: number, weekday: number): number {
  for (let d = days; d < days + 7; d++) {
    if (toFloating(new Date(now.getTime() + d * 86_400_000), TZ).getUTCDay() === weekday) return d;
  }
  return days;
}

interface Upcoming {
  title: string;
  type: EventCreate['type'];
  venue: VenueKey | null;
  day: number;
  start: string;
  end: string;
  topics: string[];
  summary: string;
  capacity?: number;
  minAge?: number;
  maxAge?: number;
  groups?: string[];
  priceYuan?: number;
  onlineUrl?: string;
  campaign?: 'winter';
  competition?: EventCreate['competition'];
}

/** Single events of the coming three months (day offsets from load time). */
const UPCOMING: readonly Upcoming[] = [
  {
    title: '“科学与中国”院士专家巡讲：走进深圳中学',
    type: 'lecture',
    venue: '青少年活动中心',
    day: 4,
    start: '14:30',
    end: '16:30',
    topics: ['航天', '物理'],
    summary: '院士讲述中国空间站背后的科学与工程。',
    capacity: 300,
    minAge: 12,
    campaign: 'winter',
  },
  {
    title: '“科学与中国”院士专家巡讲：基因科技与健康生活',
    type: 'lecture',
    venue: '图书馆',
    day: 18,
    start: '14:30',
    end: '16:30',
    topics: ['基因', '健康'],
    summary: '从基因测序到精准医疗，专家讲解生命科学新进展。',
    capacity: 200,
    minAge: 14,
  },
  {
    title: '“科学与中国”院士专家巡讲：人工智能的边界',
    type: 'lecture',
    venue: '科学馆',
    day: 46,
    start: '15:00',
    end: '17:00',
    topics: ['人工智能'],
    summary: '大模型能做什么、不能做什么？',
    capacity: 250,
    minAge: 12,
  },
  {
    title: '国际人才交流大会·科普展馆',
    type: 'exhibition',
    venue: '会展中心',
    day: 30,
    start: '09:30',
    end: '17:30',
    topics: ['人工智能', '智能制造'],
    summary: '前沿科技成果与互动展项，面向公众开放。',
    capacity: 3000,
  },
  {
    title: '星空下的深圳：冬季星座观测夜',
    type: 'tour',
    venue: '天文台',
    day: 9,
    start: '19:00',
    end: '21:30',
    topics: ['天文'],
    summary: '在西涌天文台用望远镜观察猎户座星云。',
    capacity: 40,
    minAge: 8,
    groups: ['亲子家庭'],
    campaign: 'winter',
  },
  {
    title: '双子座流星雨科普讲座',
    type: 'lecture',
    venue: '天文台',
    day: 13,
    start: '19:30',
    end: '21:00',
    topics: ['天文'],
    summary: '流星雨从哪里来？如何拍摄流星？',
    capacity: 80,
    minAge: 10,
  },
  {
    title: '台风与暴雨：气象科普开放日',
    type: 'tour',
    venue: '气象馆',
    day: 6,
    start: '10:00',
    end: '11:30',
    topics: ['气象', '应急'],
    summary: '参观气象观测场，学习防台防汛知识。',
    capacity: 30,
    minAge: 7,
    groups: ['亲子家庭'],
  },
  {
    title: '仙湖植物园冬季植物研学',
    type: 'tour',
    venue: '植物园',
    day: 11,
    start: '09:00',
    end: '12:00',
    topics: ['植物'],
    summary: '认识深圳本土植物与古老的苏铁。',
    capacity: 35,
    minAge: 8,
    maxAge: 14,
    priceYuan: 20,
  },
  {
    title: '恐龙化石修复工作坊',
    type: 'workshop',
    venue: '自然博物馆',
    day: 15,
    start: '14:00',
    end: '16:00',
    topics: ['古生物'],
    summary: '跟着修复师动手清理化石模型。',
    capacity: 24,
    minAge: 8,
    maxAge: 12,
    priceYuan: 30,
  },
  {
    title: '3D打印创客工作坊',
    type: 'workshop',
    venue: '科技馆',
    day: 8,
    start: '14:00',
    end: '16:30',
    topics: ['智能制造'],
    summary: '从建模到打印，做一个自己的小零件。',
    capacity: 20,
    minAge: 10,
    maxAge: 16,
    priceYuan: 50,
  },
  {
    title: '编程机器人入门工作坊',
    type: 'workshop',
    venue: '宝安文体中心',
    day: 20,
    start: '09:30',
    end: '11:30',
    topics: ['机器人', '人工智能'],
    summary: '用图形化编程让机器人走迷宫。',
    capacity: 20,
    minAge: 8,
    maxAge: 12,
  },
  {
    title: '科学实验秀：神奇的液氮',
    type: 'lecture',
    venue: '科学馆',
    day: 12,
    start: '10:30',
    end: '11:30',
    topics: ['物理'],
    summary: '零下196℃的科学实验表演。',
    capacity: 150,
    minAge: 5,
    groups: ['亲子家庭'],
    campaign: 'winter',
  },
  {
    title: '海洋生物多样性讲座',
    type: 'lecture',
    venue: '图书馆',
    day: 25,
    start: '14:30',
    end: '16:00',
    topics: ['海洋', '生物'],
    summary: '深圳海域的珊瑚与中华白海豚。',
    capacity: 120,
  },
  {
    title: '应急救护技能培训（心肺复苏与AED）',
    type: 'class',
    venue: '党群服务中心',
    day: 16,
    start: '19:00',
    end: '21:00',
    topics: ['应急', '健康'],
    summary: '红十字会导师现场教学，考核合格发证。',
    capacity: 40,
    minAge: 16,
    groups: ['社区居民'],
  },
  {
    title: '老年人防范电信诈骗科普讲座',
    type: 'lecture',
    venue: '文明实践中心',
    day: 10,
    start: '09:30',
    end: '11:00',
    topics: ['信息技术'],
    summary: '识别冒充客服、养老投资等常见骗局。',
    capacity: 80,
    minAge: 55,
    groups: ['老年人'],
  },
  {
    title: '智能手机助老课堂',
    type: 'class',
    venue: '文明实践中心',
    day: 24,
    start: '09:30',
    end: '11:00',
    topics: ['信息技术'],
    summary: '手把手教长者用健康码、挂号与视频通话。',
    capacity: 30,
    minAge: 55,
    groups: ['老年人'],
  },
  {
    title: '科学辟谣：食品安全那些事',
    type: 'lecture',
    venue: '党群服务中心',
    day: 33,
    start: '19:30',
    end: '21:00',
    topics: ['健康', '食品'],
    summary: '隔夜菜、添加剂……专家逐一解读。',
    capacity: 60,
  },
  {
    title: '新能源汽车与电池安全',
    type: 'lecture',
    venue: '科技馆',
    day: 38,
    start: '14:30',
    end: '16:00',
    topics: ['新能源', '交通'],
    summary: '电动车为什么会起火？如何安全充电？',
    capacity: 100,
    minAge: 12,
  },
  {
    title: '寒假科学营：小小天文学家',
    type: 'workshop',
    venue: '科技馆',
    day: 52,
    start: '09:00',
    end: '16:00',
    topics: ['天文'],
    summary: '一天沉浸式天文课程与球幕电影。',
    capacity: 30,
    minAge: 9,
    maxAge: 13,
    priceYuan: 120,
  },
  {
    title: '寒假科学营：生态小卫士',
    type: 'workshop',
    venue: '植物园',
    day: 56,
    start: '09:00',
    end: '15:00',
    topics: ['生态', '植物'],
    summary: '湿地观鸟与水质检测。',
    capacity: 30,
    minAge: 9,
    maxAge: 13,
    priceYuan: 80,
  },
  {
    title: '地震科普体验与应急演练',
    type: 'tour',
    venue: '气象馆',
    day: 41,
    start: '10:00',
    end: '11:30',
    topics: ['应急', '地质'],
    summary: '体验地震模拟平台，学习避险要点。',
    capacity: 40,
    minAge: 6,
    groups: ['亲子家庭'],
  },
  {
    title: '线上科普直播：走进中国空间站',
    type: 'online',
    venue: null,
    day: 21,
    start: '19:30',
    end: '20:30',
    topics: ['航天'],
    summary: '航天专家连线解答观众提问。',
    onlineUrl: 'https://live.example.org/kepu/space-station',
  },
  {
    title: '线上科普直播：春节里的化学',
    type: 'online',
    venue: null,
    day: 62,
    start: '19:30',
    end: '20:30',
    topics: ['物理'],
    summary: '烟花的颜色从哪里来？',
    onlineUrl: 'https://live.example.org/kepu/fireworks',
  },
  {
    title: '元宵节科普灯谜会',
    type: 'exhibition',
    venue: '图书馆',
    day: 75,
    start: '18:30',
    end: '21:00',
    topics: ['科技史'],
    summary: '猜科学灯谜，赢科普图书。',
  },
  {
    title: '芯片是怎样炼成的',
    type: 'lecture',
    venue: '科学馆',
    day: 68,
    start: '14:30',
    end: '16:00',
    topics: ['电子信息'],
    summary: '从沙子到芯片的科学之旅。',
    capacity: 200,
    minAge: 12,
  },
  {
    title: '深圳湾候鸟观察研学',
    type: 'tour',
    venue: null,
    day: 27,
    start: '08:00',
    end: '11:00',
    topics: ['生物', '生态'],
    summary: '在深圳湾公园观察黑脸琵鹭。',
    capacity: 25,
    minAge: 8,
    groups: ['亲子家庭'],
  },
  {
    title: '科学家精神主题展',
    type: 'exhibition',
    venue: '图书馆',
    day: 3,
    start: '09:00',
    end: '21:00',
    topics: ['科技史'],
    summary: '讲述老一辈科学家的故事。',
  },
  {
    title: '无人机科普与飞行体验',
    type: 'workshop',
    venue: '宝安文体中心',
    day: 48,
    start: '14:00',
    end: '16:00',
    topics: ['航空'],
    summary: '认识多旋翼无人机与飞行安全规则。',
    capacity: 24,
    minAge: 10,
    maxAge: 16,
    priceYuan: 40,
  },
  {
    title: '营养与慢病防控讲座',
    type: 'lecture',
    venue: '党群服务中心',
    day: 80,
    start: '19:30',
    end: '21:00',
    topics: ['健康'],
    summary: '三高人群怎么吃？',
    capacity: 60,
    minAge: 40,
  },
  {
    title: '防灾减灾亲子工作坊',
    type: 'workshop',
    venue: '青少年活动中心',
    day: 84,
    start: '14:00',
    end: '16:00',
    topics: ['应急'],
    summary: '一起整理家庭应急包。',
    capacity: 30,
    minAge: 5,
    maxAge: 12,
    groups: ['亲子家庭'],
  },
];

/** Competitions: team entries, capacity counts entries. */
const COMPETITIONS: readonly Upcoming[] = [
  {
    title: '深圳市青少年科技创新大赛（决赛）',
    type: 'competition',
    venue: '青少年活动中心',
    day: 58,
    start: '09:00',
    end: '17:00',
    topics: ['科技创新'],
    summary: '青少年科技创新成果、科技实践活动与科幻画评比。',
    capacity: 120,
    minAge: 8,
    maxAge: 18,
    competition: { categories: ['小学组', '初中组', '高中组'], minTeamSize: 1, maxTeamSize: 3 },
  },
  {
    title: '深圳市青少年机器人竞赛',
    type: 'competition',
    venue: '宝安文体中心',
    day: 65,
    start: '08:30',
    end: '17:30',
    topics: ['机器人', '人工智能'],
    summary: '机器人综合技能、创意与足球项目。',
    capacity: 80,
    minAge: 8,
    maxAge: 18,
    competition: { categories: ['小学组', '初中组', '高中组'], minTeamSize: 2, maxTeamSize: 4 },
  },
  {
    title: '深圳市七巧板科学创意竞赛',
    type: 'competition',
    venue: '科学馆',
    day: 44,
    start: '09:00',
    end: '12:00',
    topics: ['数学'],
    summary: '七巧板拼图创意与现场制作。',
    capacity: 100,
    minAge: 6,
    maxAge: 15,
    competition: { categories: ['小学低年级组', '小学高年级组', '初中组'], minTeamSize: 1, maxTeamSize: 2 },
  },
  {
    title: '深圳市青少年科技运动会',
    type: 'competition',
    venue: '科技馆',
    day: 72,
    start: '09:00',
    end: '16:00',
    topics: ['航空', '智能制造'],
    summary: '航模、车模、纸飞机等科技体育项目。',
    capacity: 150,
    minAge: 8,
    maxAge: 16,
    competition: { categories: ['航模', '车模', '纸飞机'], minTeamSize: 1, maxTeamSize: 3 },
  },
  {
    title: '深圳市科普剧大赛',
    type: 'competition',
    venue: '青少年活动中心',
    day: 78,
    start: '14:00',
    end: '18:00',
    topics: ['科学传播'],
    summary: '以剧场演绎科学原理。',
    capacity: 30,
    minAge: 8,
    maxAge: 18,
    competition: { categories: ['小学组', '中学组'], minTeamSize: 3, maxTeamSize: 10 },
  },
  {
    title: '深圳市科普讲解大赛',
    type: 'competition',
    venue: '图书馆',
    day: 35,
    start: '09:00',
    end: '17:00',
    topics: ['科学传播'],
    summary: '科普工作者与志愿者的讲解比赛。',
    capacity: 60,
    minAge: 18,
    competition: { categories: ['专业组', '志愿者组'], minTeamSize: 1, maxTeamSize: 1 },
  },
  {
    title: '公民科学素质有奖网络竞赛',
    type: 'competition',
    venue: null,
    day: 2,
    start: '00:00',
    end: '23:59',
    topics: ['科学素质'],
    summary: '线上答题，了解身边的科学。',
    onlineUrl: 'https://quiz.example.org/kepu',
    competition: { categories: [], minTeamSize: 1, maxTeamSize: 1 },
  },
];

function inputOf(e: Upcoming, now: Date, campaignId: string | null): EventCreate {
  const venue = e.venue ? VENUES[e.venue] : null;
  const endDay = e.title.startsWith('公民科学素质') ? e.day + 28 : e.day;
  return {
    title: e.title,
    summary: e.summary,
    type: e.type,
    ...(venue ?? {}),
    ...(e.venue === null && e.type === 'tour'
      ? {
          venueName: '深圳湾公园',
          address: '深圳市南山区滨海大道',
          district: '南山区',
          location: { lat: 22.518, lng: 113.956 },
        }
      : {}),
    onlineUrl: e.onlineUrl ?? null,
    topics: e.topics,
    audience: { minAge: e.minAge, maxAge: e.maxAge, groups: e.groups },
    priceYuan: e.priceYuan ?? 0,
    startsAt: at(now, e.day, e.start),
    endsAt: at(now, endDay, e.end),
    timeZone: TZ,
    capacity: e.capacity ?? null,
    campaignId,
    registration: { required: e.capacity !== undefined, maxPartySize: 4, waitlist: true, closesMinutesBeforeStart: 60 },
    competition: e.competition ?? null,
  };
}

/** Links seeded events to the registry entries of the same venue name, when the registry has them. */
async function linkVenues(db: Db): Promise<void> {
  const exists = await db.execute<{ t: string | null }>(
    sql`select to_regclass('public.registry_resources')::text as t`,
  );
  if (!exists.rows[0]?.t) return;
  await db.execute(sql`
    update events e set venue_id = r.id
    from registry_resources r
    where e.venue_id is null and e.venue_name is not null and r.name = e.venue_name`);
}

async function seedPastRegistrations(db: Db, eventId: string, n: number, now: Date) {
  const occ = await db.execute<{ id: string }>(
    sql`select id from event_occurrences where event_id = ${eventId} order by starts_at limit 1`,
  );
  const occurrenceId = occ.rows[0]?.id;
  if (!occurrenceId) return 0;
  for (let i = 0; i < n; i++) {
    await db.insert(registrations).values({
      id: newId('reg'),
      eventId,
      occurrenceId,
      status: i % 5 === 4 ? 'no_show' : 'attended',
      // Demo people: obviously fictitious names and reserved-looking numbers.
      name: `示例市民${i + 1}`,
      mobile: `1990000${String(1000 + i).slice(-4)}`,
      partySize: 1,
      seats: 1,
      cancelTokenHash: hashToken(newId('tok')),
      checkInCodeHash: hashToken(newId('chk')),
      createdAt: now,
      queuedAt: now,
      checkedInAt: i % 5 === 4 ? null : now,
    });
  }
  await db.execute(sql`update event_occurrences set seats_taken = ${n} where id = ${occurrenceId}`);
  return n;
}

/**
 * Demo events: the 2023 campaigns (全国科技活动周, 全国科普日暨深圳科普月) as past events with attendance, and over the
 * coming three months (from load time) lectures, tours, workshops, exhibitions, online talks, two weekly 科普课堂
 * series and seven competitions, at real Shenzhen venues.
 */
export const eventsSeeder: DemoSeeder = {
  name: 'events',
  async run(ctx: SeedContext) {
    const { db, now } = ctx;
    const context = { timeZone: TZ, publicUrl: '', taxonomy: defaultTaxonomy() };
    await db
      .insert(organizations)
      .values({ id: ORGANIZER_ID, name: '深圳市科学技术协会', kind: 'association', contactRole: '科普部' })
      .onConflictDoNothing();
    let inserted = 0;
    const add = async (input: EventCreate) => {
      const row = await insertEvent(db, input, context, ORGANIZER_ID);
      inserted++;
      return row;
    };

    // 2023 campaigns and some of their events, in the past.
    const week2023 = await add({
      title: '2023年全国科技活动周暨深圳市科技活动周',
      summary: '主题“热爱科学 崇尚科学”，全市各区同步开展科技展示与科普活动。',
      type: 'campaign',
      startsAt: '2023-05-20T09:00:00+08:00',
      endsAt: '2023-05-27T18:00:00+08:00',
      timeZone: TZ,
      registration: { required: false },
      topics: ['科学素质'],
    });
    const month2023 = await add({
      title: '2023年全国科普日暨深圳科普月',
      summary: '主题“提升全民科学素质 协力建设科技强国”，九月全市开展科普月系列活动。',
      type: 'campaign',
      startsAt: '2023-09-01T09:00:00+08:00',
      endsAt: '2023-09-30T18:00:00+08:00',
      timeZone: TZ,
      registration: { required: false },
      topics: ['科学素质'],
    });
    const pastChildren: [string, string, EventCreate['type'], VenueKey, number][] = [
      [week2023.id, '科技活动周主场：前沿科技成果展', 'exhibition', '科学馆', 0],
      [week2023.id, '科技活动周：院士专家进校园', 'lecture', '青少年活动中心', 80],
      [month2023.id, '科普月启动仪式暨科普嘉年华', 'exhibition', '会展中心', 0],
      [month2023.id, '全国科普日：“科学与中国”院士专家巡讲', 'lecture', '图书馆', 120],
      [month2023.id, '科普月：天文台公众开放夜', 'tour', '天文台', 40],
    ];
    for (const [i, [campaignId, title, type, venue, people]] of pastChildren.entries()) {
      const day = campaignId === week2023.id ? `2023-05-${20 + i}` : `2023-09-${String(1 + i * 5).padStart(2, '0')}`;
      const e = await add({
        title,
        type,
        campaignId,
        ...VENUES[venue],
        startsAt: `${day}T14:00:00+08:00`,
        endsAt: `${day}T17:00:00+08:00`,
        timeZone: TZ,
        capacity: people || null,
        registration: { required: people > 0 },
        topics: ['科学素质'],
      });
      if (people) await seedPastRegistrations(db, e.id, Math.round(people * 0.6), now);
    }

    // An umbrella for the coming season.
    const winter = await add({
      title: '冬季科普嘉年华',
      summary: '寒假前后全市科普场馆联合推出讲座、观测与实验秀。',
      type: 'campaign',
      startsAt: at(now, 1, '09:00'),
      endsAt: at(now, 60, '18:00'),
      timeZone: TZ,
      registration: { required: false },
      topics: ['科学素质'],
    });
    for (const e of [...UPCOMING, ...COMPETITIONS]) {
      await add(inputOf(e, now, e.campaign === 'winter' ? winter.id : null));
    }

    // Weekly 科普课堂 series (recurring, capacity per session).
    const saturday = nextWeekday(now, 2, 6);
    await add({
      title: '新时代文明实践科普课堂（周六亲子场）',
      summary: '每周六下午的亲子科学实验课，每期一个主题。',
      type: 'class',
      ...VENUES.文明实践中心,
      startsAt: at(now, saturday, '14:30'),
      endsAt: at(now, saturday, '16:00'),
      timeZone: TZ,
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=12', exdates: [] },
      capacity: 30,
      audience: { minAge: 6, maxAge: 12, groups: ['亲子家庭'] },
      topics: ['物理', '生物'],
      registration: { maxPartySize: 3, closesMinutesBeforeStart: 120 },
    });
    const wednesday = nextWeekday(now, 2, 3);
    await add({
      title: '党群服务中心社区科普课堂（周三晚）',
      summary: '面向社区居民的健康与安全科普，每周三晚。',
      type: 'class',
      ...VENUES.党群服务中心,
      startsAt: at(now, wednesday, '19:30'),
      endsAt: at(now, wednesday, '21:00'),
      timeZone: TZ,
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=10', exdates: [] },
      capacity: 40,
      audience: { groups: ['社区居民'] },
      topics: ['健康', '应急'],
    });
    await linkVenues(db);
    return { inserted };
  },
};
