import type { VolunteerStats } from '@kepu/sdk/schema';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';

type Bucket = { key: string; minutes: number };

const toBuckets = (rows: Bucket[]) =>
  rows.map((r) => ({ key: r.key, minutes: Number(r.minutes), hours: Math.round((Number(r.minutes) / 60) * 10) / 10 }));

/**
 * Aggregates only: approved hours of current volunteers plus the anonymous aggregates kept for erased ones, so
 * totals do not drop when someone asks to be forgotten.
 */
export async function volunteerStats(db: Db, period: { from?: string; to?: string }): Promise<VolunteerStats> {
  const fromMonth = period.from?.slice(0, 7) ?? '0000-00';
  const toMonth = period.to?.slice(0, 7) ?? '9999-99';
  const from = period.from ?? '0001-01-01';
  const to = period.to ?? '9999-12-31';
  // One derived table of (month, district, organisation, minutes) from both sources, grouped three ways.
  const hours = sql`(
    select to_char(r.service_date, 'YYYY-MM') as month, v.district, r.organization_id, r.credited_minutes as minutes
      from volunteer_service_records r join volunteers v on v.id = r.volunteer_id
     where r.status = 'approved' and r.superseded_by is null and r.service_date between ${from}::date and ${to}::date
    union all
    select a.month, a.district, a.organization_id, a.minutes
      from volunteer_hour_aggregates a
     where a.month between ${fromMonth} and ${toMonth}
  ) h`;
  const byMonth = await db.execute<Bucket>(
    sql`select h.month as key, sum(h.minutes)::int as minutes from ${hours} group by 1 order by 1`,
  );
  const byDistrict = await db.execute<Bucket>(
    sql`select h.district as key, sum(h.minutes)::int as minutes from ${hours} group by 1 order by 2 desc, 1`,
  );
  const byOrganization = await db.execute<Bucket>(
    sql`select coalesce(o.name, h.organization_id) as key, sum(h.minutes)::int as minutes
          from ${hours} left join organizations o on o.id = h.organization_id group by 1 order by 2 desc, 1`,
  );
  const roles = await db.execute<{ role: string; n: number; active: number }>(
    sql`select role, count(*)::int as n from volunteers, unnest(roles) as role where status = 'active' group by role`,
  );
  const active = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from volunteers where status = 'active'`,
  );
  const activity = await db.execute<{ kind: string; n: number }>(
    sql`select kind, sum(n)::int as n from (
          select kind, count(*) as n from information_officer_activities
           where created_at >= ${from}::date and created_at < ${to}::date + 1 group by kind
          union all
          select kind, sum(count) from information_officer_activity_aggregates
           where month between ${fromMonth} and ${toMonth} group by kind) t group by kind`,
  );
  const roleCount = (role: string) => Number(roles.rows.find((r) => r.role === role)?.n ?? 0);
  const activityCount = (kind: string) => Number(activity.rows.find((r) => r.kind === kind)?.n ?? 0);
  const monthBuckets = toBuckets(byMonth.rows);
  return {
    activeVolunteers: Number(active.rows[0]?.n ?? 0),
    volunteersByRole: {
      science_volunteer: roleCount('science_volunteer'),
      information_officer: roleCount('information_officer'),
      lecturer: roleCount('lecturer'),
    },
    approvedMinutes: monthBuckets.reduce((s, b) => s + b.minutes, 0),
    byMonth: monthBuckets,
    byDistrict: toBuckets(byDistrict.rows),
    byOrganization: toBuckets(byOrganization.rows),
    officerActivity: { share: activityCount('share'), rumour_report: activityCount('rumour_report') },
  };
}
