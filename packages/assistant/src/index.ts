export type { Embedder } from './embed/embedder.js';
export { normalize } from './embed/embedder.js';
export { createLocalEmbedder } from './embed/local-embedder.js';
export { createOpenAiEmbedder, type OpenAiEmbedderOptions } from './embed/openai-embedder.js';
export { type ChunkOptions, chunkText, splitSentences } from './index/chunk-text.js';
export type { KnowledgeDocument } from './index/knowledge-document.js';
export { lexicalTokens, type TermStats, termStats } from './index/term-frequencies.js';
export {
  createHybridRetriever,
  type HybridRetriever,
  type HybridRetrieverOptions,
} from './retrieve/hybrid-retriever.js';
export { rankByReciprocalFusion } from './retrieve/reciprocal-rank-fusion.js';
export type {
  KnowledgeStore,
  LexicalHit,
  RankedHit,
  Reranker,
  RetrievalFilters,
  RetrievedChunk,
} from './retrieve/types.js';
export { segment, segmentForSearch } from './text/segment.js';
