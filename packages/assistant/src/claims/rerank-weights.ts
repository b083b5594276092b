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
  'charCoverage',
  'synonymCoverage',
  'keyTermTitle',
  'keyTermSynonym',
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
  charCoverage: 0,
  synonymCoverage: 0,
  keyTermTitle: 0,
  keyTermSynonym: 0,
  lexicalRank: 0,
  vector: 0,
  vectorRank: 0,
};

/** Session 1's hand-set re-rank (lexical 0.6, claim coverage 0.1, query coverage 0.3), the baseline of training. */
export const HAND_SET_WEIGHTS: SignalWeights = { ...zero, lexical: 6, claimCoverage: 1, queryCoverage: 3 };

/**
 * Learned on the development set (docs/benchmarks.md, "Rumour claim matching") with `trainRerankWeights`, L2 3e-4
 * chosen by 5-fold cross-validation; scores are probabilities (Platt). `withVector` was learned with the local
 * embedder's vectors, which measured as no help (same cross-validated recall; the rank weight came out negative and
 * is held at zero: a similarity is never evidence against an entry), and the local embedder is not searched. Re-learn
 * both with `pnpm kepu eval rumours --train` after changing a signal or the embedder.
 */
export const DEFAULT_RERANK_WEIGHTS: RerankWeights = {
  lexicalOnly: {
    bias: -15.004,
    lexical: 4.46,
    titleLexical: -0.235,
    explanationLexical: 1.407,
    analysisLexical: 3.947,
    claimCoverage: -0.583,
    queryCoverage: 1.252,
    titleQueryCoverage: -0.114,
    trigramCoverage: -1.8,
    commonSubstring: 0.57,
    titleDice: 0.379,
    charCoverage: 7.669,
    synonymCoverage: 1.681,
    keyTermTitle: 0.061,
    keyTermSynonym: 1.391,
    lexicalRank: 1.08,
    vector: 0,
    vectorRank: 0,
  },
  withVector: {
    bias: -14.912,
    lexical: 4.439,
    titleLexical: -0.242,
    explanationLexical: 1.389,
    analysisLexical: 3.823,
    claimCoverage: -0.58,
    queryCoverage: 1.198,
    titleQueryCoverage: -0.133,
    trigramCoverage: -1.842,
    commonSubstring: 0.595,
    titleDice: 0.347,
    charCoverage: 7.634,
    synonymCoverage: 1.662,
    keyTermTitle: 0.092,
    keyTermSynonym: 1.403,
    lexicalRank: 1.04,
    vector: 0.517,
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
