import type {
  VolunteerListQuery,
  VolunteerPersonalData,
  VolunteerRegistration,
  VolunteerStatus,
} from '@kepu/sdk/schema';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { hashToken } from '../../access/keys.js';
import type { Db } from '../../db/create-database.js';
import { apiKeys } from '../../db/schema/access.js';
import {
  officerActivities,
  officerActivityAggregates,
  serviceRecords,
  shiftAssignments,
  volunteerCertificates,
  volunteerConsents,
  volunteerHourAggregates,
  volunteerShifts,
  volunteers,
} from '../../db/schema/volunteers.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors.js';
import { newId, randomToken } from '../../ids.js';
import { isUniqueViolation, type VolunteerServiceDeps } from './context.js';
import { toPersonalData, toVolunteer } from './mappers.js';

/** A registration after validation (mobile normalised, defaults applied). */
type Registration = z.output<typeof VolunteerRegistration>;
type ListQuery = z.output<typeof VolunteerListQuery>;
export type VolunteerRow = typeof volunteers.$inferSelect;

/** Age below which a guardian must consent (《个人信息保护法》 art. 31). */
const GUARDIAN_AGE = 14;

const DUPLICATE_HINT =
  'A volunteer with this mobile number is already registered. Use the volunteer token you received at registration ' +
  '(X-Volunteer-Token) to see or change your record, or ask the association to issue a new token.';

export function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age -= 1;
  return age;
}

/**
 * Registers a volunteer as `applicant` with their consent records. Returns the self-service token once; only its
 * SHA-256 is stored. Same mobile twice → 409 (also under a race, through the unique blind index).
 */
export async function registerVolunteer(deps: VolunteerServiceDeps, input: Registration) {
  const now = deps.now();
  const age = ageOn(input.birthDate, now);
  if (age < 0 || age > 120) {
    throw badRequest('The birth date is not plausible. Send it as YYYY-MM-DD, e.g. 1990-05-17.', [
      { path: 'body.birthDate', message: 'must be a past date within the last 120 years' },
    ]);
  }
  const minor = age < GUARDIAN_AGE;
  if (minor && !input.guardianConsent) {
    throw badRequest('Volunteers under 14 need a guardian’s consent. Add `guardianConsent` and send again.', [
      { path: 'body.guardianConsent', message: 'required because the volunteer is under 14' },
    ]);
  }
  const district = deps.district(input.district, 'body.district');
  const mobileIndex = deps.pii.blindIndex(input.mobile);
  const token = `vt_${randomToken(24)}`;
  const id = newId('vol');
  try {
    const row = await deps.db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: volunteers.id })
        .from(volunteers)
        .where(eq(volunteers.mobileIndex, mobileIndex));
      if (existing) throw conflict(DUPLICATE_HINT, [{ path: 'body.mobile', message: 'already registered' }]);
      const [inserted] = await tx
        .insert(volunteers)
        .values({
          id,
          name: input.name,
          mobileCipher: deps.pii.encrypt(input.mobile),
          mobileIndex,
          mobileLast4: input.mobile.slice(-4),
          emailCipher: input.email ? deps.pii.encrypt(input.email) : null,
          birthDate: input.birthDate,
          minor,
          district,
          organization: input.organization ?? null,
          organizationKind: input.organizationKind ?? null,
          skills: [...new Set(input.skills)],
          roles: [...new Set(input.roles)],
          tokenHash: hashToken(token),
        })
        .returning();
      await tx.insert(volunteerConsents).values({
        id: newId('vcn'),
        volunteerId: id,
        kind: 'volunteer',
        noticeVersion: input.consent.noticeVersion,
        purposes: input.consent.purposes,
        agreedAt: now,
      });
      if (minor && input.guardianConsent) {
        await tx.insert(volunteerConsents).values({
          id: newId('vcn'),
          volunteerId: id,
          kind: 'guardian',
          noticeVersion: input.guardianConsent.noticeVersion,
          purposes: input.consent.purposes,
          guardian: { name: input.guardianConsent.guardianName, relationship: input.guardianConsent.relationship },
          agreedAt: now,
        });
      }
      await deps.audit(tx as unknown as Db, { action: 'volunteer.register', targetType: 'volunteer', targetId: id });
      return inserted;
    });
    if (!row) throw new Error('insert returned no row');
    return { volunteer: toVolunteer(row), volunteerToken: token };
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict(DUPLICATE_HINT, [{ path: 'body.mobile', message: 'already registered' }]);
    throw error;
  }
}

