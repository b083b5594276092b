import type {
  Registration,
  RegistrationCreate,
  RegistrationCreated,
  RegistrationStatus,
  TeamEntry,
} from '@kepu/sdk/schema';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { eventOccurrences, events, registrations } from '../../db/schema/events.js';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors.js';
import { newId, randomToken } from '../../ids.js';
import { maskMobile, maskName, normaliseMobile } from './mask.js';
import { isoInZone } from './time-zone.js';
import { hashToken, newCheckInCode, sameToken } from './tokens.js';
import { promoteWaitlist } from './waitlist.js';

export type RegistrationRow = typeof registrations.$inferSelect;

/** Check-in opens this long before an occurrence starts. */
export const CHECK_IN_OPENS_MINUTES = 120;

const LIVE: RegistrationStatus[] = ['pending', 'confirmed', 'waitlisted'];

function maskTeam(team: TeamEntry | null): TeamEntry | null {
  if (!team) return null;
  return { ...team, members: team.members.map((m) => ({ ...m, name: maskName(m.name) })) };
}

/**
 * A registration as the API shows it. Personal data is masked unless `unmasked` (a `registrations:read` caller,
 * audited by the route).
 */
export function registrationDto(
  r: RegistrationRow,
  options: { unmasked?: boolean; waitlistPosition?: number | null } = {},
): Registration {
  const show = options.unmasked
    ? { name: (s: string) => s, mobile: (s: string) => s }
    : { name: maskName, mobile: maskMobile };
  return {
    id: r.id,
    eventId: r.eventId,
    occurrenceId: r.occurrenceId,
    status: r.status as RegistrationStatus,
    partySize: r.partySize,
    seats: r.seats,
    waitlistPosition: options.waitlistPosition ?? null,
    name: show.name(r.name),
    mobile: show.mobile(r.mobile),
    guardian: r.guardian ? { name: show.name(r.guardian.name), mobile: show.mobile(r.guardian.mobile) } : null,
    team: options.unmasked ? r.team : maskTeam(r.team),
    createdAt: r.createdAt.toISOString(),
    checkedInAt: r.checkedInAt ? r.checkedInAt.toISOString() : null,
  };
}

/** 1-based position in the waitlist of a waitlisted registration (queue order: queuedAt, id). */
export async function waitlistPosition(db: Db | Tx, r: RegistrationRow): Promise<number | null> {
  if (r.status !== 'waitlisted') return null;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(registrations)
    .where(
      and(
        eq(registrations.occurrenceId, r.occurrenceId),
        eq(registrations.status, 'waitlisted'),
        sql`(${registrations.queuedAt}, ${registrations.id}) <= (${r.queuedAt.toISOString()}::timestamptz, ${r.id})`,
      ),
    );
  return row?.n ?? null;
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23505') return true;
  }
  return false;
}

/**
 * Registers for one occurrence. The occurrence row is locked (`SELECT … FOR UPDATE`) for the whole transaction, so
 * concurrent registrations are serialised on it and `seatsTaken` never exceeds capacity: a registration is confirmed
 * when its seats fit and nobody waits before it, waitlisted when the event keeps a waitlist, refused (409) otherwise.
 */
