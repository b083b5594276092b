import { z } from 'zod';
import { Cursor, Limit, pageOf } from './common.js';
import { RumourSource } from './rumours.js';

const DateTime = z.iso.datetime({ offset: true }).meta({ example: '2026-11-29T10:00:00+08:00' });
const shortText = (max: number) => z.string().trim().min(1).max(max);

export const HealthResourceKind = z
  .enum(['article', 'video', 'qa'])
  .meta({ id: 'HealthResourceKind', description: 'article 文章, video 视频, qa 问答' });
export type HealthResourceKind = z.infer<typeof HealthResourceKind>;

export const HealthResourceStatus = z.enum(['draft', 'published', 'withdrawn']).meta({ id: 'HealthResourceStatus' });
export type HealthResourceStatus = z.infer<typeof HealthResourceStatus>;

/**
 * A reviewed health resource (资源库). Health content is re-reviewed periodically: past `reviewDueAt` it is
 * `overdue`, flagged here and never cited by the assistant until an expert reviews it again.
 */
export const HealthResource = z
  .object({
    id: z.string(),
    kind: HealthResourceKind,
    title: z.string(),
    summary: z.string().nullable(),
    body: z.string().nullable(),
    url: z.string().nullable(),
    author: z.string().nullable(),
    reviewer: z
      .object({ id: z.string(), name: z.string(), title: z.string().nullable(), institution: z.string().nullable() })
      .nullable(),
    audience: z.array(z.string()),
    topics: z.array(z.string()),
    sources: z.array(RumourSource),
    status: HealthResourceStatus,
    publishedAt: DateTime.nullable(),
    reviewedAt: DateTime.nullable(),
    reviewDueAt: DateTime.nullable(),
    overdue: z.boolean().meta({ description: 'Past its review date: shown with a warning, not cited.' }),
    overdueSince: DateTime.nullable().meta({
      description: 'When the review sweep flagged it and took it out of the assistant’s index; null once re-reviewed.',
    }),
    createdAt: DateTime,
    updatedAt: DateTime,
  })
  .meta({ id: 'HealthResource' });
export type HealthResource = z.infer<typeof HealthResource>;

export const CreateHealthResource = z
  .object({
    kind: HealthResourceKind,
    title: shortText(200),
    summary: shortText(1000).optional(),
    body: shortText(50_000).optional(),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .optional(),
    author: shortText(100).optional(),
    audience: z
      .array(shortText(40))
      .max(10)
      .default([])
      .meta({ example: ['老年人', '家长'] }),
    topics: z.array(shortText(40)).max(20).default([]),
    sources: z.array(RumourSource).max(30).default([]),
  })
  .refine((v) => v.body || v.url, { message: 'give the content (body) or a link to it (url)', path: ['body'] })
  .meta({ id: 'CreateHealthResource' });
export type CreateHealthResource = z.infer<typeof CreateHealthResource>;

export const ReviewHealthResource = z
  .object({
    reviewerId: z.string().min(1).max(64).meta({ description: 'The reviewing expert (must be a reviewer).' }),
    reviewDueAt: DateTime.optional().meta({ description: 'Next review; default 12 months from now.' }),
  })
  .meta({ id: 'ReviewHealthResource' });
export type ReviewHealthResource = z.infer<typeof ReviewHealthResource>;

/**
 * A change to a health resource. Content fields edit a draft freely; a published resource's content changes only
 * together with a review (`reviewerId`, scope `rumours:review`), so citizens only ever see reviewed text.
 * `reviewerId` (with an optional `reviewDueAt`) is a (re-)review: it publishes a draft, or renews a published
 * resource until the new date and puts it back into the assistant's index.
 */
export const UpdateHealthResource = z
  .object({
    kind: HealthResourceKind,
    title: shortText(200),
    summary: shortText(1000).nullable(),
    body: shortText(50_000).nullable(),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .nullable(),
    author: shortText(100).nullable(),
    audience: z.array(shortText(40)).max(10),
    topics: z.array(shortText(40)).max(20),
    sources: z.array(RumourSource).max(30),
    reviewerId: ReviewHealthResource.shape.reviewerId,
    reviewDueAt: ReviewHealthResource.shape.reviewDueAt.unwrap().meta({
      description: 'Next review (needs reviewerId: the expert who reviewed it now); default 12 months from now.',
    }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })
  .refine((v) => v.reviewDueAt === undefined || v.reviewerId !== undefined, {
    message: 'a new review date is set by a review: name the reviewing expert in reviewerId',
    path: ['reviewerId'],
  })
  .meta({ id: 'UpdateHealthResource' });
export type UpdateHealthResource = z.infer<typeof UpdateHealthResource>;

/** The experts' work queue: published resources past (or near) their review date, most overdue first. */
export const HealthReviewQueueQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
  withinDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(365)
    .default(0)
    .meta({ description: 'Also list resources due within this many days (0: only overdue ones).', example: 30 }),
});
export type HealthReviewQueueQuery = z.infer<typeof HealthReviewQueueQuery>;

/** What one run of the review sweep did. */
export const HealthReviewSweepResult = z
  .object({
    flagged: z
      .array(z.object({ id: z.string(), title: z.string(), reviewDueAt: DateTime }))
      .meta({ description: 'Resources flagged overdue by this run (not those flagged before).' }),
    withdrawn: z
      .number()
      .int()
      .meta({ description: 'Overdue resources taken out of the assistant’s index by this run.' }),
    overdue: z.number().int().meta({ description: 'Published resources overdue after this run.' }),
    ranAt: DateTime,
  })
  .meta({ id: 'HealthReviewSweepResult' });
export type HealthReviewSweepResult = z.infer<typeof HealthReviewSweepResult>;

export const HealthResourceListQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
  kind: HealthResourceKind.optional(),
  topic: z.string().trim().min(1).max(40).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'Only overdue (true) or current (false) resources.' }),
});
export type HealthResourceListQuery = z.infer<typeof HealthResourceListQuery>;

export const HealthResourceList = pageOf(HealthResource).meta({ id: 'HealthResourceList' });
export type HealthResourceList = z.infer<typeof HealthResourceList>;
