import type { EventStats, EventStatsQuery } from '@kepu/sdk/schema';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { eventOccurrences, events, registrations } from '../../db/schema/events.js';
import type { Taxonomy } from './vocabulary.js';

type Row = { key: string; events: number; occurrences: number; registrations: number; seats: number; attended: number };

/**
 * Events, occurrences, registrations (confirmed, attended, no-show), seats and attendance, overall and by district,
 * type and month (in `timeZone`), for occurrences starting within [from, to). Campaign umbrellas are not counted.
 */
export async function eventStats(
  db: Db,
  query: EventStatsQuery,
  timeZone: string,
  taxonomy: Taxonomy,
): Promise<EventStats> {
  const window: SQL[] = [sql`e.type <> 'campaign'`];
  if (query.from) window.push(sql`o.starts_at >= ${new Date(query.from).toISOString()}::timestamptz`);
  if (query.to) window.push(sql`o.starts_at < ${new Date(query.to).toISOString()}::timestamptz`);
  const grouped = async (key: SQL): Promise<Row[]> => {
    const result = await db.execute<Row>(sql`
      with r as (
        select occurrence_id,
               count(*) filter (where status in ('confirmed', 'attended', 'no_show'))::int as registrations,
               coalesce(sum(seats) filter (where status in ('confirmed', 'attended', 'no_show')), 0)::int as seats,
               count(*) filter (where status = 'attended')::int as attended
        from ${registrations} group by occurrence_id
      )
      select ${key} as key,
             count(distinct e.id)::int as events,
             count(o.id)::int as occurrences,
             coalesce(sum(r.registrations), 0)::int as registrations,
             coalesce(sum(r.seats), 0)::int as seats,
             coalesce(sum(r.attended), 0)::int as attended
      from ${eventOccurrences} o
      join ${events} e on e.id = o.event_id
      left join r on r.occurrence_id = o.id
      where ${sql.join(window, sql` and `)}
      group by 1
      order by 1`);
    return result.rows.map((r) => ({
      key: String(r.key),
      events: Number(r.events),
      occurrences: Number(r.occurrences),
      registrations: Number(r.registrations),
      seats: Number(r.seats),
      attended: Number(r.attended),
    }));
  };
  const [totals] = await grouped(sql`'all'`);
  return {
    totals: {
      events: totals?.events ?? 0,
      occurrences: totals?.occurrences ?? 0,
      registrations: totals?.registrations ?? 0,
      seats: totals?.seats ?? 0,
      attended: totals?.attended ?? 0,
    },
    byDistrict: (await grouped(sql`coalesce(e.district, '未注明')`)).map((r) => ({
      ...r,
      key: taxonomy.nameOf('districts', r.key),
    })),
    byType: await grouped(sql`e.type`),
    byMonth: await grouped(sql`to_char(o.starts_at at time zone ${timeZone}, 'YYYY-MM')`),
  };
}
