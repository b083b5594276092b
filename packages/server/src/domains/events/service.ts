import { segmentForSearch } from '@kepu/assistant';
import {
  CompetitionRules,
  type EventCreate,
  type EventDetail,
  type Event as EventDto,
  type EventListQuery,
  type EventUpdate,
  type Occurrence,
  type Page,
  Recurrence,
  RegistrationRules,
} from '@kepu/sdk/schema';
import { and, asc, eq, gt, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Principal } from '../../access/principal.js';
import { hasScope } from '../../access/principal.js';
import type { Db, Tx } from '../../db/create-database.js';
import { eventOccurrences, events, registrations } from '../../db/schema/events.js';
import { registryResources } from '../../db/schema/registry.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { ApiError, badRequest, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { syncEventKnowledge } from '../assistant/sources.js';
import { toJsonLd } from './json-ld.js';
import { type Plan, planOccurrences } from './recurrence.js';
import { isoInZone, isTimeZone } from './time-zone.js';
import { districtCode, districtName, type Taxonomy, topicCodes, topicNames } from './vocabulary.js';
import { promoteWaitlist } from './waitlist.js';

export type EventRow = typeof events.$inferSelect;
export type OccurrenceRow = typeof eventOccurrences.$inferSelect;

/** Options every event service call shares. */
export interface EventsContext {
  /** Default time zone of events (config `timeZone`). */
  timeZone: string;
  /** Public base URL, for JSON-LD and iCalendar links. */
  publicUrl: string;
  /** The shared taxonomy profile (districts, topics). */
  taxonomy: Taxonomy;
}

/** Tokens for the search column: jieba search mode over the text fields. */
export function searchTextOf(
  e: Pick<EventRow, 'title' | 'summary' | 'description' | 'topics' | 'venueName' | 'district'>,
  taxonomy: Taxonomy,
) {
  const text = [
    e.title,
    e.summary,
    e.description?.slice(0, 4000),
    topicNames(taxonomy, e.topics).join(' '),
    e.venueName,
    districtName(taxonomy, e.district),
  ]
    .filter(Boolean)
    .join(' ');
  return segmentForSearch(text).join(' ');
}

/** Query tokens: the multi-character words when there are any (single characters like 的/在 match too much). */
export function queryTokens(q: string): string[] {
  const tokens = [...new Set(segmentForSearch(q))];
  const words = tokens.filter((t) => [...t].length > 1);
  return words.length > 0 ? words : tokens;
}

const OCCURRENCE_COLUMNS = {
  id: eventOccurrences.id,
  eventId: eventOccurrences.eventId,
  recurrenceId: eventOccurrences.recurrenceId,
  startsAt: eventOccurrences.startsAt,
  endsAt: eventOccurrences.endsAt,
  status: eventOccurrences.status,
  capacity: eventOccurrences.capacity,
  seatsTaken: eventOccurrences.seatsTaken,
  waitlisted: sql<number>`(select count(*)::int from ${registrations} where ${registrations.occurrenceId} = ${eventOccurrences.id} and ${registrations.status} = 'waitlisted')`,
};
type OccurrenceWithCounts = OccurrenceRow & { waitlisted: number };

export function occurrenceDto(o: Omit<OccurrenceWithCounts, 'createdAt'>, timeZone: string): Occurrence {
  return {
    id: o.id,
    eventId: o.eventId,
    startsAt: isoInZone(o.startsAt, timeZone),
    endsAt: isoInZone(o.endsAt, timeZone),
    recurrenceId: o.recurrenceId ? isoInZone(o.recurrenceId, timeZone) : null,
    status: o.status === 'cancelled' ? 'cancelled' : 'scheduled',
    capacity: o.capacity,
    seatsTaken: o.seatsTaken,
    seatsLeft: o.capacity === null ? null : Math.max(0, o.capacity - o.seatsTaken),
    waitlisted: Number(o.waitlisted),
  };
}

