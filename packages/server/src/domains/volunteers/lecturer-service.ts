import type {
  Lecturer,
  LecturerBooking,
  LecturerBookingFeedback,
  LecturerBookingInput,
  LecturerBookingTransition,
  LecturerInput,
  LecturerListQuery,
} from '@kepu/sdk/schema';
import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { maskMobile, maskName } from '../../crypto/pii-cipher.js';
import type { Db } from '../../db/create-database.js';
import { lecturerBookings, lecturers } from '../../db/schema/volunteers.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { Actor, VolunteerServiceDeps } from './context.js';
import { getVolunteerRow } from './volunteer-service.js';

type LecturerRow = typeof lecturers.$inferSelect;
type BookingRow = typeof lecturerBookings.$inferSelect;

async function withBookingStats(db: Db, rows: LecturerRow[]): Promise<Lecturer[]> {
  if (rows.length === 0) return [];
  const stats = await db
    .select({
      lecturerId: lecturerBookings.lecturerId,
      delivered: sql<number>`count(*)::int`,
      rating: sql<number | null>`avg(${lecturerBookings.feedbackRating})::float`,
    })
    .from(lecturerBookings)
    .where(
      and(
        inArray(
          lecturerBookings.lecturerId,
          rows.map((r) => r.id),
        ),
        eq(lecturerBookings.status, 'delivered'),
      ),
    )
    .groupBy(lecturerBookings.lecturerId);
  return rows.map((r) => {
    const s = stats.find((x) => x.lecturerId === r.id);
    return {
      id: r.id,
      name: r.name,
      title: r.title,
      institution: r.institution,
      topics: r.topics,
      spirits: r.spirits as Lecturer['spirits'],
      bio: r.bio,
      district: r.district,
      deliveredCount: s?.delivered ?? 0,
      averageRating: s?.rating === null || s?.rating === undefined ? null : Math.round(Number(s.rating) * 10) / 10,
    };
  });
}

/** A public lecturer profile: what the person agreed to publish (name, title, institution, topics, bio). */
export async function createLecturer(deps: VolunteerServiceDeps, input: z.output<typeof LecturerInput>) {
  const district = input.district ? deps.district(input.district, 'body.district') : null;
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    if (input.volunteerId) await getVolunteerRow(db, input.volunteerId);
    const [row] = await tx
      .insert(lecturers)
      .values({
        id: newId('lec'),
        volunteerId: input.volunteerId ?? null,
        name: input.name,
        title: input.title,
        institution: input.institution,
        topics: [...new Set(input.topics)],
        spirits: [...new Set(input.spirits)],
        bio: input.bio,
        district,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await deps.audit(db, { action: 'lecturer.create', targetType: 'lecturer', targetId: row.id });
    const [result] = await withBookingStats(db, [row]);
    if (!result) throw new Error('lecturer vanished');
    return result;
  });
}

