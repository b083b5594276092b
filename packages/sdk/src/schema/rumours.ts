import { z } from 'zod';
import { Cursor, Limit, pageOf } from './common.js';
import { RumourRating } from './rumour-rating.js';

const DateTime = z.iso.datetime({ offset: true }).meta({ example: '2026-11-29T10:00:00+08:00' });
const LocalDate = z.iso.date().meta({ example: '2025-06-30' });
const shortText = (max: number) => z.string().trim().min(1).max(max);

/** ClaimReview `ratingValue` of each rating (worst 1 … best 5). */
export const RUMOUR_RATING_VALUES: Record<RumourRating, number> = {
  false: 1,
  misleading: 2,
  mixed: 3,
  unproven: 3,
  true: 5,
};

/** A source of an entry: an authority's page, a study, a guideline. */
export const RumourSource = z
  .object({
    title: shortText(300).meta({ example: '中国居民膳食指南（2022）' }),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://www.nhc.gov.cn/' })
      .max(2000)
      .optional(),
    publisher: shortText(200).optional().meta({ example: '中国营养学会' }),
    date: LocalDate.optional(),
  })
  .meta({ id: 'RumourSource' });
export type RumourSource = z.infer<typeof RumourSource>;

/** Workflow of an entry: only `published` entries give verdicts. */
export const RumourStatus = z.enum(['draft', 'expert_review', 'published', 'retracted']).meta({
  id: 'RumourStatus',
  description:
    'draft → expert_review (submitted) → published (an expert reviewed it) → retracted. A published entry can be sent back to expert_review to revise it.',
});
export type RumourStatus = z.infer<typeof RumourStatus>;

/** A reviewer as shown on an entry: a pool expert (`expertId`) or a name from an imported base. */
export const RumourReviewer = z
  .object({
    expertId: z.string().nullable(),
    name: z.string(),
    title: z.string().optional(),
    institution: z.string().optional(),
  })
  .meta({ id: 'RumourReviewer' });
export type RumourReviewer = z.infer<typeof RumourReviewer>;

/** A rumour entry (辟谣条目), aligned with schema.org ClaimReview. */
export const RumourEntry = z
  .object({
    id: z.string().meta({ example: 'rum_06c2…' }),
    externalId: z.string().nullable().meta({ description: 'Identifier in the base it was imported from.' }),
    claim: z.string().meta({ description: 'The claim reviewed, short.', example: '隔夜菜会致癌' }),
    aliases: z.array(z.string()).meta({ description: 'Other phrasings of the same claim as they circulate.' }),
    rating: RumourRating,
    ratingLabel: z.string().meta({ example: '谣言' }),
    ratingValue: z.number().int().min(1).max(5).meta({ description: 'ClaimReview ratingValue: 1 false … 5 true.' }),
    explanation: z.string().meta({ description: '真相: the reviewed verdict in a few sentences.' }),
    analysis: z.string().nullable().meta({ description: 'The full analysis.' }),
    topics: z.array(z.string()),
    sources: z.array(RumourSource),
    reviewedBy: z.array(RumourReviewer),
    status: RumourStatus,
    firstSeenAt: DateTime.nullable().meta({ description: 'When the claim was first seen circulating.' }),
    publishedAt: DateTime.nullable(),
    lastReviewedAt: DateTime.nullable(),
    createdAt: DateTime,
    updatedAt: DateTime,
  })
  .meta({ id: 'RumourEntry' });
export type RumourEntry = z.infer<typeof RumourEntry>;

/** schema.org ClaimReview of a published entry, ready to embed as JSON-LD. */
export const ClaimReviewJsonLd = z.record(z.string(), z.unknown()).meta({ id: 'ClaimReviewJsonLd' });

export const RumourEntryDetail = RumourEntry.extend({
  jsonLd: ClaimReviewJsonLd.nullable().meta({ description: 'schema.org ClaimReview; null until published.' }),
}).meta({ id: 'RumourEntryDetail' });
export type RumourEntryDetail = z.infer<typeof RumourEntryDetail>;

