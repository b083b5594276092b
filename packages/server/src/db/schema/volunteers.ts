import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { apiKeys, organizations } from './access.js';
import { events } from './events.js';

/**
 * Volunteers (科技志愿者, 科普中国信息员, 宣讲团). Personal data is kept to what the service needs: the mobile and
 * email are AES-256-GCM ciphertexts, `mobileIndex` is an HMAC blind index for duplicate detection. No ID-card
 * numbers. Erasure deletes the row (and, by cascade, everything about the person); approved hours first move to
 * `volunteer_hour_aggregates`.
 */
export const volunteers = pgTable(
  'volunteers',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    mobileCipher: text().notNull(),
    mobileIndex: text().notNull(),
    /** Last four digits only, so masked displays need no decryption. */
    mobileLast4: text().notNull(),
    emailCipher: text(),
    birthDate: date({ mode: 'string' }),
    minor: boolean().notNull().default(false),
    district: text().notNull(),
    organization: text(),
    organizationKind: text(),
    skills: text().array().notNull().default(sql`'{}'::text[]`),
    roles: text().array().notNull().default(sql`'{}'::text[]`),
    status: text({ enum: ['applicant', 'active', 'suspended', 'archived'] })
      .notNull()
      .default('applicant'),
    statusReason: text(),
    tokenHash: text().notNull(),
    /** A staff key this volunteer operates: that key may not approve this volunteer's hours. */
    staffKeyId: text().references(() => apiKeys.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('volunteers_mobile_index_idx').on(t.mobileIndex),
    uniqueIndex('volunteers_token_hash_idx').on(t.tokenHash),
    index().on(t.status, t.id),
    index().on(t.district),
  ],
);

/** What a volunteer (or a minor's guardian) agreed to, under which notice version, and when it was withdrawn. */
export const volunteerConsents = pgTable(
  'volunteer_consents',
  {
    id: text().primaryKey(),
    volunteerId: text()
      .notNull()
      .references(() => volunteers.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['volunteer', 'guardian'] }).notNull(),
    noticeVersion: text().notNull(),
    purposes: text().array().notNull(),
    /** Guardian's name and relationship, for guardian consents (erased with the volunteer). */
    guardian: jsonb().$type<{ name: string; relationship: string }>(),
    agreedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.volunteerId)],
);

/** A need for volunteers, tied to an event or a 科普课堂, owned by the organisation that records the hours. */
export const volunteerOpportunities = pgTable(
  'volunteer_opportunities',
  {
    id: text().primaryKey(),
    organizationId: text()
      .notNull()
      .references(() => organizations.id),
    title: text().notNull(),
    description: text().notNull().default(''),
    eventId: text().references(() => events.id, { onDelete: 'set null' }),
    /** A 科普课堂 (no table of its own yet): free identifier of the classroom programme. */
    classroomId: text(),
    district: text().notNull(),
    roles: text().array().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Recruitment closed (招募结束): no new shifts or sign-ups; existing assignments stand. Null while open. */
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.district), index().on(t.eventId)],
);

