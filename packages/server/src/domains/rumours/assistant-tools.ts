import type { AssistantTools, Embedder, RumourMatch } from '@kepu/assistant';
import { RUMOUR_RATING_LABELS } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { rumourEntries } from '../../db/schema/rumours.js';
import { checkClaim, recordRumourTip } from './claim-check.js';

/**
 * The assistant's rumour tools: the same engine and thresholds as `POST /v1/rumours/check`. A verdict card is
 * returned only for a `match` (a published, expert-reviewed entry); anything less is `null`, and the assistant says
 * honestly that there is no reviewed answer yet and files the claim with `submitRumourTip`.
 * @example const tools = { ...otherTools, ...createRumourTools(db) }
 */
export function createRumourTools(
  db: Db,
  now: () => Date = () => new Date(),
  /** The server's configured embedder: a semantic one makes the vector index a matching signal (claim-check.ts). */
  embedder?: Embedder,
): Required<Pick<AssistantTools, 'checkRumour' | 'submitRumourTip'>> {
  return {
    async checkRumour(claim): Promise<RumourMatch | null> {
      const result = await checkClaim(db, claim, { limit: 1, ...(embedder ? { embedder } : {}) });
      const first = result.matches[0];
      if (result.decision !== 'match' || !first) return null;
      const [row] = await db.select().from(rumourEntries).where(eq(rumourEntries.id, first.id));
      if (row?.status !== 'published') return null;
      const url = `/v1/rumours/${row.id}`;
      return {
        score: result.confidence,
        source: { type: 'rumour', id: row.id, externalId: row.externalId ?? undefined, title: row.claim, url },
        card: {
          type: 'rumour',
          id: row.id,
          ...(row.externalId ? { externalId: row.externalId } : {}),
          claim: row.claim,
          rating: row.rating,
          ratingLabel: RUMOUR_RATING_LABELS[row.rating]['zh-CN'],
          explanation: row.explanation,
          reviewedBy: row.reviewedBy.map(({ name, title, institution }) => ({
            name,
            ...(title ? { title } : {}),
            ...(institution ? { institution } : {}),
          })),
          sources: row.sources,
          ...(row.lastReviewedAt ? { dateReviewed: row.lastReviewedAt.toISOString().slice(0, 10) } : {}),
          url,
        },
      };
    },
    async submitRumourTip(claim) {
      await recordRumourTip(db, claim, 'assistant', now());
    },
  };
}