export async function register(
  db: Db,
  params: { eventId: string; occurrenceId: string; input: RegistrationCreate; keyId: string | null; now?: Date },
): Promise<RegistrationCreated> {
  const now = params.now ?? new Date();
  const input = params.input;
  try {
    return await db.transaction(async (tx) => {
      // One round trip takes the lock and reads the event: the lock is held for as few statements as possible.
      const [locked] = await tx
        .select({ occurrence: eventOccurrences, event: events })
        .from(eventOccurrences)
        .innerJoin(events, eq(events.id, eventOccurrences.eventId))
        .where(and(eq(eventOccurrences.id, params.occurrenceId), eq(eventOccurrences.eventId, params.eventId)))
        .for('update', { of: eventOccurrences });
      if (!locked) throw notFound(`Occurrence ${params.occurrenceId} of event ${params.eventId}`);
      const { occurrence, event } = locked;
      const rules = event.registration;
      const when = isoInZone(occurrence.startsAt, event.timeZone);

      if (event.status === 'cancelled')
        throw conflict(`The event "${event.title}" is cancelled; it takes no registrations.`);
      if (event.status === 'postponed') {
        throw conflict(`The event "${event.title}" is postponed; registration reopens when the new date is announced.`);
      }
      if (occurrence.status === 'cancelled')
        throw conflict(`The session of ${when} is cancelled; choose another session.`);
      if (!rules.required) throw conflict(`The event "${event.title}" needs no registration: just come.`);
      if (occurrence.startsAt.getTime() <= now.getTime()) {
        throw conflict(`The session of ${when} has already started or is over; choose a later session.`);
      }
      const closesAt = occurrence.startsAt.getTime() - rules.closesMinutesBeforeStart * 60_000;
      if (now.getTime() >= closesAt) {
        throw conflict(
          `Registration for the session of ${when} closed at ${isoInZone(new Date(closesAt), event.timeZone)}.`,
        );
      }
      if (rules.opensAt && now.getTime() < Date.parse(rules.opensAt)) {
        throw conflict(`Registration opens at ${isoInZone(new Date(rules.opensAt), event.timeZone)}.`);
      }

      const partySize = input.partySize ?? 1;
      let seats = partySize;
      let team: TeamEntry | null = null;
      if (event.type === 'competition') {
        const c = event.competition;
        if (!input.team) {
          throw badRequest('Invalid request. body.team: a competition entry needs a team (name, school, members).', [
            { path: 'body.team', message: 'required for competitions' },
          ]);
        }
        team = input.team;
        if (c && (team.members.length < c.minTeamSize || team.members.length > c.maxTeamSize)) {
          throw badRequest(
            `Invalid request. body.team.members: a team has ${c.minTeamSize}–${c.maxTeamSize} members.`,
            [{ path: 'body.team.members', message: `must list ${c.minTeamSize}–${c.maxTeamSize} members` }],
          );
        }
        if (c && c.categories.length > 0 && (!team.category || !c.categories.includes(team.category))) {
          throw badRequest(`Invalid request. body.team.category: one of ${c.categories.join('、')}.`, [
            { path: 'body.team.category', message: `must be one of ${c.categories.join(', ')}` },
          ]);
        }
        seats = 1; // capacity of a competition counts entries
      } else {
        if (input.team) {
          throw badRequest('Invalid request. body.team: team entries are only for competitions.', [
            { path: 'body.team', message: 'only for competitions; remove it' },
          ]);
        }
        if (partySize > rules.maxPartySize) {
          throw badRequest(
            `Invalid request. body.partySize: at most ${rules.maxPartySize} people per registration for this event.`,
            [{ path: 'body.partySize', message: `at most ${rules.maxPartySize} for this event` }],
          );
        }
      }

      const mobile = normaliseMobile(input.mobile);
      const [queue] = await tx
        .select({
          waiting: sql<number>`count(*) filter (where ${registrations.status} = 'waitlisted')::int`,
          duplicate: sql<
            string | null
          >`(array_agg(${registrations.id}) filter (where ${registrations.mobile} = ${mobile} and ${inArray(registrations.status, LIVE)}))[1]`,
        })
        .from(registrations)
        .where(eq(registrations.occurrenceId, occurrence.id));
      if (queue?.duplicate) {
        throw conflict(`This mobile number is already registered for this session (${queue.duplicate}).`);
      }
      const waiting = queue?.waiting ?? 0;
      const fits = occurrence.capacity === null || occurrence.seatsTaken + seats <= occurrence.capacity;
      let status: RegistrationStatus;
      if (fits && waiting === 0) status = 'confirmed';
      else if (rules.waitlist) status = 'waitlisted';
      else {
        throw conflict(
          `The session of ${when} is full (${occurrence.capacity} seats) and keeps no waitlist; choose another session.`,
        );
      }

      const cancelToken = randomToken(24);
      const checkInCode = newCheckInCode();
      const [row] = await tx
        .insert(registrations)
        .values({
          id: newId('reg'),
          eventId: event.id,
          occurrenceId: occurrence.id,
          status,
          name: input.name,
          mobile,
          partySize: team ? team.members.length : partySize,
          seats,
          age: input.age ?? null,
          guardian: input.guardian
            ? { name: input.guardian.name, mobile: normaliseMobile(input.guardian.mobile) }
            : null,
          team,
          cancelTokenHash: hashToken(cancelToken),
          checkInCodeHash: hashToken(checkInCode),
          keyId: params.keyId,
          createdAt: now,
          queuedAt: now,
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      if (status === 'confirmed') {
        await tx
          .update(eventOccurrences)
          .set({ seatsTaken: sql`${eventOccurrences.seatsTaken} + ${seats}` })
          .where(eq(eventOccurrences.id, occurrence.id));
      }
      // Under the lock the queue cannot move, so the new entry's position is simply the queue length plus one.
      const position = status === 'waitlisted' ? waiting + 1 : null;
      return { ...registrationDto(row, { waitlistPosition: position }), cancelToken, checkInCode };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('This mobile number is already registered for this session.');
    throw error;
  }
}

/**
 * Cancels a registration with its cancellation token. Freed seats go to the waitlist, in order, in the same
 * transaction. Cancelling twice answers the cancelled registration again.
 */
export async function cancelRegistration(db: Db, params: { id: string; token: string; now?: Date }) {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(registrations).where(eq(registrations.id, params.id));
    if (!found) throw notFound(`Registration ${params.id}`);
    if (!sameToken(params.token, found.cancelTokenHash)) {
      throw new ApiError(
        403,
        'forbidden',
        'The cancellation token does not match this registration. Use the token given at registration.',
      );
    }
    // Lock the occurrence first (same order as registering), then re-read the registration under the lock.
    await tx
      .select({ id: eventOccurrences.id })
      .from(eventOccurrences)
      .where(eq(eventOccurrences.id, found.occurrenceId))
      .for('update');
    const [r] = await tx.select().from(registrations).where(eq(registrations.id, params.id));
    if (!r) throw notFound(`Registration ${params.id}`);
    if (r.status === 'cancelled') return { registration: registrationDto(r), promoted: [] as string[] };
    if (r.status === 'attended' || r.status === 'no_show') {
      throw conflict(
        `This registration is already ${r.status === 'attended' ? 'checked in' : 'marked as no-show'}; it can no longer be cancelled.`,
      );
    }
    const [updated] = await tx
      .update(registrations)
      .set({ status: 'cancelled', cancelledAt: now })
      .where(eq(registrations.id, r.id))
      .returning();
    let promoted: string[] = [];
    if (r.status === 'confirmed' || r.status === 'pending') {
      await tx
        .update(eventOccurrences)
        .set({ seatsTaken: sql`${eventOccurrences.seatsTaken} - ${r.seats}` })
        .where(eq(eventOccurrences.id, r.occurrenceId));
      promoted = await promoteWaitlist(tx, r.occurrenceId);
    }
    return { registration: registrationDto(updated ?? r), promoted };
  });
}

/**
 * Checks a confirmed registration in with the code the registrant shows. Opens two hours before the start; a
 * second check-in is a 409 naming the first.
 */
export async function checkIn(tx: Tx, params: { id: string; code: string; now?: Date }) {
  const now = params.now ?? new Date();
  const [r] = await tx.select().from(registrations).where(eq(registrations.id, params.id)).for('update');
  if (!r) throw notFound(`Registration ${params.id}`);
  const [occurrence] = await tx.select().from(eventOccurrences).where(eq(eventOccurrences.id, r.occurrenceId));
  const [event] = await tx.select().from(events).where(eq(events.id, r.eventId));
  if (!occurrence || !event) throw notFound(`Registration ${params.id}`);
  if (!sameToken(params.code.toUpperCase(), r.checkInCodeHash)) {
    throw new ApiError(403, 'forbidden', 'The check-in code does not match this registration.');
  }
  if (r.status === 'attended') {
    throw conflict(`Already checked in at ${isoInZone(r.checkedInAt ?? now, event.timeZone)}.`);
  }
  if (r.status !== 'confirmed') throw conflict(`Only confirmed registrations check in; this one is ${r.status}.`);
  if (occurrence.status === 'cancelled' || event.status === 'cancelled') throw conflict('This session is cancelled.');
  const opens = occurrence.startsAt.getTime() - CHECK_IN_OPENS_MINUTES * 60_000;
  if (now.getTime() < opens) {
    throw conflict(`Check-in opens at ${isoInZone(new Date(opens), event.timeZone)}, two hours before the start.`);
  }
  const [updated] = await tx
    .update(registrations)
    .set({ status: 'attended', checkedInAt: now })
    .where(eq(registrations.id, r.id))
    .returning();
  return { registration: registrationDto(updated ?? r), event };
}

/** Registrations of one occurrence in queue order (for the organiser). */
export async function listRegistrations(db: Db | Tx, occurrenceId: string) {
  return db
    .select()
    .from(registrations)
    .where(eq(registrations.occurrenceId, occurrenceId))
    .orderBy(asc(registrations.createdAt), asc(registrations.id));
}

/**
 * Closes a session after it ended: confirmed registrations that never checked in become `no_show` (attendance
 * statistics count them). Idempotent; 409 before the end.
 */
export async function closeOccurrence(tx: Tx, params: { eventId: string; occurrenceId: string; now?: Date }) {
  const now = params.now ?? new Date();
  const [occurrence] = await tx
    .select()
    .from(eventOccurrences)
    .where(and(eq(eventOccurrences.id, params.occurrenceId), eq(eventOccurrences.eventId, params.eventId)))
    .for('update');
  if (!occurrence) throw notFound(`Occurrence ${params.occurrenceId} of event ${params.eventId}`);
  if (occurrence.endsAt.getTime() > now.getTime()) {
    throw conflict(`The session ends at ${occurrence.endsAt.toISOString()}; close it after it ends.`);
  }
  await tx
    .update(registrations)
    .set({ status: 'no_show' })
    .where(and(eq(registrations.occurrenceId, occurrence.id), eq(registrations.status, 'confirmed')));
  const [counts] = await tx
    .select({
      attended: sql<number>`count(*) filter (where ${registrations.status} = 'attended')::int`,
      noShow: sql<number>`count(*) filter (where ${registrations.status} = 'no_show')::int`,
    })
    .from(registrations)
    .where(eq(registrations.occurrenceId, occurrence.id));
  return { occurrenceId: occurrence.id, attended: counts?.attended ?? 0, noShow: counts?.noShow ?? 0 };
}
