import type { Opportunity, OpportunityInput, OpportunityListQuery, VolunteerShiftInput } from '@kepu/sdk/schema';
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/create-database.js';
import { organizations } from '../../db/schema/access.js';
import { events } from '../../db/schema/events.js';
import {
  serviceRecords,
  shiftAssignments,
  volunteerOpportunities,
  volunteerShifts,
} from '../../db/schema/volunteers.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors.js';
import { newId } from '../../ids.js';
import { syncOpportunityKnowledge } from '../assistant/sources.js';
import { type Actor, isUniqueViolation, type VolunteerServiceDeps } from './context.js';
import { shiftMinutes, toAssignment, toServiceRecord, toShift } from './mappers.js';
import { getVolunteerRow } from './volunteer-service.js';

type OpportunityRow = typeof volunteerOpportunities.$inferSelect;
type ShiftRow = typeof volunteerShifts.$inferSelect;

/** Check-in opens this long before a shift starts. */
const CHECK_IN_EARLY_MS = 60 * 60_000;

function requireOrganization(actor: Actor): string {
  if (!actor.organizationId)
    throw new ApiError(403, 'forbidden', 'This operation needs a staff key of an organisation.');
  return actor.organizationId;
}

async function withShifts(db: Db, rows: OpportunityRow[]): Promise<Opportunity[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const shiftRows = await db
    .select()
    .from(volunteerShifts)
    .where(inArray(volunteerShifts.opportunityId, ids))
    .orderBy(asc(volunteerShifts.startsAt));
  const orgRows = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, [...new Set(rows.map((r) => r.organizationId))]));
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    eventId: r.eventId,
    classroomId: r.classroomId,
    district: r.district,
    roles: r.roles as Opportunity['roles'],
    organizationId: r.organizationId,
    organizationName: orgName.get(r.organizationId) ?? '',
    shifts: shiftRows.filter((s) => s.opportunityId === r.id).map(toShift),
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt ? r.closedAt.toISOString() : null,
  }));
}

export async function createOpportunity(
  deps: VolunteerServiceDeps,
  actor: Actor,
  input: z.output<typeof OpportunityInput>,
): Promise<Opportunity> {
  const organizationId = requireOrganization(actor);
  const district = deps.district(input.district, 'body.district');
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    if (input.eventId) {
      const [event] = await tx.select({ id: events.id }).from(events).where(eq(events.id, input.eventId));
      if (!event) {
        throw badRequest(
          `Event ${input.eventId} does not exist. Link the opportunity to an existing event, or omit eventId.`,
          [{ path: 'body.eventId', message: 'unknown event' }],
        );
      }
    }
    const [row] = await tx
      .insert(volunteerOpportunities)
      .values({
        id: newId('opp'),
        organizationId,
        title: input.title,
        description: input.description,
        eventId: input.eventId ?? null,
        classroomId: input.classroomId ?? null,
        district,
        roles: [...new Set(input.roles)],
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await deps.audit(db, { action: 'opportunity.create', targetType: 'opportunity', targetId: row.id });
    // The assistant offers opportunities with a shift to come: indexed (or not) in this same transaction.
    await syncOpportunityKnowledge(tx, row.id, { now: deps.now(), timeZone: deps.timeZone });
    const [result] = await withShifts(db, [row]);
    if (!result) throw new Error('opportunity vanished');
    return result;
  });
}

