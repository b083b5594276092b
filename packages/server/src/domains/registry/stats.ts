import type { ResourceStats } from '@kepu/sdk/schema';
import { and, inArray, sql } from 'drizzle-orm';
import { registryResources, registryRevisions } from '../../db/schema/registry.js';
import { activeDesignationSql, localToday } from './designations.js';
import { KIND_NAMES } from './mapping.js';
import type { RegistryDeps } from './service.js';

const STATUS_NAMES: Record<string, string> = {
  submitted: '待审核',
  changes_requested: '待修改',
  rejected: '未通过',
  published: '已发布',
  archived: '已归档',
};

/** The 统计监测 view: entries by status, and published entries by kind, district and active designation. */
export async function resourceStats(deps: RegistryDeps): Promise<ResourceStats> {
  const { db, taxonomy } = deps;
  const count = sql<number>`count(*)::int`;
  const published = sql`${registryResources.status} = 'published'`;
  const today = localToday(deps.timeZone);
  const [byStatus, byKind, byDistrict, byDesignation, pending] = await Promise.all([
    db.select({ code: registryResources.status, count }).from(registryResources).groupBy(registryResources.status),
    db
      .select({ code: registryResources.kind, count })
      .from(registryResources)
      .where(published)
      .groupBy(registryResources.kind),
    db
      .select({ code: sql<string>`coalesce(${registryResources.district}, '')`, count })
      .from(registryResources)
      .where(published)
      .groupBy(registryResources.district),
    db
      .select({ code: sql<string>`d.scheme`, count: sql<number>`count(distinct ${registryResources.id})::int` })
      .from(registryResources)
      .innerJoin(
        sql`registry_designations d`,
        sql`d.resource_id = ${registryResources.id} and ${activeDesignationSql(today)}`,
      )
      .where(published)
      .groupBy(sql`d.scheme`),
    db
      .select({ count })
      .from(registryRevisions)
      .where(and(inArray(registryRevisions.status, ['submitted']))),
  ]);
  const sorted = <T extends { count: number }>(rows: T[]) => rows.sort((a, b) => b.count - a.count);
  return {
    total: byStatus.reduce((n, r) => n + r.count, 0),
    byStatus: sorted(byStatus.map((r) => ({ code: r.code, name: STATUS_NAMES[r.code] ?? r.code, count: r.count }))),
    byKind: sorted(
      byKind.map((r) => ({
        code: r.code,
        name: KIND_NAMES[r.code as keyof typeof KIND_NAMES] ?? r.code,
        count: r.count,
      })),
    ),
    byDistrict: sorted(
      byDistrict.map((r) => ({
        code: r.code,
        name: r.code ? taxonomy.nameOf('districts', r.code) : '（无地点）',
        count: r.count,
      })),
    ),
    byDesignation: sorted(
      byDesignation.map((r) => ({ code: r.code, name: taxonomy.nameOf('designationSchemes', r.code), count: r.count })),
    ),
    pendingRevisions: pending[0]?.count ?? 0,
    generatedAt: new Date().toISOString(),
  };
}