/** A shift: `filled` is the number of live (scheduled or completed) assignments and never exceeds `slots`. */
export const volunteerShifts = pgTable(
  'volunteer_shifts',
  {
    id: text().primaryKey(),
    opportunityId: text()
      .notNull()
      .references(() => volunteerOpportunities.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    place: text().notNull(),
    slots: integer().notNull(),
    filled: integer().notNull().default(0),
    requiredSkills: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.opportunityId),
    index().on(t.startsAt),
    check('volunteer_shifts_filled_within_slots', sql`${t.filled} >= 0 and ${t.filled} <= ${t.slots}`),
    check('volunteer_shifts_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const shiftAssignments = pgTable(
  'volunteer_assignments',
  {
    id: text().primaryKey(),
    shiftId: text()
      .notNull()
      .references(() => volunteerShifts.id),
    volunteerId: text()
      .notNull()
      .references(() => volunteers.id, { onDelete: 'cascade' }),
    status: text({ enum: ['scheduled', 'completed', 'no_show', 'cancelled'] })
      .notNull()
      .default('scheduled'),
    checkedInAt: timestamp({ withTimezone: true }),
    checkedOutAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.volunteerId),
    index().on(t.shiftId),
    // One live assignment per volunteer and shift; a cancelled one does not block signing up again.
    uniqueIndex('volunteer_assignments_live_idx').on(t.shiftId, t.volunteerId).where(sql`${t.status} <> 'cancelled'`),
  ],
);

/**
 * Hours: append-only. A decision sets status once; a correction is a new record pointing at the one it corrects,
 * which is marked superseded when the correction is approved.
 */
export const serviceRecords = pgTable(
  'volunteer_service_records',
  {
    id: text().primaryKey(),
    volunteerId: text()
      .notNull()
      .references(() => volunteers.id, { onDelete: 'cascade' }),
    organizationId: text()
      .notNull()
      .references(() => organizations.id),
    shiftId: text().references(() => volunteerShifts.id),
    assignmentId: text().references(() => shiftAssignments.id),
    source: text({ enum: ['check_in', 'staff_entry', 'back_entry', 'import'] }).notNull(),
    serviceDate: date({ mode: 'string' }).notNull(),
    description: text().notNull(),
    scheduledMinutes: integer(),
    creditedMinutes: integer().notNull(),
    reason: text(),
    status: text({ enum: ['pending', 'approved', 'declined'] })
      .notNull()
      .default('pending'),
    correctsRecordId: text(),
    supersededBy: text(),
    recordedByKeyId: text(),
    recordedByVolunteer: boolean().notNull().default(false),
    decidedByKeyId: text(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.volunteerId, t.serviceDate),
    index().on(t.status),
    uniqueIndex('volunteer_service_records_assignment_idx').on(t.assignmentId).where(sql`${t.source} = 'check_in'`),
    check('volunteer_service_records_minutes', sql`${t.creditedMinutes} >= 0 and ${t.creditedMinutes} <= 1440`),
  ],
);

/** Approved minutes of erased volunteers, by month, district and organisation: no person behind them. */
export const volunteerHourAggregates = pgTable(
  'volunteer_hour_aggregates',
  {
    month: text().notNull(),
    district: text().notNull(),
    organizationId: text().notNull(),
    minutes: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.district, t.organizationId] })],
);

/** 志愿服务记录证明: a snapshot of approved hours for a period, issued by the organisation that recorded them. */
export const volunteerCertificates = pgTable(
  'volunteer_certificates',
  {
    code: text().primaryKey(),
    volunteerId: text().references(() => volunteers.id, { onDelete: 'set null' }),
    organizationId: text()
      .notNull()
      .references(() => organizations.id),
    volunteerName: text(),
    periodStart: date({ mode: 'string' }).notNull(),
    periodEnd: date({ mode: 'string' }).notNull(),
    approvedMinutes: integer().notNull(),
    recordCount: integer().notNull(),
    recordIds: text().array().notNull(),
    issuedByKeyId: text(),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.volunteerId)],
);

/** Public lecturer profiles (宣讲团): what a community, school or enterprise needs to choose a speaker. */
export const lecturers = pgTable(
  'lecturers',
  {
    id: text().primaryKey(),
    volunteerId: text().references(() => volunteers.id, { onDelete: 'set null' }),
    name: text().notNull(),
    title: text().notNull().default(''),
    institution: text().notNull().default(''),
    topics: text().array().notNull(),
    spirits: text().array().notNull().default(sql`'{}'::text[]`),
    bio: text().notNull().default(''),
    district: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.district)],
);

export const lecturerBookings = pgTable(
  'lecturer_bookings',
  {
    id: text().primaryKey(),
    lecturerId: text()
      .notNull()
      .references(() => lecturers.id),
    requestedByKeyId: text(),
    requesterKind: text({ enum: ['community', 'school', 'enterprise', 'other'] }).notNull(),
    requesterName: text().notNull(),
    contactName: text().notNull(),
    contactMobileCipher: text().notNull(),
    contactMobileLast4: text().notNull(),
    preferredDate: date({ mode: 'string' }).notNull(),
    topic: text().notNull(),
    audienceSize: integer().notNull(),
    note: text().notNull().default(''),
    status: text({ enum: ['requested', 'accepted', 'declined', 'delivered'] })
      .notNull()
      .default('requested'),
    decisionNote: text(),
    feedbackRating: smallint(),
    feedbackComment: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.lecturerId)],
);

/** What a 科普中国信息员 did: shares of science content and rumour reports passed to the 辟谣 team. */
export const officerActivities = pgTable(
  'information_officer_activities',
  {
    id: text().primaryKey(),
    volunteerId: text()
      .notNull()
      .references(() => volunteers.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['share', 'rumour_report'] }).notNull(),
    title: text().notNull(),
    url: text(),
    channel: text(),
    note: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.volunteerId, t.kind)],
);

/** Officer activity counts of erased volunteers, by month and kind. */
export const officerActivityAggregates = pgTable(
  'information_officer_activity_aggregates',
  {
    month: text().notNull(),
    kind: text().notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.kind] })],
);
