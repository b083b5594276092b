import {
  type Expert,
  RUMOUR_RATING_LABELS,
  RUMOUR_RATING_VALUES,
  type RumourEntry,
  type RumourEntryDetail,
  type RumourTip,
} from '@kepu/sdk/schema';
import type { experts, rumourEntries, rumourTips } from '../../db/schema/rumours.js';

export type RumourEntryRow = typeof rumourEntries.$inferSelect;
export type ExpertRow = typeof experts.$inferSelect;
export type RumourTipRow = typeof rumourTips.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRumourEntry(row: RumourEntryRow): RumourEntry {
  return {
    id: row.id,
    externalId: row.externalId,
    claim: row.claim,
    aliases: row.aliases,
    rating: row.rating,
    ratingLabel: RUMOUR_RATING_LABELS[row.rating]['zh-CN'],
    ratingValue: RUMOUR_RATING_VALUES[row.rating],
    explanation: row.explanation,
    analysis: row.analysis,
    topics: row.topics,
    sources: row.sources,
    reviewedBy: row.reviewedBy,
    status: row.status,
    firstSeenAt: iso(row.firstSeenAt),
    publishedAt: iso(row.publishedAt),
    lastReviewedAt: iso(row.lastReviewedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Public URL of an entry (the API resource; partner sites may link their own page instead). */
export const rumourUrl = (publicUrl: string, id: string) => `${publicUrl.replace(/\/$/, '')}/v1/rumours/${id}`;

/**
 * schema.org ClaimReview of a published entry. `reviewRating` uses the documented 1–5 scale with the zh label as
 * `alternateName`, which is what fact-check consumers display.
 */
export function claimReviewJsonLd(row: RumourEntryRow, publicUrl: string): Record<string, unknown> | null {
  if (row.status !== 'published') return null;
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: rumourUrl(publicUrl, row.id),
    ...(row.externalId ? { identifier: row.externalId } : {}),
    claimReviewed: row.claim,
    datePublished: row.publishedAt?.toISOString().slice(0, 10),
    ...(row.lastReviewedAt ? { dateModified: row.lastReviewedAt.toISOString().slice(0, 10) } : {}),
    inLanguage: 'zh-CN',
    reviewBody: row.explanation,
    reviewRating: {
      '@type': 'Rating',
      ratingValue: RUMOUR_RATING_VALUES[row.rating],
      bestRating: 5,
      worstRating: 1,
      alternateName: RUMOUR_RATING_LABELS[row.rating]['zh-CN'],
    },
    author: row.reviewedBy.length
      ? row.reviewedBy.map((r) => ({
          '@type': 'Person',
          name: r.name,
          ...(r.title ? { jobTitle: r.title } : {}),
          ...(r.institution ? { affiliation: { '@type': 'Organization', name: r.institution } } : {}),
        }))
      : { '@type': 'Organization', name: '科普专家审核组' },
    itemReviewed: {
      '@type': 'Claim',
      text: row.claim,
      ...(row.firstSeenAt ? { datePublished: row.firstSeenAt.toISOString().slice(0, 10) } : {}),
    },
    citation: row.sources.map((s) => ({
      '@type': 'CreativeWork',
      name: s.title,
      ...(s.url ? { url: s.url } : {}),
      ...(s.publisher ? { publisher: { '@type': 'Organization', name: s.publisher } } : {}),
      ...(s.date ? { datePublished: s.date } : {}),
    })),
  };
}

export function toRumourEntryDetail(row: RumourEntryRow, publicUrl: string): RumourEntryDetail {
  return { ...toRumourEntry(row), jsonLd: claimReviewJsonLd(row, publicUrl) };
}

export function toExpert(row: ExpertRow): Expert {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    institution: row.institution,
    specialties: row.specialties,
    profile: row.profile,
    verified: row.verified,
    reviewer: row.reviewer,
    isExample: row.isExample,
    removedAt: iso(row.removedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toRumourTip(row: RumourTipRow): RumourTip {
  return {
    id: row.id,
    text: row.text,
    count: row.count,
    channels: row.channels,
    status: row.status,
    entryId: row.entryId,
    note: row.note,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
  };
}
