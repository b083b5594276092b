import type { ClaimDecision } from './claim-thresholds.js';

/** One evaluation query: `expectedExternalId` null means the base does not cover it. */
export interface ClaimEvalQuery {
  query: string;
  expectedExternalId: string | null;
}

/** What the evaluated matcher answers (the engine directly, or the server's `checkClaim`). */
export interface ClaimEvalAnswer {
  decision: ClaimDecision;
  matches: readonly { externalId: string | null }[];
}

export interface ClaimEvalReport {
  /** Queries evaluated (covered + uncovered). */
  n: number;
  covered: number;
  uncovered: number;
  /** Over covered queries: the expected entry is first / in the first five; mean reciprocal rank within ten. */
  recallAt1: number;
  recallAt5: number;
  mrrAt10: number;
  /** Share of uncovered queries answered `match` (a verdict shown for a claim we never reviewed). */
  falseMatchRate: number;
  /** Share of `match` answers whose first entry is the expected one (uncovered queries count as wrong). */
  matchPrecision: number;
  /** Share of covered queries answered `match` with the right entry. */
  matchRecall: number;
  p50Ms: number;
  p95Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Runs every query through `answer` (asking for ten matches), timing each, and computes the figures of issue 6.
 * @example const report = await evaluateClaimMatching(queries, (q) => matcher.match(q, { limit: 10 }))
 */
export async function evaluateClaimMatching(
  queries: readonly ClaimEvalQuery[],
  answer: (query: string) => ClaimEvalAnswer | Promise<ClaimEvalAnswer>,
): Promise<ClaimEvalReport> {
  let covered = 0;
  let at1 = 0;
  let at5 = 0;
  let reciprocal = 0;
  let uncoveredMatched = 0;
  let matched = 0;
  let matchedRight = 0;
  const latencies: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    const result = await answer(q.query);
    latencies.push(performance.now() - started);
    const first = result.matches[0]?.externalId ?? null;
    if (result.decision === 'match') {
      matched++;
      if (q.expectedExternalId !== null && first === q.expectedExternalId) matchedRight++;
    }
    if (q.expectedExternalId === null) {
      if (result.decision === 'match') uncoveredMatched++;
      continue;
    }
    covered++;
    const rank = result.matches.slice(0, 10).findIndex((m) => m.externalId === q.expectedExternalId);
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 5) at5++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  }
  latencies.sort((a, b) => a - b);
  const uncovered = queries.length - covered;
  return {
    n: queries.length,
    covered,
    uncovered,
    recallAt1: round(covered ? at1 / covered : 0),
    recallAt5: round(covered ? at5 / covered : 0),
    mrrAt10: round(covered ? reciprocal / covered : 0),
    falseMatchRate: round(uncovered ? uncoveredMatched / uncovered : 0),
    matchPrecision: round(matched ? matchedRight / matched : 0),
    matchRecall: round(covered ? matchedRight / covered : 0),
    p50Ms: round(percentile(latencies, 0.5), 2),
    p95Ms: round(percentile(latencies, 0.95), 2),
  };
}
