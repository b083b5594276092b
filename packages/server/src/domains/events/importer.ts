import type { EventCreate, EventType } from '@kepu/sdk/schema';
import { eq, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/create-database.js';
import { events } from '../../db/schema/events.js';
import { registryResources } from '../../db/schema/registry.js';
import { ApiError } from '../../http/errors.js';
import { listCell, numberCell, textCell } from '../../imports/cells.js';
import type { ImportColumn } from '../../imports/columns.js';
import { ImportRowError } from '../../imports/import-error.js';
import { defineImporter } from '../../imports/importer.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import { parseRule } from './recurrence.js';
import { insertEvent, replaceEvent } from './service.js';
import { fromFloating } from './time-zone.js';
import type { Taxonomy } from './vocabulary.js';

/** The collection form's columns: Chinese labels as printed, English field names for JSONL and English headers. */
export const EVENT_COLUMNS: readonly ImportColumn[] = [
  {
    field: 'externalId',
    label: '编号',
    aliases: ['活动编号', 'id'],
    description: '你方的稳定编号；再次导入时按它更新',
  },
  { field: 'title', label: '标题', aliases: ['活动名称', '名称'], required: true },
  {
    field: 'type',
    label: '类型',
    aliases: ['活动类型'],
    required: true,
    description:
      '讲座 / 展览 / 工作坊 / 研学 / 竞赛 / 线上 / 主题活动 / 课堂（或 lecture, exhibition, workshop, tour, competition, online, campaign, class）',
  },
  {
    field: 'startsAt',
    label: '开始时间',
    required: true,
    description: '如 2026-12-05 14:30（北京时间）或带时区的 ISO 8601',
  },
  { field: 'endsAt', label: '结束时间', required: true },
  { field: 'venue', label: '地点', aliases: ['场馆', '活动地点'], description: '名录中的场馆编号（res_…）或名称' },
  { field: 'address', label: '地址', aliases: ['详细地址'] },
  { field: 'district', label: '所属区', aliases: ['区', '行政区'] },
  { field: 'topics', label: '主题', aliases: ['科普主题'], description: '用、或，分隔' },
  { field: 'ages', label: '适宜年龄', aliases: ['年龄'], description: '如 6-14、6岁以上、不限' },
  { field: 'capacity', label: '名额', aliases: ['人数', '容量'], description: '每场名额；留空为不限、无需报名' },
  { field: 'summary', label: '简介', aliases: ['活动简介', '介绍'] },
  {
    field: 'rrule',
    label: '重复规则',
    aliases: ['RRULE'],
    description: 'RFC 5545，须含 COUNT 或 UNTIL，如 FREQ=WEEKLY;BYDAY=SA;COUNT=8',
  },
  { field: 'exdates', label: '例外日期', aliases: ['不举办日期'], description: '如 2026-12-26、2027-01-02' },
  { field: 'priceYuan', label: '费用', aliases: ['价格', '票价'], description: '元；留空或 0 为免费' },
  { field: 'onlineUrl', label: '线上链接', aliases: ['直播链接', '网址'] },
  { field: 'campaign', label: '所属活动', aliases: ['主题活动'], description: '上级主题活动的编号或标题' },
];

const TYPE_WORDS: [RegExp, EventType][] = [
  [/^(lecture|讲座|报告|报告会|巡讲)$/i, 'lecture'],
  [/^(exhibition|展览|展示|科普展)$/i, 'exhibition'],
  [/^(workshop|工作坊|体验|实验|动手)$/i, 'workshop'],
  [/^(tour|研学|参观|游学|开放日)$/i, 'tour'],
  [/^(competition|竞赛|比赛|大赛)$/i, 'competition'],
  [/^(online|线上|直播|网络)$/i, 'online'],
  [/^(campaign|主题活动|活动周|科普月)$/i, 'campaign'],
  [/^(class|课堂|课程|科普课堂)$/i, 'class'],
];

/** "6-14", "6岁以上", "12岁以下", "不限" → an age range, or null when unreadable. */
export function parseAgeRange(text: string): { minAge?: number; maxAge?: number } | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (/^(不限|全年龄|所有年龄)$/.test(t)) return {};
  const range = t.match(/^(\d{1,3})岁?(?:-|~|至|到|—)(\d{1,3})岁?$/);
  if (range) return { minAge: Number(range[1]), maxAge: Number(range[2]) };
  const above = t.match(/^(\d{1,3})(?:岁|周岁)?(?:以上|及以上|\+)$/);
  if (above) return { minAge: Number(above[1]) };
  const below = t.match(/^(\d{1,3})(?:岁|周岁)?(?:以下|及以下)$/);
  if (below) return { maxAge: Number(below[1]) };
  return null;
}

