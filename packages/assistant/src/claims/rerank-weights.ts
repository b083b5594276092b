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
  'explanationLexical',
  'analysisLexical',
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
  explanationLexical: 0,
  analysisLexical: 0,
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

/**
 * Learned on the development set (docs/benchmarks.md, "Rumour claim matching") with `trainRerankWeights`, L2 1e-4
 * chosen by 5-fold cross-validation; scores are probabilities (Platt). `withVector` was learned with the local
 * embedder's vectors, which measured as no help: both vector weights came out negative and were held at zero (a
 * similarity is never evidence against an entry), so vector hits only add candidates. Re-learn both with
 * `pnpm kepu eval rumours --train` after changing a signal or the embedder.
 */
export const DEFAULT_RERANK_WEIGHTS: RerankWeights = {
  lexicalOnly: {
    bias: -18.88,
    lexical: 11.479,
    titleLexical: 0.498,
    explanationLexical: 1.149,
    analysisLexical: 5.009,
    claimCoverage: 7.949,
    queryCoverage: 0.915,
    titleQueryCoverage: -0.113,
    trigramCoverage: -7.947,
    commonSubstring: 2.879,
    titleDice: 1.554,
    lexicalRank: 0.422,
    vector: 0,
    vectorRank: 0,
  },
  withVector: {
    bias: -18.954,
    lexical: 11.55,
    titleLexical: 0.539,
    explanationLexical: 1.162,
    analysisLexical: 5.029,
    claimCoverage: 7.904,
    queryCoverage: 0.894,
    titleQueryCoverage: -0.131,
    trigramCoverage: -7.968,
    commonSubstring: 2.943,
    titleDice: 1.545,
    lexicalRank: 0.365,
    vector: 0,
    vectorRank: 0,
  },
};

/** The re-ranker's score of one candidate, in (0, 1). */
export function rerankScore(signals: ClaimSignals, weights: RerankWeights, withVector: boolean): number {
  const w = withVector ? weights.withVector : weights.lexicalOnly;
  let z = w.bias;
  for (const name of SIGNAL_NAMES) z += w[name] * signals[name];
  return 1 / (1 + Math.exp(-z));
}
