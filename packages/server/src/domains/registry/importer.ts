import { ResourceInput, type ResourceKind } from '@kepu/sdk/schema';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/create-database.js';
import { registryDesignations, registryResources, registryRevisions } from '../../db/schema/registry.js';
import { newId } from '../../ids.js';
import { dateCell, listCell, numberCell, textCell } from '../../imports/cells.js';
import type { ImportColumn } from '../../imports/columns.js';
import { ImportRowError } from '../../imports/import-error.js';
import { defineImporter } from '../../imports/importer.js';
import { onResourcePublished } from './knowledge-sync.js';
import { withOrganization } from './organizations.js';
import { type ResourceContent, resolveResourceInput } from './resolve-input.js';
import { recordTransition, searchVectorFor } from './service.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy/profile.js';

/** The collection form's columns (Chinese labels as printed on it) and the English field names. */
export const RESOURCE_COLUMNS: readonly ImportColumn[] = [
  {
    field: 'externalId',
    label: '编号',
    aliases: ['外部编号', 'id'],
    description: '你方的稳定编号；再次导入时按它更新',
  },
  { field: 'name', label: '名称', aliases: ['资源名称'], required: true },
  {
    field: 'kind',
    label: '类型',
    aliases: ['资源类型'],
    required: true,
    description: '场馆 / 设施 / 设备 / 作品 / 产品 / 信息（或 venue, facility, equipment, work, product, information）',
  },
  { field: 'district', label: '所属区', aliases: ['区', '行政区'], required: true },
  { field: 'address', label: '地址', aliases: ['详细地址'], required: true },
  { field: 'lng', label: '经度', aliases: ['longitude'], description: 'WGS-84' },
  { field: 'lat', label: '纬度', aliases: ['latitude'], description: 'WGS-84' },
  { field: 'topics', label: '主题', aliases: ['科普主题'], description: '用、或，分隔' },
  { field: 'ages', label: '适宜年龄', aliases: ['年龄'], description: '如 6-14、6岁以上、不限' },
  { field: 'audiences', label: '适宜人群', aliases: ['人群', '服务对象'] },
  { field: 'openingHours', label: '开放时间', description: '如 周二至周日 09:00-17:00；周一闭馆' },
  { field: 'description', label: '简介', aliases: ['介绍', '资源简介'], required: true },
  { field: 'website', label: '网址', aliases: ['官网', 'url'] },
  {
    field: 'designations',
    label: '认定',
    aliases: ['认定情况'],
    description: '方案名称:年份 或 方案名称:YYYY-MM-DD，多个用；分隔',
  },
  { field: 'transitHint', label: '交通', aliases: ['交通指引'] },
  { field: 'booking', label: '预约方式', aliases: ['预约'], description: '“无需预约”，或预约说明（视为需要预约）' },
  { field: 'organization', label: '运营单位', aliases: ['单位', '主办单位'] },
  { field: 'assuredDate', label: '核验日期', aliases: ['更新日期'] },
];

const KIND_WORDS: [RegExp, ResourceKind][] = [
  [/^(venue|场馆|场所|场馆场所|基地|场馆\/场所)$/i, 'venue'],
  [/^(facility|设施|科普设施)$/i, 'facility'],
  [/^(equipment|设备|展品|科普设备|设备展品|科普设备展品)$/i, 'equipment'],
  [/^(work|作品|科普作品)$/i, 'work'],
  [/^(product|产品|课程|科普产品)$/i, 'product'],
  [/^(information|信息|信息资源|科普信息资源)$/i, 'information'],
];

/** "6-14", "6岁以上", "3～12岁", "12岁以下", "不限" → an age range. */
export function parseAges(text: string): { ageMin?: number; ageMax?: number } | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (/^(不限|全年龄|所有年龄|全部)$/.test(t)) return {};
  const range = t.match(/^(\d{1,3})岁?(?:-|~|至|到|—)(\d{1,3})岁?$/);
  if (range) return { ageMin: Number(range[1]), ageMax: Number(range[2]) };
  const above = t.match(/^(\d{1,3})(?:岁|周岁)?(?:以上|及以上|\+)$/);
  if (above) return { ageMin: Number(above[1]) };
  const below = t.match(/^(\d{1,3})(?:岁|周岁)?(?:以下|及以下)$/);
  if (below) return { ageMax: Number(below[1]) };
  return null;
}

/** "深圳市科普基地:2023；全国科普教育基地:2019-06-01" → scheme codes with grant dates. */
function parseDesignation(
  text: string,
  taxonomy: Taxonomy,
): { scheme: string; grantedOn: string; grantedPrecision: 'day' | 'year' } | string {
  const m = text
    .normalize('NFKC')
    .trim()
    .match(/^(.+?)[\s:：(（]*(\d{4})(?:-(\d{2})-(\d{2}))?[)）]?$/);
  if (!m?.[1]) return `"${text}" needs a grant year or date, e.g. 深圳市科普基地:2023`;
  const scheme = taxonomy.find('designationSchemes', m[1].trim());
  if (!scheme) return `unknown designation scheme "${m[1].trim()}". Allowed: ${taxonomy.allowed('designationSchemes')}`;
  // A year alone is kept as a year (1 January, marked), not passed off as a date.
  return m[3]
    ? { scheme: scheme.code, grantedOn: `${m[2]}-${m[3]}-${m[4]}`, grantedPrecision: 'day' }
    : { scheme: scheme.code, grantedOn: `${m[2]}-01-01`, grantedPrecision: 'year' };
}

