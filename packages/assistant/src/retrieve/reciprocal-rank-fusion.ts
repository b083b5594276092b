import type { RankedHit } from './types.js';

/**
 * Reciprocal rank fusion (Cormack et al. 2009): score(d) = Σ 1 / (k + rank_i(d)). Rank-based, so BM25 scores and
 * cosine similarities need no calibration against each other.
 * @default k 60
 */
export function rankByReciprocalFusion(lists: readonly (readonly RankedHit[])[], k = 60): RankedHit[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      scores.set(hit.chunkId, (scores.get(hit.chunkId) ?? 0) + 1 / (k + rank + 1));
    });
  }
  return [...scores.entries()]
    .map(([chunkId, score]) => ({ chunkId, score }))
    .sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
}
