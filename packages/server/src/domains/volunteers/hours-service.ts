import type {
  ServiceCertificate,
  ServiceCertificateInput,
  ServiceRecordDecision,
  ServiceRecordInput,
} from '@kepu/sdk/schema';
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { maskName } from '../../crypto/pii-cipher.js';
import type { Db } from '../../db/create-database.js';
import { organizations } from '../../db/schema/access.js';
import { serviceRecords, volunteerCertificates, volunteerShifts } from '../../db/schema/volunteers.js';
import { ApiError, badRequest, conflict, notFound } from '../../http/errors.js';
import { newId, randomToken } from '../../ids.js';
import type { Actor, VolunteerServiceDeps } from './context.js';
import { shiftMinutes, toServiceRecord } from './mappers.js';
import { getVolunteerRow } from './volunteer-service.js';

type RecordInput = z.output<typeof ServiceRecordInput>;
type CertificateRow = typeof volunteerCertificates.$inferSelect;

/** Records that count: approved and not replaced by an approved correction. */
const counts = and(eq(serviceRecords.status, 'approved'), sql`${serviceRecords.supersededBy} is null`);

/**
 * A staff entry, back-entry or import of hours, always `pending`. Credited minutes above the scheduled length
 * (the shift's, or the stated one) need a reason; a correction names the record it corrects and says why.
 */
export async function addServiceRecord(
  deps: VolunteerServiceDeps,
  actor: Actor,
  volunteerId: string,
  input: RecordInput,
) {
  const organizationId = actor.organizationId;
  if (!organizationId) throw new ApiError(403, 'forbidden', 'Hours are recorded by an organisation’s staff key.');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: deps.timeZone }).format(deps.now());
  if (input.serviceDate > today) {
    throw badRequest(`The service date ${input.serviceDate} is in the future; record hours once they are served.`, [
      { path: 'body.serviceDate', message: 'must not be after today' },
    ]);
  }
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await getVolunteerRow(db, volunteerId);
    let scheduled = input.scheduledMinutes ?? null;
    if (input.shiftId) {
      const [shift] = await tx.select().from(volunteerShifts).where(eq(volunteerShifts.id, input.shiftId));
      if (!shift)
        throw badRequest(`Shift ${input.shiftId} does not exist.`, [
          { path: 'body.shiftId', message: 'unknown shift' },
        ]);
      scheduled = shiftMinutes(shift);
    }
    if (scheduled !== null && input.creditedMinutes > scheduled && !input.reason) {
      throw badRequest(
        `Credited minutes (${input.creditedMinutes}) exceed the scheduled ${scheduled} minutes. Add a \`reason\` (e.g. the event ran late) or credit at most ${scheduled}.`,
        [{ path: 'body.reason', message: 'required when creditedMinutes exceeds the scheduled length' }],
      );
    }
    if (input.correctsRecordId) {
      if (!input.reason) {
        throw badRequest('A correction must say why: add a `reason`.', [
          { path: 'body.reason', message: 'required for a correction' },
        ]);
      }
      const [original] = await tx.select().from(serviceRecords).where(eq(serviceRecords.id, input.correctsRecordId));
      if (!original || original.volunteerId !== volunteerId) {
        throw badRequest(`Record ${input.correctsRecordId} is not a record of this volunteer.`, [
          { path: 'body.correctsRecordId', message: 'unknown record for this volunteer' },
        ]);
      }
      if (original.supersededBy)
        throw conflict(`Record ${original.id} was already corrected by ${original.supersededBy}; correct that one.`);
    }
    const [row] = await tx
      .insert(serviceRecords)
      .values({
        id: newId('svr'),
        volunteerId,
        organizationId,
        shiftId: input.shiftId ?? null,
        source: input.source,
        serviceDate: input.serviceDate,
        description: input.description,
        scheduledMinutes: scheduled,
        creditedMinutes: input.creditedMinutes,
        reason: input.reason ?? null,
        correctsRecordId: input.correctsRecordId ?? null,
        recordedByKeyId: actor.keyId,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await deps.audit(db, { action: 'service_record.create', targetType: 'service_record', targetId: row.id });
    return toServiceRecord(row);
  });
}

/**
 * Approves or declines a pending record, once. Refused: a key the volunteer operates themselves (their own hours),
 * and a key of another organisation than the one that recorded the service. An approved correction supersedes
 * the record it corrects.
 */
export async function decideServiceRecord(
  deps: VolunteerServiceDeps,
  actor: Actor,
  id: string,
  input: z.output<typeof ServiceRecordDecision>,
) {
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [record] = await tx.select().from(serviceRecords).where(eq(serviceRecords.id, id)).for('update');
    if (!record) throw notFound(`Service record ${id}`);
    const volunteer = await getVolunteerRow(db, record.volunteerId);
    if (actor.keyId !== null && volunteer.staffKeyId === actor.keyId) {
      throw new ApiError(
        403,
        'forbidden',
        'You cannot approve or decline your own service hours; ask another staff member.',
      );
    }
    if (record.organizationId !== actor.organizationId) {
      throw new ApiError(403, 'forbidden', 'Only the organisation that recorded this service can decide on it.');
    }
    if (record.status !== 'pending') {
      throw conflict(`This record was already ${record.status}. Decisions are final; enter a correction instead.`);
    }
    const [row] = await tx
      .update(serviceRecords)
      .set({
        status: input.decision,
        decidedByKeyId: actor.keyId,
        decidedAt: deps.now(),
        decisionNote: input.note ?? null,
      })
      .where(eq(serviceRecords.id, id))
      .returning();
    if (input.decision === 'approved' && record.correctsRecordId) {
      await tx.update(serviceRecords).set({ supersededBy: id }).where(eq(serviceRecords.id, record.correctsRecordId));
    }
    await deps.audit(db, {
      action: `service_record.${input.decision === 'approved' ? 'approve' : 'decline'}`,
      targetType: 'service_record',
      targetId: id,
      reason: input.note ?? null,
    });
    if (!row) throw notFound(`Service record ${id}`);
    return toServiceRecord(row);
  });
}