/** The volunteer behind an `X-Volunteer-Token`, or 401. */
export async function volunteerByToken(db: Db, token: string): Promise<VolunteerRow> {
  if (!/^vt_[0-9a-z]{20,64}$/.test(token)) {
    throw new ApiError(
      401,
      'unauthorized',
      'The volunteer token is malformed. It looks like `vt_…` and was shown once at registration.',
    );
  }
  const [row] = await db
    .select()
    .from(volunteers)
    .where(eq(volunteers.tokenHash, hashToken(token)));
  if (!row)
    throw new ApiError(
      401,
      'unauthorized',
      'The volunteer token is not known. Ask the association to issue a new one.',
    );
  return row;
}

/** A new self-service token for a volunteer who lost theirs; the old one stops working at once. */
export async function reissueToken(deps: VolunteerServiceDeps, id: string, reason: string) {
  const token = `vt_${randomToken(24)}`;
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await getVolunteerRow(db, id, { lock: true });
    await tx
      .update(volunteers)
      .set({ tokenHash: hashToken(token), updatedAt: deps.now() })
      .where(eq(volunteers.id, id));
    await deps.audit(db, { action: 'volunteer.token.reissue', targetType: 'volunteer', targetId: id, reason });
    return { volunteerId: id, volunteerToken: token };
  });
}

