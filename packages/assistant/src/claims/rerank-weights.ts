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
  'likelihood',
  'analysisLikelihood',
  'topicProbability',
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
  likelihood: 0,
  analysisLikelihood: 0,
  topicProbability: 0,
  lexicalRank: 0,
  vector: 0,
  vectorRank: 0,
};

/** Session 1's hand-set re-rank (lexical 0.6, claim coverage 0.1, query coverage 0.3), the baseline of training. */
export const HAND_SET_WEIGHTS: SignalWeights = { ...zero, lexical: 6, claimCoverage: 1, queryCoverage: 3 };

/**
 * Learned on the development set (docs/benchmarks.md, "Rumour claim matching") with `trainRerankWeights`, L2 1e-4
 * chosen by 5-fold cross-validation; scores are probabilities (Platt). `withVector` was learned with the local
 * embedder's vectors, which measured as no help (same cross-validated recall; the rank weight came out negative and
 * is held at zero: a similarity is never evidence against an entry), and the local embedder is not searched. Re-learn
 * both with `pnpm kepu eval rumours --train` after changing a signal or the embedder.
 */
export const DEFAULT_RERANK_WEIGHTS: RerankWeights = {
  lexicalOnly: {
    bias: -17.259,
    lexical: 3.795,
    titleLexical: -0.389,
    explanationLexical: 1.446,
    analysisLexical: 3.637,
    claimCoverage: -1.209,
    queryCoverage: -2.114,
    titleQueryCoverage: -1.261,
    trigramCoverage: -2.773,
    commonSubstring: 2.165,
    titleDice: 0.178,
    charCoverage: 8.846,
    synonymCoverage: 1.477,
    keyTermTitle: -1.885,
    keyTermSynonym: 1.537,
    likelihood: 6.623,
    analysisLikelihood: -2.927,
    topicProbability: 1.024,
    lexicalRank: 0.516,
    vector: 0,
    vectorRank: 0,
  },
  withVector: {
    bias: -17.215,
    lexical: 3.866,
    titleLexical: -0.466,
    explanationLexical: 1.417,
    analysisLexical: 3.521,
    claimCoverage: -1.175,
    queryCoverage: -2.149,
    titleQueryCoverage: -1.321,
    trigramCoverage: -2.908,
    commonSubstring: 2.2,
    titleDice: 0.103,
    charCoverage: 8.882,
    synonymCoverage: 1.426,
    keyTermTitle: -1.788,
    keyTermSynonym: 1.595,
    likelihood: 6.61,
    analysisLikelihood: -3.001,
    topicProbability: 1.01,
    lexicalRank: 0.508,
    vector: 0.711,
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
