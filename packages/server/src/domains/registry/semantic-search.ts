import type { Embedder } from '@kepu/assistant';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { registryResources } from '../../db/schema/registry.js';

/**
 * The assistant's semantic index as a ranking signal of registry search. Published entries are in the knowledge
 * index (knowledge-sync.ts) with vectors of the configured embedder; `q` is embedded with the same model and each
 * entry scores the best cosine similarity of its chunks.
 */
export interface SemanticRanking {
  embedder: Embedder;
  /** Below it the model's similarity carries no meaning (model-specific); above it an entry may match by meaning alone. */
  minSimilarity: number;
  /** Longest wait for the query's vector; then the search answers lexically (see `SemanticUnavailableError`). */
  timeoutMs?: number;
  /** Told when the embedder fails (the search then falls back to lexical ranking). */
  onError?: (error: unknown) => void;
  /**
   * Query vectors by model and text, so that the pages of one search rank with the same vector (an API may vary in
   * the last bits) and a repeated query costs no call. One per app; bounded.
   */
  cache?: Map<string, number[]>;
}

/** How much a perfect semantic match adds to the lexical rank (coverage 0–1, + name hit 1, + ts_rank/2). */
export const SEMANTIC_WEIGHT = 0.5;
const CACHE_SIZE = 500;

/** The query's vector, or null when the embedder failed or timed out (the caller decides what that means). */
export async function embedQuery(ranking: SemanticRanking, q: string): Promise<number[] | null> {
  const key = `${ranking.embedder.model}\u0000${q}`;
  const cache = ranking.cache;
  const cached = cache?.get(key);
  if (cached) return cached;
  try {
    const [vector] = await ranking.embedder.embed([q], { signal: AbortSignal.timeout(ranking.timeoutMs ?? 3000) });
    if (!vector || vector.length !== ranking.embedder.dimension || !vector.every(Number.isFinite)) {
      throw new Error(`the embedder returned no usable ${ranking.embedder.dimension}-dimensional vector`);
    }
    if (cache && cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
    cache?.set(key, vector);
    return vector;
  } catch (error) {
    ranking.onError?.(error);
    return null;
  }
}

/**
 * Every entry's semantic score for this query vector: the best cosine similarity of its chunks embedded by this
 * model, rescaled so that `minSimilarity` is 0 and identity is 1, rounded to 4 decimals (scores feed keyset
 * cursors, so they travel as exact decimal text). Only entries above the floor are returned. One pass over the
 * resource chunks per search, instead of one correlated lookup per row and clause.
 */
export async function semanticScores(
  db: Db,
  ranking: SemanticRanking,
  vector: number[],
): Promise<Record<string, string>> {
  const dimension = Math.trunc(ranking.embedder.dimension);
  const cast = sql.raw(`::vector(${dimension})`);
  const literal = `[${vector.join(',')}]`;
  const floor = ranking.minSimilarity;
  const result = await db.execute<{ id: string; score: string }>(sql`
    select d.source_id as id,
      round(greatest(0, (max(1 - (c.embedding${cast} <=> ${literal}${cast})) - ${floor}::float8) / ${1 - floor}::float8)::numeric, 4)::text as score
    from knowledge_chunks c join knowledge_documents d on d.id = c.document_id
    where c.source_type = 'resource' and d.source_type = 'resource'
      and c.embedding_model = ${ranking.embedder.model} and c.embedding_dimension = ${sql.raw(String(dimension))}
    group by d.source_id
  `);
  const scores: Record<string, string> = {};
  for (const row of result.rows) if (Number(row.score) > 0) scores[row.id] = String(row.score);
  return scores;
}

/** An entry's semantic score (from `semanticScores`) in SQL: 0 for entries not above the floor. */
export function semanticScoreSql(scores: Record<string, string>): SQL {
  return sql`coalesce((${JSON.stringify(scores)}::jsonb ->> ${registryResources.id})::numeric, 0)`;
}
