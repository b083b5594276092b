import type { Recommendation, RecommendationQuery, RecommendationReason } from '@kepu/sdk/schema';
import { and, asc, eq, gt, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { eventOccurrences, events, registrations } from '../../db/schema/events.js';
import { badRequest } from '../../http/errors.js';
import { eventDto, occurrenceDto } from './service.js';
import { wallClock } from './time-zone.js';
import { defaultTaxonomy, districtCode, districtName, type Taxonomy, topicCodes, topicNames } from './vocabulary.js';

/** How far ahead recommendations look by default. */
export const DEFAULT_WINDOW_DAYS = 60;
/** Candidate occurrences considered before ranking (the soonest ones). */
const CANDIDATES = 500;

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(h));
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Ranks upcoming events for a person: topic match, age fit, distance (or district), how soon, and seats left. Each
 * result carries the reasons that made its score, in Chinese, so the assistant and the UI can say *why*.
 * Events the person cannot attend are left out: outside their age range, cancelled or postponed, or full with no
 * waitlist. One result per event (its best session).
 * @example await recommendEvents(db, { age: 10, topics: ['天文'], district: '南山区', limit: 5 }, { timeZone: 'Asia/Shanghai' })
 */
export async function recommendEvents(
  db: Db,
  params: Partial<RecommendationQuery> & { limit?: number },
  options: { timeZone: string; now?: Date; taxonomy?: Taxonomy },
): Promise<Recommendation[]> {
  const now = options.now ?? new Date();
  const taxonomy = options.taxonomy ?? defaultTaxonomy();
  const district = params.district ? districtCode(taxonomy, params.district, 'query.district') : null;
  const from = params.from ? new Date(params.from) : now;
  const to = params.to ? new Date(params.to) : new Date(from.getTime() + DEFAULT_WINDOW_DAYS * 86_400_000);
  if (to.getTime() <= from.getTime()) {
    throw badRequest('Invalid request. query.to: must be after from.', [
      { path: 'query.to', message: 'must be after from' },
    ]);
  }
  const limit = params.limit ?? 10;
  const wanted = new Set(
    topicCodes(
      taxonomy,
      (params.topics ?? []).filter((t) => t.trim()),
    ),
  );
  const ageConditions =
    params.age === undefined
      ? []
      : [
          sql`(${events.minAge} is null or ${events.minAge} <= ${params.age})`,
          sql`(${events.maxAge} is null or ${events.maxAge} >= ${params.age})`,
        ];
  const rows = await db
    .select({
      event: events,
      occurrence: eventOccurrences,
      waitlisted: sql<number>`(select count(*)::int from ${registrations} where ${registrations.occurrenceId} = ${eventOccurrences.id} and ${registrations.status} = 'waitlisted')`,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(
      and(
        gt(eventOccurrences.startsAt, from),
        lt(eventOccurrences.startsAt, to),
        eq(eventOccurrences.status, 'scheduled'),
        notInArray(events.status, ['cancelled', 'postponed']),
        // Umbrella campaigns are not something one attends.
        inArray(events.type, ['lecture', 'exhibition', 'workshop', 'tour', 'competition', 'online', 'class']),
        ...ageConditions,
      ),
    )
    .orderBy(asc(eventOccurrences.startsAt), asc(eventOccurrences.id))
    .limit(CANDIDATES);

  const best = new Map<string, Recommendation>();
  for (const { event, occurrence, waitlisted } of rows) {
    const seatsLeft = occurrence.capacity === null ? null : occurrence.capacity - occurrence.seatsTaken;
    const full = seatsLeft !== null && seatsLeft <= 0;
    if (full && event.registration.required && !event.registration.waitlist) continue;

    const reasons: RecommendationReason[] = [];
    const add = (kind: RecommendationReason['kind'], score: number, text: string) =>
      reasons.push({ kind, score: round(score), text });

    if (wanted.size > 0) {
      const matched = event.topics.filter((t) => wanted.has(t));
      if (matched.length > 0)
        add('topic', (3 * matched.length) / wanted.size, `主题相符：${topicNames(taxonomy, matched).join('、')}`);
    }
    if (params.age !== undefined) {
      if (event.minAge !== null || event.maxAge !== null) {
        const range = `${event.minAge ?? 0}–${event.maxAge ?? '∞'} 岁`;
        add('age', 1, `适合 ${params.age} 岁（面向 ${range}）`);
      } else add('age', 0.3, '不限年龄');
    }
    let distanceKm: number | null = null;
    if (params.near && event.lat !== null && event.lng !== null) {
      distanceKm = round(haversineKm(params.near, { lat: event.lat, lng: event.lng }));
      add('distance', 2 * Math.exp(-distanceKm / 5), `距您约 ${distanceKm.toFixed(1)} 公里`);
    } else if (params.near && event.type === 'online') {
      add('distance', 1, '线上参加，无需出行');
    }
    if (district && event.district === district) add('district', 1, `位于${districtName(taxonomy, district)}`);
    const days = (occurrence.startsAt.getTime() - now.getTime()) / 86_400_000;
    const w = wallClock(occurrence.startsAt, event.timeZone);
    const weekday = WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()];
    const hm = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
    add('date', Math.exp(-Math.max(0, days) / 14), `${w.month}月${w.day}日（${weekday}）${hm} 开始`);
    if (!event.registration.required) add('seats', 0.5, '无需报名，直接参加');
    else if (seatsLeft === null) add('seats', 0.5, '名额充足');
    else if (!full) add('seats', seatsLeft <= 5 ? 0.3 : 0.5, `尚余 ${seatsLeft} 个名额`);
    else add('seats', -0.5, `名额已满，可排队候补（前面 ${waitlisted} 人）`);

    const score = round(reasons.reduce((s, r) => s + r.score, 0));
    const previous = best.get(event.id);
    if (previous && previous.score >= score) continue;
    best.set(event.id, {
      event: eventDto(event, null, taxonomy),
      occurrence: occurrenceDto({ ...occurrence, waitlisted }, event.timeZone),
      score,
      distanceKm,
      reasons: reasons.sort((a, b) => b.score - a.score),
    });
  }
  return [...best.values()]
    .map((r) => ({ ...r, event: { ...r.event, nextOccurrence: r.occurrence } }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.occurrence.startsAt.localeCompare(b.occurrence.startsAt) ||
        a.event.id.localeCompare(b.event.id),
    )
    .slice(0, limit);
}
