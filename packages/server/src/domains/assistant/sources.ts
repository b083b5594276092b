import { formatTimeRange, type KnowledgeDocument } from '@kepu/assistant';
import type { SourceType } from '@kepu/sdk/schema';
import { and, asc, eq, gt, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { eventOccurrences, events } from '../../db/schema/events.js';
import { registryRoutes } from '../../db/schema/registry.js';
import { volunteerOpportunities, volunteerShifts } from '../../db/schema/volunteers.js';
import type { Taxonomy } from '../registry/taxonomy/profile.js';
import { rumourDocuments } from '../rumours/entry-service.js';
import { expertDocuments } from '../rumours/expert-service.js';
import { healthResourceDocuments } from '../rumours/health-resource-service.js';
import { faqDocuments } from './faq.js';
import { upsertKnowledge, withdrawKnowledge } from './knowledge.js';

type EventRow = typeof events.$inferSelect;

/** "6月7日（周六）14:00" in the event's time zone. */
const when = (date: Date, timeZone: string) => formatTimeRange(date.toISOString(), undefined, timeZone);

/** An event as the knowledge index holds it: what, when (next sessions), where, for whom, how to join. */
export function eventKnowledge(
  row: EventRow,
  upcoming: Date[],
  lastEnd: Date | null,
  taxonomy: Taxonomy,
  /** When the listed sessions go stale (the first one ends); the upkeep sweep re-syncs the event then. */
  refreshAt: Date | null = null,
): KnowledgeDocument {
  // Events store taxonomy codes (nanshan, astronomy); the index holds the names citizens type.
  const district = row.district ? taxonomy.nameOf('districts', row.district) : null;
  const topics = row.topics.map((t) => taxonomy.nameOf('topics', t));
  const ages =
    row.minAge !== null || row.maxAge !== null ? `适合年龄：${row.minAge ?? 0}–${row.maxAge ?? '不限'}岁` : '';
  const lines = [
    row.summary ?? '',
    row.description ?? '',
    upcoming.length ? `时间：${upcoming.map((d) => when(d, row.timeZone)).join('、')}` : '',
    row.venueName || row.address ? `地点：${[district, row.venueName, row.address].filter(Boolean).join(' ')}` : '',
    row.onlineUrl ? '线上参加' : '',
    ages,
    Number(row.priceYuan) > 0 ? `费用：${row.priceYuan}元` : '免费',
    row.registration.required ? '需要报名' : '无需报名，直接参加',
    topics.length ? `主题：${topics.join('、')}` : '',
  ].filter(Boolean);
  return {
    sourceType: 'event',
    sourceId: row.id,
    externalId: row.externalId,
    title: row.title,
    text: lines.join('\n'),
    url: `/v1/events/${row.id}`,
    district,
    topics,
    publishedAt: row.updatedAt,
    validUntil: lastEnd,
    facts: { type: row.type, free: Number(row.priceYuan) === 0, refreshAt: refreshAt?.toISOString() ?? null },
  };
}

/** Events that have a session still to come (cancelled or postponed ones are not offered); all, or only `ids`. */
export async function eventDocuments(
  db: Db | Tx,
  now: Date,
  taxonomy: Taxonomy,
  ids?: readonly string[],
): Promise<KnowledgeDocument[]> {
  const rows = await db
    .select()
    .from(events)
    .where(and(notInArray(events.status, ['cancelled', 'postponed']), ids ? inArray(events.id, [...ids]) : undefined))
    .orderBy(asc(events.id));
  if (rows.length === 0) return [];
  const sessions = await db
    .select({ eventId: eventOccurrences.eventId, startsAt: eventOccurrences.startsAt, endsAt: eventOccurrences.endsAt })
    .from(eventOccurrences)
    .where(
      and(
        eq(eventOccurrences.status, 'scheduled'),
        gt(eventOccurrences.endsAt, now),
        ids ? inArray(eventOccurrences.eventId, [...ids]) : undefined,
      ),
    )
    .orderBy(asc(eventOccurrences.startsAt));
  const byEvent = new Map<string, { starts: Date[]; lastEnd: Date; firstEnd: Date }>();
  for (const s of sessions) {
    const entry = byEvent.get(s.eventId) ?? { starts: [], lastEnd: s.endsAt, firstEnd: s.endsAt };
    if (s.endsAt < entry.firstEnd) entry.firstEnd = s.endsAt;
    if (entry.starts.length < 3) entry.starts.push(s.startsAt);
    if (s.endsAt > entry.lastEnd) entry.lastEnd = s.endsAt;
    byEvent.set(s.eventId, entry);
  }
  return rows.flatMap((row) => {
    const s = byEvent.get(row.id);
    return s ? [eventKnowledge(row, s.starts, s.lastEnd, taxonomy, s.firstEnd)] : [];
  });
}

/**
 * Keeps one event's knowledge document in step with the event, in the caller's transaction: an event with a session
 * to come is (re)indexed; a cancelled, postponed or finished one is withdrawn, so the assistant never offers it.
 */
export async function syncEventKnowledge(tx: Db | Tx, eventId: string, taxonomy: Taxonomy, now = new Date()) {
  const [doc] = await eventDocuments(tx, now, taxonomy, [eventId]);
  if (doc) await upsertKnowledge(tx, doc);
  else await withdrawKnowledge(tx, 'event', eventId);
}

/** Published science-tourism routes (科普旅游路线); all, or only `ids`. */
export async function routeDocuments(
  db: Db | Tx,
  taxonomy: Taxonomy,
  ids?: readonly string[],
): Promise<KnowledgeDocument[]> {
  const rows = await db
    .select()
    .from(registryRoutes)
    .where(and(eq(registryRoutes.status, 'published'), ids ? inArray(registryRoutes.id, [...ids]) : undefined))
    .orderBy(asc(registryRoutes.id));
  return rows.map((r) => {
    // Routes store taxonomy codes (aerospace); the index holds the names citizens type (航空航天).
    const topics = r.topics.map((t) => taxonomy.nameOf('topics', t));
    return {
      sourceType: 'route',
      sourceId: r.id,
      externalId: r.externalId,
      title: r.name,
      text: [
        r.description,
        `主题：${[r.theme, ...topics].join('、')}`,
        `时长：${r.durationText}`,
        r.ageMin !== null || r.ageMax !== null ? `适合年龄：${r.ageMin ?? 0}–${r.ageMax ?? '不限'}岁` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      url: `/v1/routes/${r.id}`,
      topics,
    };
  });
}

/**
 * Keeps one route's knowledge document in step with the route, in the caller's transaction: a published route is
 * (re)indexed, any other status (or a deleted route) is withdrawn.
 */
export async function syncRouteKnowledge(tx: Db | Tx, routeId: string, taxonomy: Taxonomy): Promise<void> {
  const [doc] = await routeDocuments(tx, taxonomy, [routeId]);
  if (doc) await upsertKnowledge(tx, doc);
  else await withdrawKnowledge(tx, 'route', routeId);
}

/**
 * Volunteer opportunities open for recruitment with a shift still to come; all, or only `ids`. Opportunities store the district's name
 * (the volunteers domain resolves it on input), so no taxonomy lookup is needed.
 */
export async function opportunityDocuments(
  db: Db | Tx,
  now: Date,
  options: { ids?: readonly string[]; timeZone?: string } = {},
): Promise<KnowledgeDocument[]> {
  const rows = await db
    .select({
      opportunity: volunteerOpportunities,
      next: sql<Date | string>`min(${volunteerShifts.startsAt})`,
      last: sql<Date | string>`max(${volunteerShifts.endsAt})`,
      places: sql<string[]>`array_agg(distinct ${volunteerShifts.place})`,
    })
    .from(volunteerOpportunities)
    .innerJoin(volunteerShifts, eq(volunteerShifts.opportunityId, volunteerOpportunities.id))
    .where(
      and(
        gt(volunteerShifts.startsAt, now),
        isNull(volunteerOpportunities.closedAt),
        options.ids ? inArray(volunteerOpportunities.id, [...options.ids]) : undefined,
      ),
    )
    .groupBy(volunteerOpportunities.id)
    .orderBy(asc(volunteerOpportunities.id));
  return rows.map(({ opportunity: o, next, last, places }) => ({
    sourceType: 'opportunity',
    sourceId: o.id,
    title: o.title,
    text: [
      o.description,
      `岗位：${o.roles.join('、')}`,
      `地点：${o.district} ${places.filter(Boolean).join('、')}`,
      `最近一班：${when(new Date(next), options.timeZone ?? 'Asia/Shanghai')}`,
    ]
      .filter(Boolean)
      .join('\n'),
    url: `/v1/opportunities/${o.id}`,
    district: o.district,
    validUntil: new Date(last),
    facts: {
      place: places[0] ?? null,
      startsAt: new Date(next).toISOString(),
      // The listed next shift goes stale when it starts; the upkeep sweep re-syncs the opportunity then.
      refreshAt: new Date(next).toISOString(),
    },
  }));
}

/**
 * Keeps one volunteer opportunity's knowledge document in step, in the caller's transaction: with a shift still to
 * come it is (re)indexed (text, next shift, places), without one it is withdrawn, so the assistant never offers it.
 */
export async function syncOpportunityKnowledge(
  tx: Db | Tx,
  opportunityId: string,
  options: { now?: Date; timeZone?: string } = {},
): Promise<void> {
  const [doc] = await opportunityDocuments(tx, options.now ?? new Date(), {
    ids: [opportunityId],
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  if (doc) await upsertKnowledge(tx, doc);
  else await withdrawKnowledge(tx, 'opportunity', opportunityId);
}

/** Every source the reindex knows, by type; resources and rumours come from their domains' own mappers. */
export type SourceLoader = (db: Db, now: Date, taxonomy: Taxonomy) => Promise<KnowledgeDocument[]>;

export const OWN_SOURCES: Partial<Record<SourceType, SourceLoader>> = {
  event: eventDocuments,
  route: (db, _now, taxonomy) => routeDocuments(db, taxonomy),
  opportunity: (db, now) => opportunityDocuments(db, now),
  faq: async () => faqDocuments(),
  rumour: (db) => rumourDocuments(db),
  health_resource: (db, now) => healthResourceDocuments(db, now),
  expert: (db) => expertDocuments(db),
};
