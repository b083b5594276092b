import type { Embedder } from '../embed/embedder.js';
import { lexicalTokens } from '../index/term-frequencies.js';
import { rankByReciprocalFusion } from './reciprocal-rank-fusion.js';
import type { KnowledgeStore, Reranker, RetrievalFilters, RetrievedChunk } from './types.js';

export interface HybridRetriever {
  retrieve(query: string, filters: RetrievalFilters, k?: number): Promise<RetrievedChunk[]>;
}

export interface HybridRetrieverOptions {
  store: KnowledgeStore;
  embedder: Embedder;
  reranker?: Reranker;
  /** Candidates each retriever contributes before fusion. @default 30 */
  candidates?: number;
  /**
   * How long the question's embedding may take before retrieval goes on with words alone (a remote provider that is
   * slow or down must not hold up or fail a citizen's answer). @default 1500
   */
  embedTimeoutMs?: number;
  /** Told when the question could not be embedded and retrieval went on lexically (for the server's log). */
  onEmbedderError?: (error: unknown) => void;
}

/**
 * Lexical (BM25 over jieba tokens) and dense (pgvector HNSW, cosine) retrieval, fused by reciprocal rank, then the
 * optional re-ranker.
 * @example const chunks = await createHybridRetriever({ store, embedder }).retrieve('隔夜菜致癌', { now: new Date() })
 */
export function createHybridRetriever(options: HybridRetrieverOptions): HybridRetriever {
  const candidates = options.candidates ?? 30;
  const embedTimeoutMs = options.embedTimeoutMs ?? 1500;
  /** The question's vector, or none when the embedder fails or is too slow: the lexical side still answers. */
  async function embedQuestion(query: string): Promise<number[] | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the embedder did not answer within ${embedTimeoutMs} ms`)),
        embedTimeoutMs,
      );
    });
    const embedding = options.embedder.embed([query]);
    embedding.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
    try {
      const [vector] = await Promise.race([embedding, late]);
      return vector;
    } catch (error) {
      options.onEmbedderError?.(error);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    async retrieve(query, filters, k = 5) {
      const terms = [...new Set(lexicalTokens(query))];
      const vector = await embedQuestion(query);
      // Sequential on purpose: embedded PGlite has one connection, and pg pools gain little for two short queries.
      const lexical = terms.length ? await options.store.lexicalSearch(terms, filters, candidates) : [];
      const dense = vector ? await options.store.denseSearch(vector, options.embedder.model, filters, candidates) : [];
      const fused = rankByReciprocalFusion([lexical, dense]).slice(0, Math.max(k * 2, 10));
      const rows = new Map((await options.store.hydrate(fused.map((f) => f.chunkId))).map((r) => [r.chunkId, r]));
      const coverage = new Map(lexical.map((h) => [h.chunkId, h.coverage]));
      const similarity = new Map(dense.map((h) => [h.chunkId, h.score]));
      let out: RetrievedChunk[] = [];
      for (const hit of fused) {
        const row = rows.get(hit.chunkId);
        if (!row) continue;
        out.push({
          ...row,
          score: hit.score,
          coverage: coverage.get(hit.chunkId) ?? 0,
          similarity: similarity.get(hit.chunkId) ?? 0,
        });
      }
      if (options.reranker) out = await options.reranker(query, out);
      return out.slice(0, k);
    },
  };
}