export async function volunteerHours(db: Db, volunteerId: string, period: { from?: string; to?: string } = {}) {
  await getVolunteerRow(db, volunteerId);
  const rows = await db
    .select()
    .from(serviceRecords)
    .where(
      and(
        eq(serviceRecords.volunteerId, volunteerId),
        period.from ? gte(serviceRecords.serviceDate, period.from) : undefined,
        period.to ? lte(serviceRecords.serviceDate, period.to) : undefined,
      ),
    )
    .orderBy(desc(serviceRecords.serviceDate), desc(serviceRecords.id));
  const approvedMinutes = rows
    .filter((r) => r.status === 'approved' && !r.supersededBy)
    .reduce((sum, r) => sum + r.creditedMinutes, 0);
  const pendingMinutes = rows.filter((r) => r.status === 'pending').reduce((sum, r) => sum + r.creditedMinutes, 0);
  return { volunteerId, approvedMinutes, pendingMinutes, records: rows.map(toServiceRecord) };
}

function toCertificate(
  row: CertificateRow,
  organizationName: string,
  publicUrl: string,
  unmasked: boolean,
): ServiceCertificate {
  const name = row.volunteerName ?? '（已删除）';
  return {
    code: row.code,
    volunteerName: unmasked || !row.volunteerName ? name : maskName(name),
    organizationName,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    approvedMinutes: row.approvedMinutes,
    hours: Math.round((row.approvedMinutes / 60) * 10) / 10,
    recordCount: row.recordCount,
    issuedAt: row.issuedAt.toISOString(),
    revoked: row.revokedAt !== null,
    verifyUrl: `${publicUrl}/v1/certificates/${row.code}`,
    printUrl: `${publicUrl}/certificates/${row.code}`,
  };
}

/** 志愿服务记录证明 for the approved hours the issuing organisation recorded in the period. Free; issued by staff. */
export async function issueCertificate(
  deps: VolunteerServiceDeps & { publicUrl: string },
  actor: Actor,
  volunteerId: string,
  input: z.output<typeof ServiceCertificateInput>,
) {
  const organizationId = actor.organizationId;
  if (!organizationId) throw new ApiError(403, 'forbidden', 'Certificates are issued by an organisation’s staff key.');
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const volunteer = await getVolunteerRow(db, volunteerId);
    const records = await tx
      .select({ id: serviceRecords.id, minutes: serviceRecords.creditedMinutes })
      .from(serviceRecords)
      .where(
        and(
          eq(serviceRecords.volunteerId, volunteerId),
          eq(serviceRecords.organizationId, organizationId),
          counts,
          gte(serviceRecords.serviceDate, input.periodStart),
          lte(serviceRecords.serviceDate, input.periodEnd),
        ),
      )
      .orderBy(asc(serviceRecords.id));
    if (records.reduce((sum, r) => sum + r.minutes, 0) === 0) {
      throw conflict(
        'This volunteer has no approved hours recorded by your organisation in that period; approve their records first.',
      );
    }
    const [row] = await tx
      .insert(volunteerCertificates)
      .values({
        code: randomToken(10).toUpperCase(),
        volunteerId,
        organizationId,
        volunteerName: volunteer.name,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        approvedMinutes: records.reduce((s, r) => s + r.minutes, 0),
        recordCount: records.length,
        recordIds: records.map((r) => r.id),
        issuedByKeyId: actor.keyId,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await deps.audit(db, { action: 'certificate.issue', targetType: 'certificate', targetId: row.code });
    return toCertificate(row, await organizationName(db, organizationId), deps.publicUrl, false);
  });
}

async function organizationName(db: Db, id: string): Promise<string> {
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, id));
  return org?.name ?? '';
}

/** Public verification: the holder's name is masked. */
export async function findCertificate(db: Db, input: string, publicUrl: string, options: { unmasked?: boolean } = {}) {
  // People type codes off paper: accept lower case and stray spaces or hyphens.
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[0-9A-Z]{8,32}$/.test(code)) throw notFound(`Certificate ${input}`);
  const [row] = await db.select().from(volunteerCertificates).where(eq(volunteerCertificates.code, code));
  if (!row) throw notFound(`Certificate ${code}`);
  return toCertificate(row, await organizationName(db, row.organizationId), publicUrl, options.unmasked ?? false);
}

export async function certificatesOf(db: Db, volunteerId: string, publicUrl: string) {
  const rows = await db.select().from(volunteerCertificates).where(eq(volunteerCertificates.volunteerId, volunteerId));
  return Promise.all(
    rows.map(async (r) => toCertificate(r, await organizationName(db, r.organizationId), publicUrl, true)),
  );
}