/**
 * A date-time cell: ISO 8601 with offset, or local wall time ("2026-12-05 14:30", "2026/12/5 14:30") in `timeZone`.
 * XLSX date cells arrive as Dates whose UTC fields are the wall time shown in the sheet.
 */
function dateTimeCell(timeZone: string) {
  return z.preprocess(
    (v) => {
      if (v instanceof Date) return fromFloating(v, timeZone).toISOString();
      if (typeof v !== 'string') return v;
      const t = v.normalize('NFKC').trim();
      if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(t) && !Number.isNaN(Date.parse(t))) return new Date(t).toISOString();
      const m = t.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/);
      if (!m) return t;
      const [y, mo, d, h, mi, sec] = m.slice(1).map((part) => Number(part ?? 0)) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const floating = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
      return Number.isNaN(floating.getTime()) ? t : fromFloating(floating, timeZone).toISOString();
    },
    z.iso.datetime({ offset: true, error: 'must be a date and time like 2026-12-05 14:30' }),
  );
}

export interface EventRowValue {
  externalId: string | null;
  input: EventCreate;
  venue: string | null;
  campaign: string | null;
}

function rowSchema(timeZone: string, taxonomy: Taxonomy): z.ZodType<EventRowValue> {
  const cells = z.object({
    externalId: textCell.optional(),
    title: textCell.pipe(z.string().max(200)),
    type: textCell,
    startsAt: dateTimeCell(timeZone),
    endsAt: dateTimeCell(timeZone),
    venue: textCell.optional(),
    address: textCell.optional(),
    district: textCell.optional(),
    topics: listCell.optional(),
    ages: textCell.optional(),
    capacity: numberCell.pipe(z.number().int('must be a whole number').min(0).max(100_000)).optional(),
    summary: textCell.pipe(z.string().max(500)).optional(),
    rrule: textCell.optional(),
    exdates: listCell.optional(),
    priceYuan: numberCell.pipe(z.number().min(0)).optional(),
    onlineUrl: textCell.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })).optional(),
    campaign: textCell.optional(),
  });
  return cells.transform((c, ctx): EventRowValue => {
    const type = TYPE_WORDS.find(([re]) => re.test(c.type.trim()))?.[1];
    if (!type) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `unknown type "${c.type}". Allowed: 讲座, 展览, 工作坊, 研学, 竞赛, 线上, 主题活动, 课堂`,
      });
    }
    if (Date.parse(c.endsAt) <= Date.parse(c.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after 开始时间 (startsAt)' });
    }
    if (c.district && !taxonomy.find('districts', c.district)) {
      ctx.addIssue({
        code: 'custom',
        path: ['district'],
        message: `unknown district "${c.district}". Allowed: ${taxonomy.allowed('districts')}`,
      });
    }
    const ages = c.ages ? parseAgeRange(c.ages) : {};
    if (ages === null)
      ctx.addIssue({
        code: 'custom',
        path: ['ages'],
        message: `cannot read "${c.ages}"; write 6-14, 6岁以上, 12岁以下 or 不限`,
      });
    if (c.rrule) {
      try {
        parseRule(c.rrule);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          path: ['rrule'],
          message: error instanceof ApiError ? (error.details?.[0]?.message ?? error.message) : String(error),
        });
      }
    }
    const exdates = c.exdates ?? [];
    const badDate = exdates.find((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d));
    if (badDate)
      ctx.addIssue({ code: 'custom', path: ['exdates'], message: `"${badDate}" is not a date like 2026-12-26` });
    if (exdates.length && !c.rrule)
      ctx.addIssue({ code: 'custom', path: ['exdates'], message: 'only a repeating event (重复规则) has 例外日期' });
    const input: EventCreate = {
      title: c.title,
      type: type ?? 'lecture',
      summary: c.summary,
      address: c.address ?? null,
      district: c.district ?? null,
      topics: c.topics ?? [],
      audience: ages ?? {},
      capacity: c.capacity ?? null,
      priceYuan: c.priceYuan ?? 0,
      onlineUrl: c.onlineUrl ?? null,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      timeZone,
      recurrence: c.rrule ? { rrule: c.rrule, exdates } : null,
      registration: { required: c.capacity !== undefined },
    };
    return { externalId: c.externalId ?? null, input, venue: c.venue ?? null, campaign: c.campaign ?? null };
  });
}

