import type {
  Audience,
  CompetitionRules,
  OccurrenceOverride,
  Recurrence,
  RegistrationRules,
  TeamEntry,
} from '@kepu/sdk/schema';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organizations } from './access.js';

/**
 * Events (科普活动). Venue fields are a snapshot of the registry resource (`venueId`) so listings and feeds need no
 * join and keep working if the venue record changes; the time and rule fields describe how occurrences are made.
 */
export const events = pgTable(
  'events',
  {
    id: text().primaryKey(),
    /** The importing partner's own id of the event: re-importing a file updates by it. */
    externalId: text(),
    title: text().notNull(),
    summary: text(),
    description: text(),
    type: text().notNull(),
    status: text().notNull().default('scheduled'),
    campaignId: text().references((): AnyPgColumn => events.id),
    organizerId: text().references(() => organizations.id),
    venueId: text(),
    venueName: text(),
    address: text(),
    district: text(),
    lat: doublePrecision(),
    lng: doublePrecision(),
    onlineUrl: text(),
    audience: jsonb().$type<Audience>().notNull().default({}),
    minAge: integer(),
    maxAge: integer(),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    priceYuan: numeric({ precision: 10, scale: 2, mode: 'number' }).notNull().default(0),
    accessibility: text().array().notNull().default(sql`'{}'::text[]`),
    language: text().notNull().default('zh-CN'),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    timeZone: text().notNull(),
    recurrence: jsonb().$type<Recurrence>(),
    overrides: jsonb().$type<OccurrenceOverride[]>().notNull().default([]),
    capacity: integer(),
    registration: jsonb().$type<RegistrationRules>().notNull(),
    competition: jsonb().$type<CompetitionRules>(),
    /** iCalendar SEQUENCE, bumped on every change. */
    sequence: integer().notNull().default(0),
    /** jieba search-mode tokens of title, summary, description, topics and venue, space-separated. */
    searchText: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('events_external_id_idx').on(t.externalId),
    index().on(t.campaignId),
    index().on(t.district),
    index().on(t.type),
    index('events_topics_idx').using('gin', t.topics),
    index('events_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchText})`),
  ],
);

/**
 * Materialised occurrences: capacity and registration belong to each. `seatsTaken` is kept in step with the
 * registrations under a row lock, so checking for a free seat never needs a count.
 */
export const eventOccurrences = pgTable(
  'event_occurrences',
  {
    id: text().primaryKey(),
    eventId: text()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** The start the recurrence rule generates (RECURRENCE-ID); null for a one-off event. */
    recurrenceId: timestamp({ withTimezone: true }),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    status: text().notNull().default('scheduled'),
    capacity: integer(),
    seatsTaken: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.eventId, t.startsAt),
    index().on(t.startsAt),
    uniqueIndex('event_occurrences_recurrence_idx').on(t.eventId, t.recurrenceId),
  ],
);

/**
 * Registrations, per occurrence. Name and mobile are kept because organisers must reach registrants; they are
 * masked in every response but to `registrations:read`. Tokens and codes are stored as SHA-256 only.
 */
export const registrations = pgTable(
  'registrations',
  {
    id: text().primaryKey(),
    eventId: text()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    occurrenceId: text()
      .notNull()
      .references(() => eventOccurrences.id, { onDelete: 'cascade' }),
    status: text().notNull(),
    name: text().notNull(),
    mobile: text().notNull(),
    partySize: integer().notNull(),
    /** Seats taken from the occurrence's capacity (the party size, or 1 for a team entry). */
    seats: integer().notNull(),
    age: integer(),
    guardian: jsonb().$type<{ name: string; mobile: string }>(),
    team: jsonb().$type<TeamEntry>(),
    cancelTokenHash: text().notNull(),
    checkInCodeHash: text().notNull(),
    keyId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Orders the waitlist: when the registration (re)entered its current queue. */
    queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp({ withTimezone: true }),
    checkedInAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.occurrenceId, t.status, t.queuedAt),
    index().on(t.eventId),
    // One live registration per mobile and occurrence.
    uniqueIndex('registrations_one_per_mobile_idx')
      .on(t.occurrenceId, t.mobile)
      .where(sql`status in ('pending', 'confirmed', 'waitlisted')`),
  ],
);
