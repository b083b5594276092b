import type { ClaimSignals } from './claim-matcher.js';

/** A linear model over the re-ranker's signals: `bias + Σ weight × signal`, squashed into (0, 1). */
export type SignalWeights = { bias: number } & { [K in keyof ClaimSignals]: number };

/**
 * Two models: one for lexical-only matching, one for when the caller also searched the vector index (the
 * lexical weights shift once a semantic signal is there to share the work).
 */
export interface RerankWeights {
  lexicalOnly: SignalWeights;
  withVector: SignalWeights;
}

/** The signals in a fixed order (feature vectors for training and evaluation). */
export const SIGNAL_NAMES = [
  'lexical',
  'titleLexical',
  'claimCoverage',
  'queryCoverage',
  'titleQueryCoverage',
  'trigramCoverage',
  'commonSubstring',
  'titleDice',
  'lexicalRank',
  'vector',
  'vectorRank',
] as const satisfies readonly (keyof ClaimSignals)[];

const zero: SignalWeights = {
  bias: 0,
  lexical: 0,
  titleLexical: 0,
  claimCoverage: 0,
  queryCoverage: 0,
  titleQueryCoverage: 0,
  trigramCoverage: 0,
  commonSubstring: 0,
  titleDice: 0,
  lexicalRank: 0,
  vector: 0,
  vectorRank: 0,
};

/** Session 1's hand-set re-rank (lexical 0.6, claim coverage 0.1, query coverage 0.3), the baseline of training. */
export const HAND_SET_WEIGHTS: SignalWeights = { ...zero, lexical: 6, claimCoverage: 1, queryCoverage: 3 };

export const DEFAULT_RERANK_WEIGHTS: RerankWeights = {
  lexicalOnly: HAND_SET_WEIGHTS,
  withVector: HAND_SET_WEIGHTS,
};

/** The re-ranker's score of one candidate, in (0, 1). */
export function rerankScore(signals: ClaimSignals, weights: RerankWeights, withVector: boolean): number {
  const w = withVector ? weights.withVector : weights.lexicalOnly;
  let z = w.bias;
  for (const name of SIGNAL_NAMES) z += w[name] * signals[name];
  return 1 / (1 + Math.exp(-z));
}
