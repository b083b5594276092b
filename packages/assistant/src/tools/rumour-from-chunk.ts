import { RUMOUR_RATING_LABELS, RumourRating } from '@kepu/sdk/schema';
import type { RetrievedChunk } from '../retrieve/types.js';
import type { RumourMatch } from './types.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * A rumour entry found by retrieval, as a verdict card. The rating comes from the indexed entry's `facts.rating`
 * (set by the rumour domain when it publishes); a chunk without a valid rating yields no verdict.
 */
export function rumourFromChunk(chunk: RetrievedChunk): RumourMatch | null {
  const rating = RumourRating.safeParse(chunk.facts.rating);
  if (!rating.success) return null;
  const reviewers = Array.isArray(chunk.facts.reviewedBy) ? chunk.facts.reviewedBy : [];
  const sources = Array.isArray(chunk.facts.sources) ? chunk.facts.sources : [];
  return {
    score: chunk.coverage,
    source: {
      type: 'rumour',
      id: chunk.sourceId,
      externalId: chunk.externalId ?? undefined,
      title: chunk.title,
      url: chunk.url ?? undefined,
      chunkId: chunk.chunkId,
    },
    card: {
      type: 'rumour',
      id: chunk.sourceId,
      ...(chunk.externalId ? { externalId: chunk.externalId } : {}),
      claim: str(chunk.facts.claim) ?? chunk.title,
      rating: rating.data,
      ratingLabel: RUMOUR_RATING_LABELS[rating.data]['zh-CN'],
      explanation: str(chunk.facts.explanation) ?? chunk.text,
      reviewedBy: reviewers.flatMap((r) => {
        const o = r as Record<string, unknown>;
        const name = str(o?.name);
        return name ? [{ name, title: str(o.title), institution: str(o.institution) }] : [];
      }),
      sources: sources.flatMap((s) => {
        const o = s as Record<string, unknown>;
        const title = str(o?.title);
        return title ? [{ title, url: str(o.url), publisher: str(o.publisher), date: str(o.date) }] : [];
      }),
      ...(str(chunk.facts.dateReviewed) ? { dateReviewed: str(chunk.facts.dateReviewed) } : {}),
      ...(chunk.url ? { url: chunk.url } : {}),
    },
  };
}