export async function addShift(
  deps: VolunteerServiceDeps,
  actor: Actor,
  opportunityId: string,
  input: z.output<typeof VolunteerShiftInput>,
) {
  const organizationId = requireOrganization(actor);
  return deps.db.transaction(async (tx) => {
    const [opportunity] = await tx
      .select()
      .from(volunteerOpportunities)
      .where(eq(volunteerOpportunities.id, opportunityId));
    if (!opportunity) throw notFound(`Opportunity ${opportunityId}`);
    if (opportunity.organizationId !== organizationId) {
      throw new ApiError(403, 'forbidden', 'Only the organisation that owns this opportunity can add shifts to it.');
    }
    if (opportunity.closedAt) {
      throw conflict(
        `Recruitment for this opportunity closed at ${opportunity.closedAt.toISOString()}; create a new opportunity.`,
      );
    }
    const [row] = await tx
      .insert(volunteerShifts)
      .values({
        id: newId('shf'),
        opportunityId,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        place: input.place,
        slots: input.slots,
        requiredSkills: [...new Set(input.requiredSkills)],
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await deps.audit(tx as unknown as Db, { action: 'shift.create', targetType: 'shift', targetId: row.id });
    await syncOpportunityKnowledge(tx, opportunityId, { now: deps.now(), timeZone: deps.timeZone });
    return toShift(row);
  });
}

/**
 * Closes recruitment (招募结束): no new shifts or sign-ups; assignments already made stand. The assistant's index
 * drops it in the same transaction. Closing a closed opportunity is a 409 naming when it was closed.
 */
export async function closeOpportunity(deps: VolunteerServiceDeps, actor: Actor, id: string): Promise<Opportunity> {
  const organizationId = requireOrganization(actor);
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [opportunity] = await tx
      .select()
      .from(volunteerOpportunities)
      .where(eq(volunteerOpportunities.id, id))
      .for('update');
    if (!opportunity) throw notFound(`Opportunity ${id}`);
    if (opportunity.organizationId !== organizationId) {
      throw new ApiError(403, 'forbidden', 'Only the organisation that owns this opportunity can close it.');
    }
    if (opportunity.closedAt) {
      throw conflict(`This opportunity was already closed at ${opportunity.closedAt.toISOString()}.`);
    }
    const [row] = await tx
      .update(volunteerOpportunities)
      .set({ closedAt: deps.now() })
      .where(eq(volunteerOpportunities.id, id))
      .returning();
    if (!row) throw new Error('update returned no row');
    await deps.audit(db, { action: 'opportunity.close', targetType: 'opportunity', targetId: id });
    await syncOpportunityKnowledge(tx, id, { now: deps.now(), timeZone: deps.timeZone });
    const [result] = await withShifts(db, [row]);
    if (!result) throw new Error('opportunity vanished');
    return result;
  });
}

