export * from './claims/index.js';
export { type CitationRegistry, createCitationMapper, createCitationRegistry } from './compose/citations.js';
export { formatTimeRange } from './compose/format.js';
export { createLlmComposer, type LlmComposerOptions, LlmUnavailableError } from './compose/llm-composer.js';
export { SYSTEM_PROMPT } from './compose/llm-prompt.js';
export { composeOffline, createOfflineComposer, noAnswerText } from './compose/offline-composer.js';
export type { ComposeInput, Composer } from './compose/types.js';
export type { Embedder } from './embed/embedder.js';
export { normalize } from './embed/embedder.js';
export { createLocalEmbedder } from './embed/local-embedder.js';
export {
  createOpenAiEmbedder,
  EmbeddingError,
  type EmbeddingFailure,
  type OpenAiEmbedderOptions,
} from './embed/openai-embedder.js';
export {
  type AnswerRequest,
  type Assistant,
  type AssistantOptions,
  createAssistant,
} from './engine/create-assistant.js';
export type { ComposerEvent, EngineCitation, EngineEvent } from './engine/events.js';
export {
  AssistantEvalCase,
  type AssistantEvalObservation,
  type AssistantEvalReport,
  percentile,
  scoreAssistant,
} from './eval/assistant-eval.js';
export { type ChunkOptions, chunkText, splitSentences } from './index/chunk-text.js';
export type { KnowledgeDocument } from './index/knowledge-document.js';
export { lexicalTokens, type TermStats, termStats } from './index/term-frequencies.js';
export { classifyIntent, type IntentResult } from './intent/classify-intent.js';
export {
  DISTRICTS,
  findAgeHint,
  findDistrict,
  findTimeWindow,
  type TimeWindow,
  withoutDistricts,
} from './intent/slots.js';
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
export { isPromptInjection } from './safety/prompt-injection.js';
export { redactPersonalData } from './safety/redact-personal-data.js';
export { createSensitiveWordFilter, type SensitiveWordFilter } from './safety/sensitive-words.js';
export { detectUrgent, URGENT_REPLIES, type UrgentKind } from './safety/urgent.js';
export { segment, segmentForSearch } from './text/segment.js';
export { rumourFromChunk } from './tools/rumour-from-chunk.js';
export { TOPIC_COVERAGE, topicCoverage } from './tools/topic-coverage.js';
export type {
  AssistantTools,
  EventCard,
  EventFinding,
  EventQuery,
  OpportunityCard,
  PlaceCard,
  PlaceQuery,
  RumourCard,
  RumourMatch,
  Sourced,
  SourceRef,
} from './tools/types.js';
