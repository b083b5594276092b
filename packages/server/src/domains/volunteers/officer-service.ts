import type { OfficerActivityInput } from '@kepu/sdk/schema';
import { desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/create-database.js';
import { officerActivities } from '../../db/schema/volunteers.js';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { VolunteerServiceDeps } from './context.js';
import type { VolunteerRow } from './volunteer-service.js';

type ActivityRow = typeof officerActivities.$inferSelect;

const toActivity = (r: ActivityRow) => ({
  id: r.id,
  volunteerId: r.volunteerId,
  kind: r.kind,
  title: r.title,
  url: r.url,
  channel: r.channel,
  note: r.note,
  createdAt: r.createdAt.toISOString(),
});

/** A 科普中国信息员 logs a share or a rumour report; only active volunteers holding that role may. */
export async function logActivity(
  deps: VolunteerServiceDeps,
  volunteer: VolunteerRow,
  input: z.output<typeof OfficerActivityInput>,
) {
  if (!volunteer.roles.includes('information_officer') || volunteer.status !== 'active') {
    throw new ApiError(403, 'forbidden', 'Only active 科普中国信息员 (role `information_officer`) can log activity.');
  }
  const [row] = await deps.db
    .insert(officerActivities)
    .values({
      id: newId('ofa'),
      volunteerId: volunteer.id,
      kind: input.kind,
      title: input.title,
      url: input.url ?? null,
      channel: input.channel ?? null,
      note: input.note,
      createdAt: deps.now(),
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return toActivity(row);
}

export async function activitySummary(db: Db, volunteerId: string) {
  const counts = await db
    .select({ kind: officerActivities.kind, n: sql<number>`count(*)::int` })
    .from(officerActivities)
    .where(eq(officerActivities.volunteerId, volunteerId))
    .groupBy(officerActivities.kind);
  const recent = await db
    .select()
    .from(officerActivities)
    .where(eq(officerActivities.volunteerId, volunteerId))
    .orderBy(desc(officerActivities.id))
    .limit(20);
  const count = (kind: string) => Number(counts.find((c) => c.kind === kind)?.n ?? 0);
  return {
    volunteerId,
    counts: { share: count('share'), rumour_report: count('rumour_report') },
    recent: recent.map(toActivity),
  };
}

export async function allActivities(db: Db, volunteerId: string) {
  const rows = await db.select().from(officerActivities).where(eq(officerActivities.volunteerId, volunteerId));
  return rows.map(toActivity);
}