export async function getVolunteerRow(db: Db, id: string, options: { lock?: boolean } = {}): Promise<VolunteerRow> {
  const query = db.select().from(volunteers).where(eq(volunteers.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound(`Volunteer ${id}`);
  return row;
}

export async function listVolunteers(db: Db, query: ListQuery) {
  const conditions = [
    query.status ? eq(volunteers.status, query.status) : undefined,
    query.district ? eq(volunteers.district, query.district) : undefined,
    query.role ? sql`${query.role} = any(${volunteers.roles})` : undefined,
    query.shiftId
      ? sql`exists (select 1 from ${shiftAssignments} where ${shiftAssignments.volunteerId} = ${volunteers.id} and ${shiftAssignments.shiftId} = ${query.shiftId} and ${shiftAssignments.status} in ('scheduled', 'completed'))`
      : undefined,
    query.cursor ? gt(volunteers.id, String(decodeCursor(query.cursor, 1)[0])) : undefined,
  ];
  const rows = await db
    .select()
    .from(volunteers)
    .where(and(...conditions))
    .orderBy(asc(volunteers.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toVolunteer),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** Unmasked read. The caller passes why; the read is audited in the same transaction. */
export async function readPersonalData(
  deps: VolunteerServiceDeps,
  id: string,
  audit: { action: string; reason: string | null },
): Promise<VolunteerPersonalData> {
  return deps.db.transaction(async (tx) => {
    const row = await getVolunteerRow(tx as unknown as Db, id);
    const consents = await tx.select().from(volunteerConsents).where(eq(volunteerConsents.volunteerId, id));
    await deps.audit(tx as unknown as Db, {
      action: audit.action,
      targetType: 'volunteer',
      targetId: id,
      reason: audit.reason,
    });
    return toPersonalData(row, consents, deps.pii);
  });
}

const TRANSITIONS: Record<VolunteerStatus, readonly VolunteerStatus[]> = {
  applicant: ['active', 'archived'],
  active: ['suspended', 'archived'],
  suspended: ['active', 'archived'],
  archived: [],
};

export async function changeStatus(
  deps: VolunteerServiceDeps,
  id: string,
  change: { status: VolunteerStatus; reason?: string | undefined },
) {
  if ((change.status === 'suspended' || change.status === 'archived') && !change.reason) {
    throw badRequest(`Say why the volunteer is ${change.status}: add a \`reason\`.`, [
      { path: 'body.reason', message: `required when the status is ${change.status}` },
    ]);
  }
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const row = await getVolunteerRow(db, id, { lock: true });
    if (!TRANSITIONS[row.status].includes(change.status)) {
      throw conflict(
        `A volunteer who is ${row.status} cannot become ${change.status}. Allowed: ${TRANSITIONS[row.status].join(', ') || 'none (archived is final)'}.`,
      );
    }
    if (change.status !== 'active') await cancelFutureAssignments(db, id, deps.now());
    const [updated] = await tx
      .update(volunteers)
      .set({ status: change.status, statusReason: change.reason ?? null, updatedAt: deps.now() })
      .where(eq(volunteers.id, id))
      .returning();
    await deps.audit(db, {
      action: `volunteer.status.${change.status}`,
      targetType: 'volunteer',
      targetId: id,
      reason: change.reason ?? null,
    });
    if (!updated) throw notFound(`Volunteer ${id}`);
    return toVolunteer(updated);
  });
}

/** Frees the slots of shifts that have not started; used when a volunteer leaves, is suspended or withdraws consent. */
export async function cancelFutureAssignments(tx: Db, volunteerId: string, now: Date): Promise<number> {
  const live = await tx
    .select({ id: shiftAssignments.id, shiftId: shiftAssignments.shiftId })
    .from(shiftAssignments)
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, shiftAssignments.shiftId))
    .where(
      and(
        eq(shiftAssignments.volunteerId, volunteerId),
        eq(shiftAssignments.status, 'scheduled'),
        gt(volunteerShifts.startsAt, now),
      ),
    );
  for (const a of live) {
    await tx
      .update(shiftAssignments)
      .set({ status: 'cancelled', cancelledAt: now })
      .where(eq(shiftAssignments.id, a.id));
    await tx
      .update(volunteerShifts)
      .set({ filled: sql`${volunteerShifts.filled} - 1` })
      .where(eq(volunteerShifts.id, a.shiftId));
  }
  return live.length;
}

/** Links (or unlinks) the staff key a volunteer operates, so that key cannot approve the volunteer's own hours. */
export async function linkStaffKey(deps: VolunteerServiceDeps, id: string, keyId: string | null) {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await getVolunteerRow(db, id, { lock: true });
    if (keyId) {
      const [key] = await tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, keyId));
      if (!key) throw notFound(`API key ${keyId}`);
    }
    await tx.update(volunteers).set({ staffKeyId: keyId, updatedAt: deps.now() }).where(eq(volunteers.id, id));
    await deps.audit(db, {
      action: 'volunteer.staff_key.link',
      targetType: 'volunteer',
      targetId: id,
      details: { keyId },
    });
    return { keyId };
  });
}

/**
 * Withdraws every active consent. The person stays on record as archived (service records are kept truthfully, as
 * 《志愿服务条例》 requires) until they ask for deletion; future shifts are cancelled.
 */
export async function withdrawConsent(deps: VolunteerServiceDeps, id: string) {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const now = deps.now();
    await getVolunteerRow(db, id, { lock: true });
    await tx
      .update(volunteerConsents)
      .set({ withdrawnAt: now })
      .where(and(eq(volunteerConsents.volunteerId, id), sql`${volunteerConsents.withdrawnAt} is null`));
    await cancelFutureAssignments(db, id, now);
    const [updated] = await tx
      .update(volunteers)
      .set({ status: 'archived', statusReason: 'consent withdrawn', updatedAt: now })
      .where(eq(volunteers.id, id))
      .returning();
    await deps.audit(db, { action: 'volunteer.consent.withdraw', targetType: 'volunteer', targetId: id });
    if (!updated) throw notFound(`Volunteer ${id}`);
    return toVolunteer(updated);
  });
}