export async function listLecturers(db: Db, query: z.output<typeof LecturerListQuery>) {
  const needle = query.q ? `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
  const rows = await db
    .select()
    .from(lecturers)
    .where(
      and(
        query.topic ? sql`${query.topic} = any(${lecturers.topics})` : undefined,
        query.spirit ? sql`${query.spirit} = any(${lecturers.spirits})` : undefined,
        query.district ? eq(lecturers.district, query.district) : undefined,
        needle
          ? or(
              sql`${lecturers.name} ilike ${needle}`,
              sql`${lecturers.bio} ilike ${needle}`,
              sql`${lecturers.institution} ilike ${needle}`,
              sql`array_to_string(${lecturers.topics}, ' ') ilike ${needle}`,
            )
          : undefined,
        query.cursor ? lt(lecturers.id, String(decodeCursor(query.cursor, 1)[0])) : undefined,
      ),
    )
    .orderBy(desc(lecturers.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: await withBookingStats(db, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

export async function getLecturer(db: Db, id: string) {
  const rows = await db.select().from(lecturers).where(eq(lecturers.id, id));
  const [result] = await withBookingStats(db, rows);
  if (!result) throw notFound(`Lecturer ${id}`);
  return result;
}

function toBooking(row: BookingRow): LecturerBooking {
  return {
    id: row.id,
    lecturerId: row.lecturerId,
    requesterKind: row.requesterKind,
    requesterName: row.requesterName,
    contactName: maskName(row.contactName),
    contactMobile: maskMobile(row.contactMobileLast4),
    preferredDate: row.preferredDate,
    topic: row.topic,
    audienceSize: row.audienceSize,
    note: row.note,
    status: row.status,
    decisionNote: row.decisionNote,
    feedbackRating: row.feedbackRating,
    feedbackComment: row.feedbackComment,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function requestBooking(
  deps: VolunteerServiceDeps,
  actor: Actor,
  lecturerId: string,
  input: z.output<typeof LecturerBookingInput>,
) {
  const today = new Date(deps.now().toISOString().slice(0, 10));
  if (new Date(input.preferredDate) < today) {
    throw badRequest('The preferred date is in the past; choose a future date.', [
      { path: 'body.preferredDate', message: 'must not be in the past' },
    ]);
  }
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await getLecturer(db, lecturerId);
    const [row] = await tx
      .insert(lecturerBookings)
      .values({
        id: newId('lbk'),
        lecturerId,
        requestedByKeyId: actor.keyId,
        requesterKind: input.requesterKind,
        requesterName: input.requesterName,
        contactName: input.contactName,
        contactMobileCipher: deps.pii.encrypt(input.contactMobile),
        contactMobileLast4: input.contactMobile.slice(-4),
        preferredDate: input.preferredDate,
        topic: input.topic,
        audienceSize: input.audienceSize,
        note: input.note,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await deps.audit(db, { action: 'lecturer_booking.request', targetType: 'lecturer_booking', targetId: row.id });
    return toBooking(row);
  });
}

export async function listBookings(db: Db, lecturerId: string) {
  await getLecturer(db, lecturerId);
  const rows = await db
    .select()
    .from(lecturerBookings)
    .where(eq(lecturerBookings.lecturerId, lecturerId))
    .orderBy(asc(lecturerBookings.preferredDate));
  return rows.map(toBooking);
}

const BOOKING_FLOW: Record<BookingRow['status'], readonly BookingRow['status'][]> = {
  requested: ['accepted', 'declined'],
  accepted: ['delivered', 'declined'],
  declined: [],
  delivered: [],
};

/** requested → accepted/declined → delivered; nothing else. */
export async function transitionBooking(
  deps: VolunteerServiceDeps,
  id: string,
  input: z.output<typeof LecturerBookingTransition>,
) {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(lecturerBookings).where(eq(lecturerBookings.id, id)).for('update');
    if (!row) throw notFound(`Booking ${id}`);
    if (!BOOKING_FLOW[row.status].includes(input.status)) {
      throw conflict(
        `A ${row.status} booking cannot become ${input.status}. Allowed next: ${BOOKING_FLOW[row.status].join(', ') || 'none'}.`,
      );
    }
    const [updated] = await tx
      .update(lecturerBookings)
      .set({ status: input.status, decisionNote: input.note ?? row.decisionNote, updatedAt: deps.now() })
      .where(eq(lecturerBookings.id, id))
      .returning();
    await deps.audit(tx as unknown as Db, {
      action: `lecturer_booking.${input.status}`,
      targetType: 'lecturer_booking',
      targetId: id,
    });
    if (!updated) throw notFound(`Booking ${id}`);
    return toBooking(updated);
  });
}

/** Feedback from the requester (the same key that booked), once, after delivery. */
export async function giveFeedback(
  deps: VolunteerServiceDeps,
  actor: Actor,
  id: string,
  input: z.output<typeof LecturerBookingFeedback>,
) {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(lecturerBookings).where(eq(lecturerBookings.id, id)).for('update');
    if (!row) throw notFound(`Booking ${id}`);
    if (row.requestedByKeyId !== actor.keyId) {
      throw new ApiError(403, 'forbidden', 'Only the partner that requested this booking can give feedback on it.');
    }
    if (row.status !== 'delivered') throw conflict('Feedback is possible once the talk was delivered.');
    if (row.feedbackRating !== null) throw conflict('Feedback was already given for this booking.');
    const [updated] = await tx
      .update(lecturerBookings)
      .set({ feedbackRating: input.rating, feedbackComment: input.comment, updatedAt: deps.now() })
      .where(eq(lecturerBookings.id, id))
      .returning();
    if (!updated) throw notFound(`Booking ${id}`);
    return toBooking(updated);
  });
}