const entryFields = {
  externalId: shortText(100).optional(),
  claim: shortText(300),
  aliases: z.array(shortText(300)).max(50).default([]),
  rating: RumourRating,
  explanation: shortText(2000),
  analysis: shortText(50_000).optional(),
  topics: z.array(shortText(40)).max(20).default([]),
  sources: z.array(RumourSource).max(30).default([]),
  reviewerIds: z.array(z.string().min(1).max(64)).max(10).default([]).meta({
    description: 'Experts of the pool who review this entry (ids); at least one is needed to publish.',
  }),
  firstSeenAt: DateTime.optional(),
};

export const CreateRumourEntry = z.object(entryFields).meta({ id: 'CreateRumourEntry' });
export type CreateRumourEntry = z.infer<typeof CreateRumourEntry>;

export const UpdateRumourEntry = z
  .object({
    claim: entryFields.claim,
    aliases: z.array(shortText(300)).max(50),
    rating: RumourRating,
    explanation: entryFields.explanation,
    analysis: shortText(50_000).nullable(),
    topics: z.array(shortText(40)).max(20),
    sources: z.array(RumourSource).max(30),
    reviewerIds: z.array(z.string().min(1).max(64)).max(10),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })
  .meta({ id: 'UpdateRumourEntry' });
export type UpdateRumourEntry = z.infer<typeof UpdateRumourEntry>;

/** An expert's decision on an entry. */
export const RumourReviewAction = z.enum(['publish', 'return', 'retract', 'revise']).meta({
  id: 'RumourReviewAction',
  description:
    'publish: expert_review → published. return: expert_review → draft (needs a note). retract: published → retracted (needs a note). revise: published → expert_review, taken out of checks until published again.',
});
export type RumourReviewAction = z.infer<typeof RumourReviewAction>;

export const RumourReview = z
  .object({
    action: RumourReviewAction,
    note: shortText(2000).optional().meta({ description: 'Why; required to return or retract.' }),
  })
  .refine((v) => !(v.action === 'return' || v.action === 'retract') || v.note, {
    message: 'a note is required to return or retract an entry: say why',
    path: ['note'],
  })
  .meta({ id: 'RumourReview' });
export type RumourReview = z.infer<typeof RumourReview>;

export const RumourListQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
  status: RumourStatus.optional().meta({
    description: 'Only staff with `rumours:write` or `rumours:review` may list other statuses than published.',
  }),
  rating: RumourRating.optional(),
  topic: z.string().trim().min(1).max(40).optional(),
});
export type RumourListQuery = z.infer<typeof RumourListQuery>;

export const RumourList = pageOf(RumourEntry).meta({ id: 'RumourList' });
export type RumourList = z.infer<typeof RumourList>;

/** A forwarded message or a claim to check. */
export const RumourCheckRequest = z
  .object({
    text: z
      .string()
      .trim()
      .min(2, 'paste the message or claim to check (at least 2 characters)')
      .max(5000, 'at most 5,000 characters: paste the part that makes the claim')
      .meta({ example: '转发！隔夜菜致癌，千万别吃！这是真的吗？' }),
    limit: z.number().int().min(1).max(10).default(5),
  })
  .meta({ id: 'RumourCheckRequest' });
export type RumourCheckRequest = z.infer<typeof RumourCheckRequest>;

export const RumourCheckDecision = z.enum(['match', 'possible', 'none']).meta({
  id: 'RumourCheckDecision',
  description:
    'match: the first entry reviews this claim, show its verdict. possible: the entries may be related, show them as such. none: no reviewed answer yet; the text went to the experts’ queue.',
});
export type RumourCheckDecision = z.infer<typeof RumourCheckDecision>;

export const RumourCheckMatch = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    claim: z.string(),
    rating: RumourRating,
    ratingLabel: z.string(),
    explanation: z.string(),
    sources: z.array(RumourSource),
    score: z.number().min(0).max(1).meta({ description: 'Ranking score 0–1 of this entry for the text.' }),
  })
  .meta({ id: 'RumourCheckMatch' });
