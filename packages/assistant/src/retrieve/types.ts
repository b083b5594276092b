import type { SourceType } from '@kepu/sdk/schema';

/** Metadata filters every retrieval honours. Withdrawn content is never in the index; overdue content is skipped. */
export interface RetrievalFilters {
  sourceTypes?: readonly SourceType[];
  district?: string;
  /** Only documents still valid at this time (e.g. events that have not ended). */
  validAt?: Date;
  /** "Now" for the review-due check. */
  now: Date;
}

/** One hit of one retriever, best first. */
export interface RankedHit {
  chunkId: string;
  score: number;
}

/** A lexical hit also says how much of the query it covers (idf-weighted, 0–1), a calibrated evidence signal. */
export interface LexicalHit extends RankedHit {
  coverage: number;
}

/** A chunk with its source, as composers and citations need it. */
export interface RetrievedChunk {
  chunkId: string;
  text: string;
  sourceType: SourceType;
  sourceId: string;
  externalId: string | null;
  title: string;
  url: string | null;
  district: string | null;
  facts: Record<string, unknown>;
  /** Fused score (reciprocal rank fusion, or the re-ranker's). */
  score: number;
  /** Idf-weighted share of the query's terms this chunk contains (0 when only the dense retriever found it). */
  coverage: number;
  /** Cosine similarity of the dense retriever (0 when only the lexical retriever found it). */
  similarity: number;
}

/** Where the index lives (PostgreSQL in the server). The retriever knows no SQL. */
export interface KnowledgeStore {
  lexicalSearch(terms: readonly string[], filters: RetrievalFilters, limit: number): Promise<LexicalHit[]>;
  denseSearch(vector: readonly number[], model: string, filters: RetrievalFilters, limit: number): Promise<RankedHit[]>;
  hydrate(chunkIds: readonly string[]): Promise<Omit<RetrievedChunk, 'score' | 'coverage' | 'similarity'>[]>;
}

/** Optional second stage: re-orders fused candidates (e.g. a cross-encoder service). */
export type Reranker = (query: string, candidates: RetrievedChunk[]) => Promise<RetrievedChunk[]>;
