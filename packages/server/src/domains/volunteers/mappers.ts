import type {
  ServiceRecord,
  ShiftAssignment,
  Volunteer,
  VolunteerPersonalData,
  VolunteerRole,
  VolunteerShift,
} from '@kepu/sdk/schema';
import { maskMobile, maskName, type PiiCipher } from '../../crypto/pii-cipher.js';
import type {
  serviceRecords,
  shiftAssignments,
  volunteerConsents,
  volunteerShifts,
  volunteers,
} from '../../db/schema/volunteers.js';
import { iso } from './context.js';

type VolunteerRow = typeof volunteers.$inferSelect;
type ConsentRow = typeof volunteerConsents.$inferSelect;
type ShiftRow = typeof volunteerShifts.$inferSelect;
type AssignmentRow = typeof shiftAssignments.$inferSelect;
type ServiceRecordRow = typeof serviceRecords.$inferSelect;
type OrganizationKind = NonNullable<Volunteer['organizationKind']>;

/** The masked view: what staff without `volunteers:pii` see. */
export function toVolunteer(row: VolunteerRow): Volunteer {
  return {
    id: row.id,
    name: maskName(row.name),
    mobile: maskMobile(row.mobileLast4),
    district: row.district,
    organization: row.organization,
    organizationKind: row.organizationKind as OrganizationKind | null,
    skills: row.skills,
    roles: row.roles as VolunteerRole[],
    status: row.status,
    statusReason: row.statusReason,
    minor: row.minor,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The unmasked view; callers must have audited the read. */
export function toPersonalData(row: VolunteerRow, consents: ConsentRow[], pii: PiiCipher): VolunteerPersonalData {
  return {
    ...toVolunteer(row),
    name: row.name,
    mobile: pii.decrypt(row.mobileCipher),
    email: row.emailCipher ? pii.decrypt(row.emailCipher) : null,
    birthDate: row.birthDate,
    consents: consents.map((c) => ({
      id: c.id,
      kind: c.kind,
      noticeVersion: c.noticeVersion,
      purposes: c.purposes,
      agreedAt: c.agreedAt.toISOString(),
      withdrawnAt: iso(c.withdrawnAt),
    })),
  };
}

export function shiftMinutes(row: Pick<ShiftRow, 'startsAt' | 'endsAt'>): number {
  return Math.round((row.endsAt.getTime() - row.startsAt.getTime()) / 60_000);
}

export function toShift(row: ShiftRow): VolunteerShift {
  return {
    id: row.id,
    opportunityId: row.opportunityId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    minutes: shiftMinutes(row),
    place: row.place,
    slots: row.slots,
    filled: row.filled,
    available: row.slots - row.filled,
    requiredSkills: row.requiredSkills,
  };
}

export function toAssignment(row: AssignmentRow, shift?: ShiftRow): ShiftAssignment {
  return {
    id: row.id,
    shiftId: row.shiftId,
    volunteerId: row.volunteerId,
    status: row.status,
    checkedInAt: iso(row.checkedInAt),
    checkedOutAt: iso(row.checkedOutAt),
    cancelledAt: iso(row.cancelledAt),
    ...(shift ? { shift: toShift(shift) } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toServiceRecord(row: ServiceRecordRow): ServiceRecord {
  return {
    id: row.id,
    volunteerId: row.volunteerId,
    shiftId: row.shiftId,
    assignmentId: row.assignmentId,
    organizationId: row.organizationId,
    source: row.source,
    serviceDate: row.serviceDate,
    description: row.description,
    scheduledMinutes: row.scheduledMinutes,
    creditedMinutes: row.creditedMinutes,
    reason: row.reason,
    status: row.status,
    correctsRecordId: row.correctsRecordId,
    supersededBy: row.supersededBy,
    recordedByKeyId: row.recordedByKeyId,
    decidedByKeyId: row.decidedByKeyId,
    decidedAt: iso(row.decidedAt),
    decisionNote: row.decisionNote,
    createdAt: row.createdAt.toISOString(),
  };
}