export type RumourCheckMatch = z.infer<typeof RumourCheckMatch>;

export const RumourCheckResponse = z
  .object({
    decision: RumourCheckDecision,
    confidence: z
      .number()
      .min(0)
      .max(1)
      .meta({ description: 'Confidence that the first entry is this claim; the thresholds apply to it.' }),
    matches: z.array(RumourCheckMatch).meta({ description: 'Best first; empty when the decision is none.' }),
    tipId: z
      .string()
      .nullable()
      .meta({ description: 'With decision none: the queue item the text was recorded as (or counted towards).' }),
  })
  .meta({ id: 'RumourCheckResponse' });
export type RumourCheckResponse = z.infer<typeof RumourCheckResponse>;

/** Where a tip came from. */
export const RumourTipChannel = z.enum(['check', 'assistant', 'officer']).meta({ id: 'RumourTipChannel' });
export type RumourTipChannel = z.infer<typeof RumourTipChannel>;

export const RumourTipStatus = z.enum(['new', 'linked', 'dismissed', 'drafted']).meta({
  id: 'RumourTipStatus',
  description: 'new → linked (an existing entry covers it) | dismissed (not a health or science claim) | drafted.',
});
export type RumourTipStatus = z.infer<typeof RumourTipStatus>;

/** A claim that matched nothing, de-duplicated by similarity: one item per claim, counted. */
export const RumourTip = z
  .object({
    id: z.string(),
    text: z.string().meta({ description: 'The first text seen (personal data redacted).' }),
    count: z.number().int().meta({ description: 'How many times a similar text came in.' }),
    channels: z.partialRecord(RumourTipChannel, z.number().int()).meta({ description: 'Count per channel.' }),
    status: RumourTipStatus,
    entryId: z.string().nullable().meta({ description: 'The linked or drafted entry.' }),
    note: z.string().nullable(),
    firstSeenAt: DateTime,
    lastSeenAt: DateTime,
  })
  .meta({ id: 'RumourTip' });
export type RumourTip = z.infer<typeof RumourTip>;

export const SubmitRumourTip = z
  .object({ text: RumourCheckRequest.shape.text })
  .meta({ id: 'SubmitRumourTip', description: 'A claim an information officer saw circulating.' });
export type SubmitRumourTip = z.infer<typeof SubmitRumourTip>;

export const RumourTipListQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
  status: RumourTipStatus.default('new'),
});
export type RumourTipListQuery = z.infer<typeof RumourTipListQuery>;

export const RumourTipList = pageOf(RumourTip).meta({ id: 'RumourTipList' });
export type RumourTipList = z.infer<typeof RumourTipList>;

export const TriageRumourTip = z
  .discriminatedUnion('action', [
    z.object({
      action: z.literal('link'),
      entryId: z.string().min(1).max(64),
      alias: shortText(300)
        .optional()
        .meta({
          description:
            'Add this phrasing to the entry’s aliases (e.g. the tip’s claim without the forwarding noise), so the next ' +
            'such message matches it; a published entry stays published and is re-indexed at once.',
          example: '喝板蓝根能预防流感',
        }),
      note: shortText(2000).optional(),
    }),
    z.object({ action: z.literal('dismiss'), note: shortText(2000) }),
    z.object({
      action: z.literal('draft'),
      claim: shortText(300).meta({ description: 'The claim as the new draft states it.' }),
      rating: RumourRating.default('unproven'),
      explanation: shortText(2000).default('待专家审核。'),
      note: shortText(2000).optional(),
    }),
  ])
  .meta({
    id: 'TriageRumourTip',
    description:
      'link: an entry covers it (optionally adding the phrasing as an alias). dismiss: not ours to check (note why). draft: start a new draft entry.',
  });
export type TriageRumourTip = z.infer<typeof TriageRumourTip>;