/** Resolves 地点 to a registry resource id (by id, else exact name); a name not in the registry stays a name. */
async function resolveVenue(tx: Tx, venue: string): Promise<Partial<EventCreate>> {
  const [found] = await tx
    .select({ id: registryResources.id })
    .from(registryResources)
    .where(or(eq(registryResources.id, venue), eq(registryResources.name, venue)))
    .orderBy(sql`${registryResources.id} = ${venue} desc`)
    .limit(1);
  if (found) return { venueId: found.id };
  if (/^res_/.test(venue)) throw new ImportRowError('venue', `no registry resource with id ${venue}`);
  return { venueName: venue };
}

async function resolveCampaign(tx: Tx, campaign: string): Promise<string> {
  const [found] = await tx
    .select({ id: events.id, type: events.type })
    .from(events)
    .where(or(eq(events.id, campaign), eq(events.externalId, campaign), eq(events.title, campaign)))
    .limit(1);
  if (!found) throw new ImportRowError('campaign', `no event "${campaign}"; import or create the 主题活动 first`);
  if (found.type !== 'campaign') throw new ImportRowError('campaign', `"${campaign}" is not a 主题活动 (campaign)`);
  return found.id;
}

/** `pnpm kepu import events <file>`: events by 编号 (else 标题 + 开始时间), all-or-nothing by default. */
export const eventsImporter = defineImporter<EventRowValue>({
  kind: 'events',
  description: '科普活动（讲座、展览、研学、竞赛、课堂…）',
  columns: EVENT_COLUMNS,
  rowSchema: (_db, ctx) => rowSchema(ctx.config.timeZone, loadTaxonomy(ctx.config.taxonomyProfile)),
  key: (row) => row.externalId ?? `${row.input.title}@${row.input.startsAt}`,
  async writeRow(tx, { value }, ctx) {
    const context = {
      timeZone: ctx.config.timeZone,
      publicUrl: ctx.config.publicUrl,
      taxonomy: loadTaxonomy(ctx.config.taxonomyProfile),
    };
    const input: EventCreate = { ...value.input };
    if (value.venue) {
      // The venue's place fills what the file leaves empty (withVenue, when the event is written).
      Object.assign(input, await resolveVenue(tx, value.venue));
    }
    if (value.campaign) input.campaignId = await resolveCampaign(tx, value.campaign);
    const [current] = value.externalId
      ? await tx.select().from(events).where(eq(events.externalId, value.externalId)).for('update')
      : await tx
          .select()
          .from(events)
          .where(
            sql`${events.title} = ${input.title} and ${events.startsAt} = ${input.startsAt}::timestamptz and ${events.externalId} is null`,
          )
          .for('update');
    try {
      if (!current) {
        await insertEvent(tx, input, context, ctx.organizationId, undefined, value.externalId);
        return 'created';
      }
      return (await replaceEvent(tx, current, input, context)).changed ? 'updated' : 'unchanged';
    } catch (error) {
      if (error instanceof ApiError) {
        const detail = error.details?.[0];
        const field = detail?.path.replace(/^body\./, '').split('.')[0] ?? 'title';
        const column = field === 'recurrence' ? 'rrule' : field;
        throw new ImportRowError(column, detail?.message ?? error.message);
      }
      throw error;
    }
  },
});
