import type { RumourReviewer, RumourSource } from '@kepu/sdk/schema';
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The health science expert pool (健康科普专家库): public professional profiles only — no phone, no ID number.
 * `isExample` marks fictional demo profiles so they are never mistaken for real people.
 */
export const experts = pgTable(
  'experts',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    title: text(),
    institution: text(),
    specialties: text().array().notNull().default(sql`'{}'::text[]`),
    profile: text(),
    verified: boolean().notNull().default(false),
    reviewer: boolean().notNull().default(false),
    isExample: boolean().notNull().default(false),
    /** Left the pool: hidden from the public, out of the assistant's index; the row stays for past reviews. */
    removedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.reviewer)],
);

/**
 * Reviewed health resources (资源库): articles, videos, Q&A. Health content is re-reviewed periodically: past
 * `reviewDueAt` an item is overdue, flagged, and out of the assistant's index until an expert reviews it again.
 */
export const healthResources = pgTable(
  'health_resources',
  {
    id: text().primaryKey(),
    kind: text({ enum: ['article', 'video', 'qa'] }).notNull(),
    title: text().notNull(),
    summary: text(),
    body: text(),
    url: text(),
    author: text(),
    reviewerId: text().references(() => experts.id),
    audience: text().array().notNull().default(sql`'{}'::text[]`),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    sources: jsonb().$type<RumourSource[]>().notNull().default([]),
    status: text({ enum: ['draft', 'published', 'withdrawn'] })
      .notNull()
      .default('draft'),
    publishedAt: timestamp({ withTimezone: true }),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewDueAt: timestamp({ withTimezone: true }),
    /** Set by the review sweep when `reviewDueAt` passed (the item then left the index); cleared by a re-review. */
    overdueSince: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.status, t.reviewDueAt)],
);

/**
 * Rumour entries (辟谣条目), aligned with schema.org ClaimReview. Only `published` entries give verdicts.
 * `reviewedBy` is a snapshot of the reviewers at review time (a review record, not a live profile).
 */
export const rumourEntries = pgTable(
  'rumour_entries',
  {
    id: text().primaryKey(),
    externalId: text(),
    claim: text().notNull(),
    aliases: text().array().notNull().default(sql`'{}'::text[]`),
    rating: text({ enum: ['false', 'misleading', 'mixed', 'true', 'unproven'] }).notNull(),
    explanation: text().notNull(),
    analysis: text(),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    sources: jsonb().$type<RumourSource[]>().notNull().default([]),
    reviewerIds: text().array().notNull().default(sql`'{}'::text[]`),
    reviewedBy: jsonb().$type<RumourReviewer[]>().notNull().default([]),
    status: text({ enum: ['draft', 'expert_review', 'published', 'retracted'] })
      .notNull()
      .default('draft'),
    firstSeenAt: timestamp({ withTimezone: true }),
    publishedAt: timestamp({ withTimezone: true }),
    lastReviewedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rumour_entries_external_id_idx').on(t.externalId),
    index().on(t.status, t.id),
    index().on(t.status, t.updatedAt),
  ],
);

/**
 * Claims that matched nothing (from checks, the assistant and information officers), one row per claim: a similar
 * text increments `count` instead of adding a row. `textKey` (the cleaned text) makes exact repeats race-free.
 */
export const rumourTips = pgTable(
  'rumour_tips',
  {
    id: text().primaryKey(),
    text: text().notNull(),
    textKey: text().notNull(),
    count: integer().notNull().default(1),
    channels: jsonb().$type<Partial<Record<'check' | 'assistant' | 'officer', number>>>().notNull().default({}),
    status: text({ enum: ['new', 'linked', 'dismissed', 'drafted'] })
      .notNull()
      .default('new'),
    entryId: text().references(() => rumourEntries.id),
    note: text(),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rumour_tips_text_key_idx').on(t.textKey),
    index().on(t.status, t.count, t.id),
    index().on(t.lastSeenAt),
  ],
);
