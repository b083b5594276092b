import type { Designation } from '@kepu/sdk/schema';
import { desc, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { registryAssessments, registryDesignations } from '../../db/schema/registry.js';
import type { Taxonomy } from './taxonomy/profile.js';

type DesignationRow = typeof registryDesignations.$inferSelect;
type AssessmentRow = typeof registryAssessments.$inferSelect;
export type EffectiveStatus = Designation['effectiveStatus'];

/** Results of an annual assessment that take a designation out of good standing in the public view. */
const NOT_PASSING: Record<string, EffectiveStatus> = { 限期整改: 'rectification', 不合格: 'revoked' };

/**
 * What the public sees of a designation: the recorded status, unless it has run out (`expired`) or its latest
 * assessment did not pass (`rectification` for 限期整改, `revoked` for 不合格).
 */
export function effectiveStatusOf(
  designation: Pick<DesignationRow, 'status' | 'validUntil'>,
  latest: Pick<AssessmentRow, 'result'> | undefined,
  today: string,
): EffectiveStatus {
  if (designation.status !== 'active') return designation.status as EffectiveStatus;
  if (designation.validUntil && designation.validUntil < today) return 'expired';
  return (latest && NOT_PASSING[latest.result]) || 'active';
}

/** SQL twin of `effectiveStatusOf(...) === 'active'` for designation `d`, used by filters, facets and stats. */
export function activeDesignationSql(today: string): SQL {
  return sql`d.status = 'active' and (d.valid_until is null or d.valid_until >= ${today}) and coalesce((select a.result from registry_assessments a where a.designation_id = d.id order by a.year desc limit 1), '合格') not in ('限期整改', '不合格')`;
}

/** Today's date in the city's time zone (designations expire by local date). */
export function localToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Designations (with assessments, newest year first) of the given entries, as the API shows them. */
export async function designationsOf(
  db: Db | Tx,
  resources: readonly { id: string; name: string }[],
  taxonomy: Taxonomy,
  today: string,
): Promise<Map<string, Designation[]>> {
  const out = new Map<string, Designation[]>();
  if (resources.length === 0) return out;
  const ids = resources.map((r) => r.id);
  const rows = await db
    .select()
    .from(registryDesignations)
    .where(inArray(registryDesignations.resourceId, ids))
    .orderBy(registryDesignations.grantedOn);
  const assessments = rows.length
    ? await db
        .select()
        .from(registryAssessments)
        .where(
          inArray(
            registryAssessments.designationId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(desc(registryAssessments.year))
    : [];
  const names = new Map(resources.map((r) => [r.id, r.name]));
  for (const row of rows) {
    const list = out.get(row.resourceId) ?? [];
    list.push(
      toDesignation(
        row,
        names.get(row.resourceId) ?? '',
        assessments.filter((a) => a.designationId === row.id),
        taxonomy,
        today,
      ),
    );
    out.set(row.resourceId, list);
  }
  return out;
}

export function toDesignation(
  row: DesignationRow,
  resourceName: string,
  assessments: readonly AssessmentRow[],
  taxonomy: Taxonomy,
  today: string,
): Designation {
  const scheme = taxonomy.profile.designationSchemes.find((s) => s.code === row.scheme);
  return {
    id: row.id,
    resourceId: row.resourceId,
    resourceName,
    scheme: { code: row.scheme, name: scheme?.name ?? row.scheme, level: scheme?.level ?? 'unknown' },
    grantedOn: row.grantedOn,
    grantedPrecision: row.grantedPrecision === 'year' ? 'year' : 'day',
    validUntil: row.validUntil,
    status: row.status as Designation['status'],
    effectiveStatus: effectiveStatusOf(row, assessments[0], today),
    certificateNo: row.certificateNo,
    source: row.source,
    assessments: assessments.map((a) => ({
      id: a.id,
      year: a.year,
      result: a.result as Designation['assessments'][number]['result'],
      notes: a.notes,
      assessedOn: a.assessedOn,
    })),
  };
}