/**
 * Erasure: approved hours and officer activity become anonymous aggregates (month × district × organisation), then
 * the person and everything about them is deleted (consents, assignments, records, activities by cascade; the name
 * on issued certificates is removed, their totals stay verifiable).
 */
export async function eraseVolunteer(deps: VolunteerServiceDeps, id: string, reason: string | null) {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const now = deps.now();
    const row = await getVolunteerRow(db, id, { lock: true });
    await cancelFutureAssignments(db, id, now);
    const hours = await tx
      .select({
        month: sql<string>`to_char(${serviceRecords.serviceDate}, 'YYYY-MM')`,
        organizationId: serviceRecords.organizationId,
        minutes: sql<number>`sum(${serviceRecords.creditedMinutes})::int`,
      })
      .from(serviceRecords)
      .where(
        and(
          eq(serviceRecords.volunteerId, id),
          eq(serviceRecords.status, 'approved'),
          sql`${serviceRecords.supersededBy} is null`,
        ),
      )
      .groupBy(sql`1`, serviceRecords.organizationId);
    let anonymisedMinutes = 0;
    for (const h of hours) {
      anonymisedMinutes += h.minutes;
      await tx
        .insert(volunteerHourAggregates)
        .values({ month: h.month, district: row.district, organizationId: h.organizationId, minutes: h.minutes })
        .onConflictDoUpdate({
          target: [
            volunteerHourAggregates.month,
            volunteerHourAggregates.district,
            volunteerHourAggregates.organizationId,
          ],
          set: { minutes: sql`${volunteerHourAggregates.minutes} + excluded.minutes` },
        });
    }
    const activity = await tx
      .select({
        month: sql<string>`to_char(${officerActivities.createdAt} at time zone 'UTC', 'YYYY-MM')`,
        kind: officerActivities.kind,
        count: sql<number>`count(*)::int`,
      })
      .from(officerActivities)
      .where(eq(officerActivities.volunteerId, id))
      .groupBy(sql`1`, officerActivities.kind);
    for (const a of activity) {
      await tx
        .insert(officerActivityAggregates)
        .values(a)
        .onConflictDoUpdate({
          target: [officerActivityAggregates.month, officerActivityAggregates.kind],
          set: { count: sql`${officerActivityAggregates.count} + excluded.count` },
        });
    }
    // Past shifts keep `filled` equal to their live assignments, which are about to be deleted.
    const live = await tx
      .select({ shiftId: shiftAssignments.shiftId })
      .from(shiftAssignments)
      .where(and(eq(shiftAssignments.volunteerId, id), inArray(shiftAssignments.status, ['scheduled', 'completed'])));
    for (const a of live) {
      await tx
        .update(volunteerShifts)
        .set({ filled: sql`${volunteerShifts.filled} - 1` })
        .where(eq(volunteerShifts.id, a.shiftId));
    }
    await tx
      .update(volunteerCertificates)
      .set({ volunteerName: null })
      .where(eq(volunteerCertificates.volunteerId, id));
    const assignmentIds = tx
      .select({ id: shiftAssignments.id })
      .from(shiftAssignments)
      .where(eq(shiftAssignments.volunteerId, id));
    await tx.delete(serviceRecords).where(eq(serviceRecords.volunteerId, id));
    await tx.delete(shiftAssignments).where(inArray(shiftAssignments.id, assignmentIds));
    await tx.delete(volunteers).where(eq(volunteers.id, id));
    await deps.audit(db, {
      action: 'volunteer.erase',
      targetType: 'volunteer',
      targetId: id,
      reason,
      details: { anonymisedMinutes },
    });
    return { volunteerId: id, erasedAt: now.toISOString(), anonymisedMinutes };
  });
}