/** Where a problem of the nested submission shape shows in the flat import row. */
function fieldOf(path: readonly PropertyKey[]): string {
  const [head, second] = path.map(String);
  if (head === 'location')
    return second === 'district' || second === 'lat' || second === 'lng' || second === 'transitHint'
      ? second
      : 'address';
  if (head === 'audience') return second === 'groups' ? 'audiences' : 'ages';
  if (head === 'organization') return 'organization';
  return head ?? 'name';
}

export interface ResourceRowValue {
  input: ResourceInput;
  content: ResourceContent;
  designations: { scheme: string; grantedOn: string; grantedPrecision: 'day' | 'year' }[];
}

const Cells = z.object({
  externalId: textCell.optional(),
  name: textCell,
  kind: textCell,
  district: textCell,
  address: textCell,
  lng: numberCell.optional(),
  lat: numberCell.optional(),
  topics: listCell.optional(),
  ages: textCell.optional(),
  audiences: listCell.optional(),
  openingHours: textCell.optional(),
  description: textCell,
  website: textCell.optional(),
  designations: z
    .preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(/[；;\n]+/)
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z.array(z.string()),
    )
    .optional(),
  transitHint: textCell.optional(),
  booking: textCell.optional(),
  organization: textCell.optional(),
  assuredDate: dateCell.optional(),
});

/** Builds the row schema against a taxonomy: cells → submission → resolved content, every problem on its column. */
export function resourceRowSchema(taxonomy: Taxonomy): z.ZodType<ResourceRowValue> {
  return Cells.transform((cells, ctx): ResourceRowValue => {
    const kind = KIND_WORDS.find(([re]) => re.test(cells.kind.trim()))?.[1];
    if (!kind) {
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: `unknown kind "${cells.kind}". Allowed: ${KIND_WORDS.map(([, k]) => k).join(', ')} (or 场馆, 设施, 设备, 作品, 产品, 信息)`,
      });
    }
    const ages = cells.ages ? parseAges(cells.ages) : {};
    if (ages === null)
      ctx.addIssue({
        code: 'custom',
        path: ['ages'],
        message: 'must be an age range like 6-14, 6岁以上, 12岁以下 or 不限',
      });
    const designations: ResourceRowValue['designations'] = [];
    for (const text of cells.designations ?? []) {
      const parsed = parseDesignation(text, taxonomy);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', path: ['designations'], message: parsed });
      else designations.push(parsed);
    }
    const booking = cells.booking
      ? /^(无需预约|不需要预约|免预约|否|无)$/.test(cells.booking)
        ? { required: false }
        : { required: true, notes: cells.booking.slice(0, 300) }
      : undefined;
    const candidate = {
      ...(cells.externalId ? { externalId: cells.externalId } : {}),
      kind: kind ?? 'venue',
      name: cells.name,
      description: cells.description,
      location: {
        address: cells.address,
        district: cells.district,
        ...(cells.lat !== undefined ? { lat: cells.lat } : {}),
        ...(cells.lng !== undefined ? { lng: cells.lng } : {}),
        ...(cells.transitHint ? { transitHint: cells.transitHint } : {}),
      },
      ...(cells.openingHours ? { openingHours: cells.openingHours } : {}),
      topics: cells.topics ?? [],
      ...(cells.audiences?.length || (ages && (ages.ageMin !== undefined || ages.ageMax !== undefined))
        ? { audience: { groups: cells.audiences ?? [], ...(ages ?? {}) } }
        : {}),
      ...(booking ? { booking } : {}),
      ...(cells.website ? { website: cells.website } : {}),
      ...(cells.organization ? { organization: { name: cells.organization } } : {}),
      ...(cells.assuredDate ? { assuredDate: cells.assuredDate } : {}),
    };
    const parsed = ResourceInput.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: [fieldOf(issue.path)], message: issue.message });
      return z.NEVER;
    }
    const resolved = resolveResourceInput(parsed.data, taxonomy);
    if (!resolved.ok) {
      for (const issue of resolved.issues)
        ctx.addIssue({ code: 'custom', path: [fieldOf(issue.path)], message: issue.message });
      return z.NEVER;
    }
    return { input: parsed.data, content: resolved.content, designations };
  });
}

/** Key-order-independent JSON (jsonb reorders object keys), for "did this row change anything?". */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function sameContent(existing: Record<string, unknown>, content: ResourceContent): boolean {
  return Object.entries(content).every(([k, v]) => stable(existing[k]) === stable(v));
}

const noAudit = async () => {};

/**
 * `pnpm kepu import resources <file>` and `POST /v1/resources/import`. Identity: `编号` (externalId), else the
 * normalised name within the district. New rows are submitted for review, or published with `--publish`; a changed
 * published entry gets a revision to review (or is updated in place with `--publish`).
 */