export function eventDto(e: EventRow, next: Occurrence | null, taxonomy: Taxonomy): EventDto {
  return {
    id: e.id,
    title: e.title,
    summary: e.summary,
    description: e.description,
    type: e.type as EventDto['type'],
    status: e.status as EventDto['status'],
    campaignId: e.campaignId,
    organizerId: e.organizerId,
    venueId: e.venueId,
    venueName: e.venueName,
    address: e.address,
    district: districtName(taxonomy, e.district),
    location: e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng } : null,
    onlineUrl: e.onlineUrl,
    audience: e.audience,
    topics: topicNames(taxonomy, e.topics),
    priceYuan: Number(e.priceYuan),
    free: Number(e.priceYuan) === 0,
    accessibility: e.accessibility,
    language: e.language,
    startsAt: isoInZone(e.startsAt, e.timeZone),
    endsAt: isoInZone(e.endsAt, e.timeZone),
    timeZone: e.timeZone,
    recurrence: e.recurrence,
    capacity: e.capacity,
    registration: e.registration,
    competition: e.competition,
    sequence: e.sequence,
    nextOccurrence: next,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The fields of an event after defaults, as stored; shared by create, update and import. */
type EventValues = Omit<typeof events.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'sequence' | 'searchText'>;

function valuesOf(input: EventCreate, ctx: EventsContext, organizerId: string | null): EventValues {
  const timeZone = input.timeZone ?? ctx.timeZone;
  if (!isTimeZone(timeZone))
    throw badRequest(`Invalid request. body.timeZone: ${timeZone} is not an IANA time zone (e.g. Asia/Shanghai).`, [
      { path: 'body.timeZone', message: 'not an IANA time zone, e.g. Asia/Shanghai' },
    ]);
  const audience = input.audience ?? {};
  return {
    title: input.title,
    summary: input.summary ?? null,
    description: input.description ?? null,
    type: input.type,
    status: input.status ?? 'scheduled',
    campaignId: input.campaignId ?? null,
    organizerId,
    venueId: input.venueId ?? null,
    venueName: input.venueName ?? null,
    address: input.address ?? null,
    district: input.district ? districtCode(ctx.taxonomy, input.district, 'body.district') : null,
    lat: input.location?.lat ?? null,
    lng: input.location?.lng ?? null,
    onlineUrl: input.onlineUrl ?? null,
    audience,
    minAge: audience.minAge ?? null,
    maxAge: audience.maxAge ?? null,
    topics: topicCodes(ctx.taxonomy, input.topics ?? []),
    priceYuan: input.priceYuan ?? 0,
    accessibility: input.accessibility ?? [],
    language: input.language ?? 'zh-CN',
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    timeZone,
    recurrence: input.recurrence ? Recurrence.parse(input.recurrence) : null,
    overrides: input.overrides ?? [],
    capacity: input.capacity ?? null,
    registration: RegistrationRules.parse(input.registration ?? {}),
    competition:
      input.type === 'competition' || input.competition ? CompetitionRules.parse(input.competition ?? {}) : null,
  };
}

function planFor(v: EventValues): Plan {
  return planOccurrences({
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    timeZone: v.timeZone,
    recurrence: v.recurrence ?? null,
    overrides: v.overrides ?? [],
  });
}

async function checkCampaign(tx: Tx | Db, campaignId: string | null | undefined, selfId?: string) {
  if (!campaignId) return;
  if (campaignId === selfId)
    throw badRequest('Invalid request. body.campaignId: an event cannot be its own campaign.', [
      { path: 'body.campaignId', message: 'cannot be the event itself' },
    ]);
  const [campaign] = await tx.select({ type: events.type }).from(events).where(eq(events.id, campaignId));
  if (!campaign)
    throw badRequest(`Invalid request. body.campaignId: no event ${campaignId}.`, [
      { path: 'body.campaignId', message: `no event ${campaignId}; create the campaign first` },
    ]);
  if (campaign.type !== 'campaign')
    throw badRequest(`Invalid request. body.campaignId: ${campaignId} is not of type campaign.`, [
      { path: 'body.campaignId', message: 'must be an event of type campaign' },
    ]);
}

/**
 * Checks `venueId` against the registry and fills the place fields the input leaves empty from the resource, so an
 * event can be created with just the venue id. 400 when the registry has no such resource.
 */
export async function withVenue(tx: Tx | Db, input: EventCreate): Promise<EventCreate> {
  if (!input.venueId) return input;
  const [venue] = await tx
    .select({
      name: registryResources.name,
      address: registryResources.address,
      district: registryResources.district,
      lat: registryResources.lat,
      lng: registryResources.lng,
    })
    .from(registryResources)
    .where(eq(registryResources.id, input.venueId));
  if (!venue) {
    const message = `no registry resource ${input.venueId}; use the id of a venue in /v1/resources, or give venueName instead`;
    throw badRequest(`Invalid request. body.venueId: ${message}`, [{ path: 'body.venueId', message }]);
  }
  return {
    ...input,
    venueName: input.venueName ?? venue.name,
    address: input.address ?? venue.address,
    district: input.district ?? venue.district,
    location: input.location ?? (venue.lat !== null && venue.lng !== null ? { lat: venue.lat, lng: venue.lng } : null),
  };
}

/** Creates an event and materialises its occurrences, in the caller's transaction. */
export async function insertEvent(
  tx: Tx | Db,
  input: EventCreate,
  ctx: EventsContext,
  organizerId: string | null,
  id = newId('evt'),
  externalId: string | null = null,
) {
  const values = valuesOf(await withVenue(tx, input), ctx, organizerId);
  const plan = planFor(values);
  await checkCampaign(tx, values.campaignId, id);
  const now = new Date();
  const [row] = await tx
    .insert(events)
    .values({
      ...values,
      id,
      externalId,
      searchText: searchTextOf(
        {
          ...values,
          topics: values.topics ?? [],
          summary: values.summary ?? null,
          description: values.description ?? null,
          venueName: values.venueName ?? null,
          district: values.district ?? null,
        },
        ctx.taxonomy,
      ),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await syncOccurrences(tx, row, plan);
  await syncEventKnowledge(tx, row.id, ctx.taxonomy);
  return row;
}

/**
 * Brings the occurrence rows in line with a plan, keeping the ids (and registrations) of occurrences that stay:
 * matched by RECURRENCE-ID (or the single occurrence of a one-off). An occurrence that leaves the plan is deleted,
 * or cancelled when it has registrations. Capacity below the seats already taken is refused; more capacity promotes
 * the waitlist.
 */
async function syncOccurrences(tx: Tx | Db, event: EventRow, plan: Plan) {
  const existing = await tx.select().from(eventOccurrences).where(eq(eventOccurrences.eventId, event.id)).for('update');
  const keyOf = (recurrenceId: Date | null) => (recurrenceId ? String(recurrenceId.getTime()) : 'single');
  const byKey = new Map(existing.map((o) => [keyOf(o.recurrenceId), o]));
  const seen = new Set<string>();
  for (const planned of plan.occurrences) {
    const key = keyOf(planned.recurrenceId);
    seen.add(key);
    const capacity = planned.capacity === undefined ? event.capacity : planned.capacity;
    const status = planned.cancelled ? 'cancelled' : 'scheduled';
    const current = byKey.get(key);
    if (!current) {
      await tx.insert(eventOccurrences).values({
        id: newId('occ'),
        eventId: event.id,
        recurrenceId: planned.recurrenceId,
        startsAt: planned.startsAt,
        endsAt: planned.endsAt,
        status,
        capacity,
      });
      continue;
    }
    if (capacity !== null && capacity < current.seatsTaken) {
      throw new ApiError(
        409,
        'conflict',
        `Capacity ${capacity} is below the ${current.seatsTaken} seats already confirmed for the occurrence ${current.id} (${current.startsAt.toISOString()}). Raise the capacity or cancel registrations first.`,
      );
    }
    await tx
      .update(eventOccurrences)
      .set({ startsAt: planned.startsAt, endsAt: planned.endsAt, status, capacity })
      .where(eq(eventOccurrences.id, current.id));
    if (status === 'scheduled') await promoteWaitlist(tx, current.id);
  }
  for (const [key, o] of byKey) {
    if (seen.has(key)) continue;
    const [live] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(registrations)
      .where(
        and(
          eq(registrations.occurrenceId, o.id),
          inArray(registrations.status, ['pending', 'confirmed', 'waitlisted', 'attended']),
        ),
      );
    if ((live?.n ?? 0) > 0)
      await tx.update(eventOccurrences).set({ status: 'cancelled' }).where(eq(eventOccurrences.id, o.id));
    else await tx.delete(eventOccurrences).where(eq(eventOccurrences.id, o.id));
  }
}

/** Only the organiser's keys (or `admin`) change an event. */
export function assertOrganizer(principal: Principal, event: Pick<EventRow, 'organizerId' | 'id'>) {
  if (hasScope(principal, 'admin')) return;
  if (event.organizerId && principal.organizationId !== event.organizerId) {
    throw new ApiError(
      403,
      'forbidden',
      `Event ${event.id} belongs to organisation ${event.organizerId}; only its keys (or an admin key) may change it.`,
    );
  }
}

/** Applies a partial update, re-plans occurrences and bumps the iCalendar SEQUENCE, in the caller's transaction. */
export async function updateEvent(tx: Tx, id: string, patch: EventUpdate, ctx: EventsContext, principal: Principal) {
  const [current] = await tx.select().from(events).where(eq(events.id, id)).for('update');
  if (!current) throw notFound(`Event ${id}`);
  assertOrganizer(principal, current);
  const base = inputOf(current);
  if (patch.venueId !== undefined && patch.venueId !== current.venueId) {
    // Another venue: its place replaces the old one's, unless the patch says otherwise.
    Object.assign(base, { venueName: null, address: null, district: null, location: null });
  }
  const merged = {
    ...base,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  } as EventCreate;
  return (await replaceEvent(tx, current, merged, ctx)).row;
}

/** JSON with object keys sorted (jsonb columns come back with their keys reordered). */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * Replaces a (locked) event's fields with `input`: re-plans its occurrences and bumps SEQUENCE, or does nothing and
 * says `changed: false` when the input means the same event (re-imports stay quiet for calendar subscribers).
 */
export async function replaceEvent(tx: Tx | Db, current: EventRow, input: EventCreate, ctx: EventsContext) {
  const values = valuesOf(await withVenue(tx, input), ctx, current.organizerId);
  const before = valuesOf(inputOf(current), ctx, current.organizerId);
  if (canonicalJson(values) === canonicalJson(before)) return { row: current, changed: false };
  const plan = planFor(values);
  await checkCampaign(tx, values.campaignId, current.id);
  const [row] = await tx
    .update(events)
    .set({
      ...values,
      searchText: searchTextOf(
        {
          ...values,
          topics: values.topics ?? [],
          summary: values.summary ?? null,
          description: values.description ?? null,
          venueName: values.venueName ?? null,
          district: values.district ?? null,
        },
        ctx.taxonomy,
      ),
      sequence: current.sequence + 1,
      updatedAt: new Date(),
    })
    .where(eq(events.id, current.id))
    .returning();
  if (!row) throw notFound(`Event ${current.id}`);
  await syncOccurrences(tx, row, plan);
  await syncEventKnowledge(tx, row.id, ctx.taxonomy);
  return { row, changed: true };
}

/** The stored event as the input that would create it (the base a PATCH is merged onto). */
function inputOf(e: EventRow): EventCreate {
  return {
    title: e.title,
    summary: e.summary ?? undefined,
    description: e.description ?? undefined,
    type: e.type as EventCreate['type'],
    status: e.status as EventCreate['status'],
    campaignId: e.campaignId,
    venueId: e.venueId,
    venueName: e.venueName,
    address: e.address,
    district: e.district,
    location: e.lat !== null && e.lng !== null ? { lat: e.lat, lng: e.lng } : null,
    onlineUrl: e.onlineUrl,
    audience: e.audience,
    topics: e.topics,
    priceYuan: Number(e.priceYuan),
    accessibility: e.accessibility,
    language: e.language,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    timeZone: e.timeZone,
    recurrence: e.recurrence,
    overrides: e.overrides,
    capacity: e.capacity,
    registration: e.registration,
    competition: e.competition,
  };
}

/** Occurrences of the given events (all, or only those ids), with waitlist counts, in start order. */
export async function loadOccurrences(db: Db | Tx, where: { eventIds?: string[]; ids?: string[] }) {
  const conditions: SQL[] = [];
  if (where.eventIds) conditions.push(inArray(eventOccurrences.eventId, where.eventIds.length ? where.eventIds : ['']));
  if (where.ids) conditions.push(inArray(eventOccurrences.id, where.ids.length ? where.ids : ['']));
  return db
    .select(OCCURRENCE_COLUMNS)
    .from(eventOccurrences)
    .where(and(...conditions))
    .orderBy(asc(eventOccurrences.startsAt), asc(eventOccurrences.id));
}

/** One event with every occurrence, the next one, and its JSON-LD. */
export async function getEvent(db: Db, id: string, ctx: EventsContext, now = new Date()): Promise<EventDetail> {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  if (!row) throw notFound(`Event ${id}`);
  const occurrences = (await loadOccurrences(db, { eventIds: [id] })).map((o) => occurrenceDto(o, row.timeZone));
  const next = occurrences.find((o) => o.status === 'scheduled' && Date.parse(o.endsAt) > now.getTime()) ?? null;
  const dto = eventDto(row, next, ctx.taxonomy);
  return { ...dto, occurrences, jsonLd: toJsonLd(dto, occurrences, ctx.publicUrl) };
}

const EARTH_KM = 6371;
/** Great-circle distance in km from the event's coordinates to a point (SQL). */
export function distanceSql(lat: number, lng: number): SQL<number> {
  return sql<number>`(${EARTH_KM} * 2 * asin(sqrt(power(sin(radians(${events.lat} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${events.lat})) * power(sin(radians(${events.lng} - ${lng}) / 2), 2))))`;
}

/** The conditions of the list filters on the `events` table (occurrence filters are applied separately). */
export function eventConditions(f: Omit<EventListQuery, 'cursor' | 'limit'>, taxonomy: Taxonomy): SQL[] {
  const c: SQL[] = [];
  if (f.q) {
    const tokens = queryTokens(f.q);
    if (tokens.length)
      c.push(sql`to_tsvector('simple', ${events.searchText}) @@ plainto_tsquery('simple', ${tokens.join(' ')})`);
  }
  if (f.district) c.push(eq(events.district, districtCode(taxonomy, f.district, 'query.district')));
  if (f.topic) c.push(sql`${topicCodes(taxonomy, [f.topic])[0]} = any(${events.topics})`);
  if (f.type) c.push(eq(events.type, f.type));
  if (f.audienceAge !== undefined) {
    c.push(sql`(${events.minAge} is null or ${events.minAge} <= ${f.audienceAge})`);
    c.push(sql`(${events.maxAge} is null or ${events.maxAge} >= ${f.audienceAge})`);
  }
  if (f.campaign) c.push(eq(events.campaignId, f.campaign));
  if (f.near) {
    c.push(sql`${events.lat} is not null and ${events.lng} is not null`);
    c.push(sql`${distanceSql(f.near.lat, f.near.lng)} <= ${f.near.radiusKm}`);
  }
  if (f.free === true) c.push(sql`${events.priceYuan} = 0`);
  if (f.free === false) c.push(sql`${events.priceYuan} > 0`);
  if (f.hasSeats) c.push(sql`${events.status} not in ('cancelled', 'postponed')`);
  return c;
}

/** Occurrence conditions of the filters: running within [from, to), scheduled, with seats if asked. */
export function occurrenceConditions(f: Pick<EventListQuery, 'from' | 'to' | 'hasSeats'>, now: Date): SQL[] {
  const from = f.from ? new Date(f.from) : now;
  const c: SQL[] = [gt(eventOccurrences.endsAt, from), eq(eventOccurrences.status, 'scheduled')];
  if (f.to) c.push(lt(eventOccurrences.startsAt, new Date(f.to)));
  if (f.hasSeats)
    c.push(or(isNull(eventOccurrences.capacity), lt(eventOccurrences.seatsTaken, eventOccurrences.capacity)) as SQL);
  return c;
}

/**
 * Lists events that have an occurrence in the window, ordered by that next occurrence (then id), keyset-paginated.
 * Default window: from now on.
 */
export async function listEvents(
  db: Db,
  query: EventListQuery,
  taxonomy: Taxonomy,
  now = new Date(),
): Promise<Page<EventDto>> {
  if (query.from && query.to && Date.parse(query.to) <= Date.parse(query.from)) {
    throw badRequest('Invalid request. query.to: must be after from.', [
      { path: 'query.to', message: 'must be after from' },
    ]);
  }
  const next = db
    .select({
      eventId: eventOccurrences.eventId,
      nextStart: sql<Date>`min(${eventOccurrences.startsAt})`.as('next_start'),
      nextId:
        sql<string>`(array_agg(${eventOccurrences.id} order by ${eventOccurrences.startsAt}, ${eventOccurrences.id}))[1]`.as(
          'next_id',
        ),
    })
    .from(eventOccurrences)
    .where(and(...occurrenceConditions(query, now)))
    .groupBy(eventOccurrences.eventId)
    .as('next');
  const conditions = eventConditions(query, taxonomy);
  if (query.cursor) {
    const [start, id] = decodeCursor(query.cursor, 2);
    conditions.push(sql`(${next.nextStart}, ${events.id}) > (${String(start)}::timestamptz, ${String(id)})`);
  }
  const rows = await db
    .select({ event: events, nextId: next.nextId, nextStart: next.nextStart })
    .from(events)
    .innerJoin(next, eq(next.eventId, events.id))
    .where(and(...conditions))
    .orderBy(asc(next.nextStart), asc(events.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const occurrences = new Map((await loadOccurrences(db, { ids: page.map((r) => r.nextId) })).map((o) => [o.id, o]));
  const data = page.map((r) => {
    const o = occurrences.get(r.nextId);
    return eventDto(r.event, o ? occurrenceDto(o, r.event.timeZone) : null, taxonomy);
  });
  const last = page[page.length - 1];
  return {
    data,
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([new Date(last.nextStart).toISOString(), last.event.id]) : null,
  };
}