export async function listOpportunities(db: Db, query: z.output<typeof OpportunityListQuery>) {
  const shiftFilters = [
    query.from ? gt(volunteerShifts.endsAt, new Date(query.from)) : undefined,
    query.to ? lt(volunteerShifts.startsAt, new Date(query.to)) : undefined,
    query.skill ? sql`${query.skill} = any(${volunteerShifts.requiredSkills})` : undefined,
    query.openOnly ? lt(volunteerShifts.filled, volunteerShifts.slots) : undefined,
  ].filter((c) => c !== undefined);
  const needle = query.q ? `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : undefined;
  const conditions = [
    // A closed opportunity takes no sign-ups, so it is not listed (it stays readable by its id).
    isNull(volunteerOpportunities.closedAt),
    query.district ? eq(volunteerOpportunities.district, query.district) : undefined,
    query.role ? sql`${query.role} = any(${volunteerOpportunities.roles})` : undefined,
    query.eventId ? eq(volunteerOpportunities.eventId, query.eventId) : undefined,
    needle
      ? or(
          sql`${volunteerOpportunities.title} ilike ${needle}`,
          sql`${volunteerOpportunities.description} ilike ${needle}`,
        )
      : undefined,
    shiftFilters.length
      ? sql`exists (select 1 from ${volunteerShifts} where ${volunteerShifts.opportunityId} = ${volunteerOpportunities.id} and ${and(...shiftFilters)})`
      : undefined,
    query.cursor ? lt(volunteerOpportunities.id, String(decodeCursor(query.cursor, 1)[0])) : undefined,
  ];
  const rows = await db
    .select()
    .from(volunteerOpportunities)
    .where(and(...conditions))
    .orderBy(desc(volunteerOpportunities.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: await withShifts(db, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

export async function getOpportunity(db: Db, id: string): Promise<Opportunity> {
  const rows = await db.select().from(volunteerOpportunities).where(eq(volunteerOpportunities.id, id));
  const [result] = await withShifts(db, rows);
  if (!result) throw notFound(`Opportunity ${id}`);
  return result;
}

/**
 * Signs a volunteer up for a shift. The volunteer row is locked first (so two sign-ups of one person serialise and
 * the overlap check sees the other), then the slot is taken with a conditional UPDATE (`filled < slots`), which
 * PostgreSQL re-checks after waiting for a concurrent writer: a shift is never oversold.
 */
export async function signUp(
  deps: VolunteerServiceDeps,
  volunteerId: string,
  shiftId: string,
  options: { staffOrganizationId?: string | null } = {},
) {
  try {
    return await deps.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      const now = deps.now();
      const volunteer = await getVolunteerRow(db, volunteerId, { lock: true });
      if (volunteer.status !== 'active') {
        throw conflict(
          volunteer.status === 'applicant'
            ? 'This registration is still under review; sign-up opens once the association activates it.'
            : `This volunteer is ${volunteer.status} and cannot sign up for shifts.`,
        );
      }
      const [shift] = await tx.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId));
      if (!shift) throw notFound(`Shift ${shiftId}`);
      const [opportunity] = await tx
        .select({ organizationId: volunteerOpportunities.organizationId, closedAt: volunteerOpportunities.closedAt })
        .from(volunteerOpportunities)
        .where(eq(volunteerOpportunities.id, shift.opportunityId));
      if (options.staffOrganizationId !== undefined) {
        if (opportunity?.organizationId !== options.staffOrganizationId) {
          throw new ApiError(
            403,
            'forbidden',
            'Only the organisation that runs this shift can sign volunteers up for it.',
          );
        }
      }
      if (opportunity?.closedAt)
        throw conflict('Recruitment for this opportunity is closed; choose another opportunity.');
      if (shift.startsAt <= now) throw conflict('This shift has already started; choose a later shift.');
      const missing = shift.requiredSkills.filter((s) => !volunteer.skills.includes(s));
      if (missing.length) {
        throw new ApiError(
          422,
          'unprocessable',
          `This shift needs skills the volunteer has not registered: ${missing.join(', ')}.`,
          missing.map((s) => ({ path: 'shift.requiredSkills', message: `missing skill ${s}` })),
        );
      }
      const overlapping = await tx
        .select({ id: volunteerShifts.id, startsAt: volunteerShifts.startsAt, endsAt: volunteerShifts.endsAt })
        .from(shiftAssignments)
        .innerJoin(volunteerShifts, eq(volunteerShifts.id, shiftAssignments.shiftId))
        .where(
          and(
            eq(shiftAssignments.volunteerId, volunteerId),
            inArray(shiftAssignments.status, ['scheduled', 'completed']),
            lt(volunteerShifts.startsAt, shift.endsAt),
            gt(volunteerShifts.endsAt, shift.startsAt),
          ),
        );
      const clash = overlapping[0];
      if (clash) {
        throw conflict(
          clash.id === shiftId
            ? 'This volunteer is already signed up for this shift.'
            : `This shift overlaps shift ${clash.id} (${clash.startsAt.toISOString()}–${clash.endsAt.toISOString()}) the volunteer is already signed up for. Cancel that one first.`,
        );
      }
      const taken = await tx
        .update(volunteerShifts)
        .set({ filled: sql`${volunteerShifts.filled} + 1` })
        .where(and(eq(volunteerShifts.id, shiftId), lt(volunteerShifts.filled, volunteerShifts.slots)))
        .returning();
      const updatedShift = taken[0];
      if (!updatedShift) throw conflict('This shift is full. Choose another shift or check back for cancellations.');
      const [row] = await tx
        .insert(shiftAssignments)
        .values({ id: newId('asg'), shiftId, volunteerId, status: 'scheduled' })
        .returning();
      if (!row) throw new Error('insert returned no row');
      await deps.audit(db, { action: 'shift.sign_up', targetType: 'assignment', targetId: row.id });
      return toAssignment(row, updatedShift);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('This volunteer is already signed up for this shift.');
    throw error;
  }
}

async function lockAssignment(tx: Db, id: string) {
  const [row] = await tx.select().from(shiftAssignments).where(eq(shiftAssignments.id, id)).for('update');
  if (!row) throw notFound(`Assignment ${id}`);
  const [shift] = await tx.select().from(volunteerShifts).where(eq(volunteerShifts.id, row.shiftId));
  if (!shift) throw notFound(`Shift ${row.shiftId}`);
  return { assignment: row, shift };
}

/** Staff may act on assignments of their organisation's shifts; a volunteer only on their own. */
async function assertMayAct(tx: Db, actor: Actor, assignment: { volunteerId: string }, shift: ShiftRow) {
  if (actor.volunteerId) {
    if (actor.volunteerId !== assignment.volunteerId) throw notFound('Assignment');
    return;
  }
  const [opportunity] = await tx
    .select({ organizationId: volunteerOpportunities.organizationId })
    .from(volunteerOpportunities)
    .where(eq(volunteerOpportunities.id, shift.opportunityId));
  if (opportunity?.organizationId !== actor.organizationId) {
    throw new ApiError(403, 'forbidden', 'Only the organisation that runs this shift can manage its assignments.');
  }
}

export async function cancelAssignment(deps: VolunteerServiceDeps, actor: Actor, id: string) {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const { assignment, shift } = await lockAssignment(db, id);
    await assertMayAct(db, actor, assignment, shift);
    if (assignment.status !== 'scheduled')
      throw conflict(`This assignment is ${assignment.status}; only a scheduled one can be cancelled.`);
    if (assignment.checkedInAt) throw conflict('The volunteer has checked in; check out instead of cancelling.');
    const now = deps.now();
    const [row] = await tx
      .update(shiftAssignments)
      .set({ status: 'cancelled', cancelledAt: now })
      .where(eq(shiftAssignments.id, id))
      .returning();
    const [updatedShift] = await tx
      .update(volunteerShifts)
      .set({ filled: sql`${volunteerShifts.filled} - 1` })
      .where(eq(volunteerShifts.id, shift.id))
      .returning();
    await deps.audit(db, { action: 'shift.cancel', targetType: 'assignment', targetId: id });
    if (!row) throw notFound(`Assignment ${id}`);
    return toAssignment(row, updatedShift);
  });
}

export async function checkIn(deps: VolunteerServiceDeps, actor: Actor, id: string, at: Date | undefined) {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const { assignment, shift } = await lockAssignment(db, id);
    await assertMayAct(db, actor, assignment, shift);
    if (at && actor.volunteerId)
      throw new ApiError(403, 'forbidden', 'Only staff may record a check-in time other than now.');
    const when = at ?? deps.now();
    assertNotFuture(when, deps.now());
    if (assignment.status !== 'scheduled')
      throw conflict(`This assignment is ${assignment.status}; it cannot be checked in.`);
    if (assignment.checkedInAt) throw conflict(`Already checked in at ${assignment.checkedInAt.toISOString()}.`);
    if (when.getTime() < shift.startsAt.getTime() - CHECK_IN_EARLY_MS || when > shift.endsAt) {
      throw conflict(
        `Check-in is open from one hour before the shift starts until it ends (${shift.startsAt.toISOString()}–${shift.endsAt.toISOString()}).`,
      );
    }
    const [row] = await tx
      .update(shiftAssignments)
      .set({ checkedInAt: when })
      .where(eq(shiftAssignments.id, id))
      .returning();
    await deps.audit(db, { action: 'shift.check_in', targetType: 'assignment', targetId: id });
    if (!row) throw notFound(`Assignment ${id}`);
    return toAssignment(row, shift);
  });
}

/**
 * Check-out completes the assignment and writes a pending service record: scheduled minutes = the shift's length,
 * credited = time on site, capped at the shift's length (more needs a staff entry with a reason).
 */
export async function checkOut(deps: VolunteerServiceDeps, actor: Actor, id: string, at: Date | undefined) {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const { assignment, shift } = await lockAssignment(db, id);
    await assertMayAct(db, actor, assignment, shift);
    if (at && actor.volunteerId)
      throw new ApiError(403, 'forbidden', 'Only staff may record a check-out time other than now.');
    if (!assignment.checkedInAt) {
      throw conflict('This assignment has no check-in yet: check in first, then check out.');
    }
    if (assignment.checkedOutAt) throw conflict(`Already checked out at ${assignment.checkedOutAt.toISOString()}.`);
    const when = at ?? deps.now();
    assertNotFuture(when, deps.now());
    if (when < assignment.checkedInAt) {
      throw conflict(`The check-out time is before the check-in (${assignment.checkedInAt.toISOString()}).`);
    }
    const scheduled = shiftMinutes(shift);
    const onSite = Math.floor((when.getTime() - assignment.checkedInAt.getTime()) / 60_000);
    const [row] = await tx
      .update(shiftAssignments)
      .set({ checkedOutAt: when, status: 'completed' })
      .where(eq(shiftAssignments.id, id))
      .returning();
    const [opportunity] = await tx
      .select()
      .from(volunteerOpportunities)
      .where(eq(volunteerOpportunities.id, shift.opportunityId));
    if (!row || !opportunity) throw notFound(`Assignment ${id}`);
    const [record] = await tx
      .insert(serviceRecords)
      .values({
        id: newId('svr'),
        volunteerId: assignment.volunteerId,
        organizationId: opportunity.organizationId,
        shiftId: shift.id,
        assignmentId: id,
        source: 'check_in',
        serviceDate: serviceDateOf(assignment.checkedInAt, deps.timeZone),
        description: opportunity.title,
        scheduledMinutes: scheduled,
        creditedMinutes: Math.min(onSite, scheduled),
        recordedByKeyId: actor.keyId,
        recordedByVolunteer: actor.volunteerId !== null,
      })
      .returning();
    await deps.audit(db, { action: 'shift.check_out', targetType: 'assignment', targetId: id });
    if (!record) throw new Error('insert returned no row');
    return { assignment: toAssignment(row, shift), serviceRecord: toServiceRecord(record) };
  });
}

export async function markNoShow(deps: VolunteerServiceDeps, actor: Actor, id: string) {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const { assignment, shift } = await lockAssignment(db, id);
    if (actor.volunteerId) throw new ApiError(403, 'forbidden', 'Only staff may mark a no-show.');
    await assertMayAct(db, actor, assignment, shift);
    if (assignment.status !== 'scheduled' || assignment.checkedInAt) {
      throw conflict('Only a scheduled assignment without a check-in can be marked as a no-show.');
    }
    if (shift.startsAt > deps.now())
      throw conflict('The shift has not started yet; a no-show can be marked once it has.');
    const [row] = await tx
      .update(shiftAssignments)
      .set({ status: 'no_show' })
      .where(eq(shiftAssignments.id, id))
      .returning();
    const [updatedShift] = await tx
      .update(volunteerShifts)
      .set({ filled: sql`${volunteerShifts.filled} - 1` })
      .where(eq(volunteerShifts.id, shift.id))
      .returning();
    await deps.audit(db, { action: 'shift.no_show', targetType: 'assignment', targetId: id });
    if (!row) throw notFound(`Assignment ${id}`);
    return toAssignment(row, updatedShift);
  });
}

/** Back-entry records what happened; a time in the future (beyond clock skew) is a mistake. */
function assertNotFuture(at: Date, now: Date) {
  if (at.getTime() > now.getTime() + 5 * 60_000) {
    throw badRequest('The time is in the future. Record check-in and check-out when they happen, or a past time.', [
      { path: 'body.at', message: 'must not be in the future' },
    ]);
  }
}

/** The calendar date (in the association's time zone) a service happened on. */
export function serviceDateOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export async function listVolunteerAssignments(db: Db, volunteerId: string) {
  const rows = await db
    .select()
    .from(shiftAssignments)
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, shiftAssignments.shiftId))
    .where(eq(shiftAssignments.volunteerId, volunteerId))
    .orderBy(asc(volunteerShifts.startsAt));
  return rows.map((r) => toAssignment(r.volunteer_assignments, r.volunteer_shifts));
}