export const resourcesImporter = defineImporter<ResourceRowValue>({
  kind: 'resources',
  description: 'Entries of the 科普资源名录 (collection form columns)',
  columns: RESOURCE_COLUMNS,
  rowSchema: (_db, ctx) => resourceRowSchema(loadTaxonomy(ctx.config.taxonomyProfile)),
  key: (row) =>
    row.content.externalId ? `编号 ${row.content.externalId}` : `${row.content.name} @ ${row.content.district}`,
  async writeRow(tx: Tx, { value }, ctx) {
    const taxonomy = loadTaxonomy(ctx.config.taxonomyProfile);
    const { content } = value;
    const actor = {
      keyId: ctx.keyId,
      organizationId: ctx.organizationId,
      reviewer: ctx.publish,
      writer: true,
      audit: noAudit,
    };
    const byKey = content.externalId
      ? eq(registryResources.externalId, content.externalId)
      : and(
          eq(registryResources.normalizedName, content.normalizedName),
          eq(registryResources.district, content.district ?? ''),
        );
    const [existing] = await tx.select().from(registryResources).where(byKey).limit(1).for('update');
    let outcome: 'created' | 'updated' | 'unchanged';
    let resourceId: string;
    if (!existing) {
      const status = ctx.publish ? 'published' : 'submitted';
      const [row] = await tx
        .insert(registryResources)
        .values({
          id: newId('res'),
          ...(await withOrganization(tx, content)),
          status,
          submitterOrganizationId: ctx.organizationId,
          source: 'import',
          searchVector: searchVectorFor(content, taxonomy),
          publishedAt: ctx.publish ? ctx.now : null,
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      resourceId = row.id;
      await recordTransition(tx, actor, { resourceId, action: 'import', from: null, to: status });
      if (status === 'published') await onResourcePublished(tx, row, taxonomy);
      outcome = 'created';
    } else {
      resourceId = existing.id;
      if (existing.status === 'archived' || existing.status === 'rejected') {
        throw new ImportRowError(
          content.externalId ? 'externalId' : 'name',
          `matches ${existing.id}, which is ${existing.status}; give the row a new 编号 to register it again`,
        );
      }
      const unchanged = sameContent(existing as unknown as Record<string, unknown>, content);
      const publishNow = ctx.publish && existing.status !== 'published';
      if (unchanged && !publishNow) {
        outcome = 'unchanged';
      } else if (existing.status === 'published' && !ctx.publish) {
        // A published entry keeps showing; the change waits for review like any revision.
        const [open] = await tx
          .select({ id: registryRevisions.id })
          .from(registryRevisions)
          .where(
            and(
              eq(registryRevisions.resourceId, existing.id),
              inArray(registryRevisions.status, ['submitted', 'changes_requested']),
            ),
          );
        const revision = {
          status: 'submitted',
          payload: value.input as unknown as Record<string, unknown>,
          note: 'import',
          submitterOrganizationId: ctx.organizationId,
        };
        if (open) await tx.update(registryRevisions).set(revision).where(eq(registryRevisions.id, open.id));
        else await tx.insert(registryRevisions).values({ id: newId('rev'), resourceId: existing.id, ...revision });
        await recordTransition(tx, actor, {
          resourceId,
          action: 'import',
          from: 'published',
          to: 'published',
          reason: 'revision from import',
        });
        outcome = 'updated';
      } else {
        const status = ctx.publish ? 'published' : existing.status;
        const [row] = await tx
          .update(registryResources)
          .set({
            ...(await withOrganization(tx, content)),
            status,
            updatedAt: ctx.now,
            searchVector: searchVectorFor(content, taxonomy),
            ...(publishNow ? { publishedAt: ctx.now } : {}),
          })
          .where(eq(registryResources.id, existing.id))
          .returning();
        if (row && status === 'published') await onResourcePublished(tx, row, taxonomy);
        await recordTransition(tx, actor, { resourceId, action: 'import', from: existing.status, to: status });
        outcome = 'updated';
      }
    }
    for (const d of value.designations) {
      const inserted = await tx
        .insert(registryDesignations)
        .values({
          id: newId('des'),
          resourceId,
          scheme: d.scheme,
          grantedOn: d.grantedOn,
          grantedPrecision: d.grantedPrecision,
          validUntil: validUntilOf(taxonomy, d.scheme, d.grantedOn),
          source: 'import',
        })
        .onConflictDoNothing()
        .returning({ id: registryDesignations.id });
      if (inserted.length && outcome === 'unchanged') outcome = 'updated';
    }
    return outcome;
  },
});

/** grantedOn + the scheme's validity in years, or null when the scheme has none. */
export function validUntilOf(taxonomy: Taxonomy, scheme: string, grantedOn: string): string | null {
  const years = taxonomy.profile.designationSchemes.find((s) => s.code === scheme)?.validityYears;
  if (!years) return null;
  const [y = 0, m = 1, d = 1] = grantedOn.split('-').map(Number);
  const until = new Date(Date.UTC(y + years, m - 1, d) - 86_400_000);
  return until.toISOString().slice(0, 10);
}
