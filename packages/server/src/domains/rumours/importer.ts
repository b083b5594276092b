import { RumourRating, RumourSource } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/create-database.js';
import { rumourEntries } from '../../db/schema/rumours.js';
import { newId } from '../../ids.js';
import { dateCell, listCell, textCell } from '../../imports/cells.js';
import { ImportRowError } from '../../imports/import-error.js';
import { defineImporter, type RowOutcome } from '../../imports/importer.js';
import { upsertKnowledge, withdrawKnowledge } from '../assistant/knowledge.js';
import { rumourKnowledge } from './entry-service.js';
import type { RumourEntryRow } from './mappers.js';

/** A reviewer named by an imported base: a name, or `{ name, title?, institution? }`. */
const ImportedReviewer = z.union([
  z
    .string()
    .trim()
    .min(1)
    .max(60)
    .transform((name) => ({ name })),
  z.object({
    name: z.string().trim().min(1).max(60),
    title: z.string().trim().min(1).max(60).optional(),
    institution: z.string().trim().min(1).max(120).optional(),
  }),
]);

const RumourImportRow = z.object({
  externalId: textCell.pipe(z.string().max(100, 'at most 100 characters')),
  claim: textCell.pipe(z.string().max(300, 'at most 300 characters: put the full text in analysis')),
  rating: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(RumourRating.options, { error: 'must be one of false, misleading, mixed, true, unproven' }),
  ),
  explanation: textCell.pipe(z.string().max(2000, 'at most 2,000 characters: put the rest in analysis')),
  aliases: listCell.pipe(z.array(z.string().max(300)).max(50)).optional(),
  analysis: textCell.pipe(z.string().max(50_000)).optional(),
  topics: listCell.pipe(z.array(z.string().max(40)).max(20)).optional(),
  sources: z.array(RumourSource, { error: 'must be a list of { title, url?, publisher?, date? }' }).max(30).optional(),
  reviewedBy: z
    .array(ImportedReviewer, { error: 'must be a list of names or { name, title?, institution? }' })
    .max(10)
    .optional(),
  datePublished: dateCell.optional(),
});
type RumourImportRow = z.infer<typeof RumourImportRow>;

/** Local midnight in China, so a date stays that date whatever the server's zone. */
const dateAt = (date: string) => new Date(`${date}T00:00:00+08:00`);

/** JSON with sorted keys: jsonb does not keep key order, so plain JSON.stringify would see changes that are not. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function sameContent(row: RumourEntryRow, v: RumourImportRow): boolean {
  const stored = [
    row.claim,
    row.rating,
    row.explanation,
    row.analysis,
    row.aliases,
    row.topics,
    row.sources,
    row.reviewedBy,
  ];
  const incoming = [
    v.claim,
    v.rating,
    v.explanation,
    v.analysis ?? null,
    v.aliases ?? [],
    v.topics ?? [],
    v.sources ?? [],
    reviewersFrom(v),
  ];
  return canonical(stored) === canonical(incoming);
}

function reviewersFrom(v: RumourImportRow) {
  return (v.reviewedBy ?? []).map((r) => ({ expertId: null, ...r }));
}

/**
 * `pnpm kepu import rumours <file.jsonl>`: reviewed entries of a rumour base, one JSON object per line, upserted
 * by `externalId`. The base is trusted as its publisher reviewed it, so `sources` and `reviewedBy` stay optional
 * here (the review workflow of the API asks for both before publishing). With `--publish` (or `?publish=true` with `rumours:review`) they are published at once and enter
 * checks and the assistant's index; otherwise they wait in `expert_review`. A published entry whose content changes
 * without `--publish` goes back to review and out of checks — an unreviewed change never gives a verdict.
 */
export const rumourImporter = defineImporter<RumourImportRow>({
  kind: 'rumours',
  description:
    'Rumour entries (ClaimReview): externalId, claim, rating, explanation, aliases, analysis, topics, sources.',
  columns: [
    {
      field: 'externalId',
      label: '外部编号',
      required: true,
      description: 'Identifier in the source base; kept and returned by the API.',
    },
    { field: 'claim', label: '谣言', aliases: ['说法', '流言'], required: true },
    { field: 'rating', label: '结论', required: true, description: 'false | misleading | mixed | true | unproven' },
    { field: 'explanation', label: '真相', required: true },
    { field: 'aliases', label: '其他说法' },
    { field: 'analysis', label: '分析' },
    { field: 'topics', label: '主题' },
    { field: 'sources', label: '来源', description: 'JSON list of { title, url?, publisher?, date? } (JSONL only)' },
    { field: 'reviewedBy', label: '审核专家', description: 'names or { name, title?, institution? }' },
    { field: 'datePublished', label: '发布日期', description: 'YYYY-MM-DD' },
  ],
  rowSchema: () => RumourImportRow,
  key: (row) => row.externalId,
  async writeRow(tx: Tx, { value: v }, ctx): Promise<RowOutcome> {
    const [existing] = await tx.select().from(rumourEntries).where(eq(rumourEntries.externalId, v.externalId));
    const wanted = ctx.publish ? 'published' : existing?.status === 'draft' ? 'draft' : 'expert_review';
    if (existing && existing.status === wanted && sameContent(existing, v)) return 'unchanged';
    const publishedAt = v.datePublished
      ? dateAt(v.datePublished)
      : (existing?.publishedAt ?? (ctx.publish ? ctx.now : null));
    const values = {
      claim: v.claim,
      aliases: v.aliases ?? [],
      rating: v.rating,
      explanation: v.explanation,
      analysis: v.analysis ?? null,
      topics: v.topics ?? [],
      sources: v.sources ?? [],
      reviewedBy: reviewersFrom(v),
      reviewerIds: [],
      status: wanted,
      publishedAt: wanted === 'published' ? publishedAt : (existing?.publishedAt ?? null),
      lastReviewedAt: wanted === 'published' ? ctx.now : (existing?.lastReviewedAt ?? null),
      updatedAt: ctx.now,
    } satisfies Partial<typeof rumourEntries.$inferInsert>;
    let row: RumourEntryRow | undefined;
    if (existing) {
      [row] = await tx.update(rumourEntries).set(values).where(eq(rumourEntries.id, existing.id)).returning();
    } else {
      // An import racing another one (or an API create) with the same new externalId meets it on the unique index
      // and updates that entry instead of failing the whole import.
      [row] = await tx
        .insert(rumourEntries)
        .values({ id: newId('rum'), externalId: v.externalId, createdAt: ctx.now, ...values })
        .onConflictDoUpdate({ target: rumourEntries.externalId, set: values })
        .returning();
    }
    if (!row) throw new ImportRowError(null, 'the entry could not be written');
    if (row.status === 'published') await upsertKnowledge(tx, rumourKnowledge(row));
    else if (existing?.status === 'published') await withdrawKnowledge(tx, 'rumour', row.id);
    return existing ? 'updated' : 'created';
  },
});
