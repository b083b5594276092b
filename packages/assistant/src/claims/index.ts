export { Bm25Index, type Bm25Options } from './bm25-index.js';
export {
  type ClaimEntry,
  type ClaimMatch,
  type ClaimMatcher,
  type ClaimMatcherOptions,
  type ClaimMatchOptions,
  type ClaimMatchResult,
  type ClaimSignals,
  createClaimMatcher,
} from './claim-matcher.js';
export { charNgrams, wordTerms } from './claim-terms.js';
export { CLAIM_THRESHOLDS, type ClaimDecision, type ClaimThresholds, decide } from './claim-thresholds.js';
export { cleanClaimText } from './clean-claim-text.js';
export { type ClaimEvalQuery, type ClaimEvalReport, evaluateClaimMatching } from './evaluate-claim-matching.js';
export {
  DEFAULT_RERANK_WEIGHTS,
  HAND_SET_WEIGHTS,
  type RerankWeights,
  rerankScore,
  SIGNAL_NAMES,
  type SignalWeights,
} from './rerank-weights.js';
export {
  crossValidateReranker,
  type RankFigures,
  type RerankSample,
  rankFigures,
  type TrainOptions,
  trainRerankWeights,
} from './train-reranker.js';
