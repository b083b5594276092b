import type { KnowledgeStore, LexicalHit, RankedHit, RetrievalFilters } from '@kepu/assistant';
import type { SourceType } from '@kepu/sdk/schema';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';

/** BM25 parameters (Robertson's usual values). */
const BM25_K1 = sql.raw('1.2');
const BM25_K1_PLUS_1 = sql.raw('2.2');
const BM25_B = sql.raw('0.75');
/** A term in more than this share of the chunks does not select candidates (it still scores). */
const COMMON_SHARE = 0.25;
/** Most candidates scored per query. */
const MAX_CANDIDATES = 4000;

function whereFilters(filters: RetrievalFilters): SQL {
  const parts: SQL[] = [sql`(c.review_due_at is null or c.review_due_at > ${filters.now.toISOString()})`];
  if (filters.sourceTypes?.length) {
    parts.push(
      sql`c.source_type in (${sql.join(
        filters.sourceTypes.map((t) => sql`${t}`),
        sql`, `,
      )})`,
    );
  }
  if (filters.district) parts.push(sql`(c.district is null or c.district = ${filters.district})`);
  if (filters.validAt) parts.push(sql`(c.valid_until is null or c.valid_until > ${filters.validAt.toISOString()})`);
  return sql.join(parts, sql` and `);
}

const textArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/**
 * The knowledge index in PostgreSQL: BM25 over the GIN-indexed term arrays, cosine kNN over the HNSW index of the
 * embedding's dimension. Corpus statistics (chunk count, average length, document frequencies) are cached for
 * `statsTtlMs` (30 s) per store, so a ranking may use statistics up to that old.
 */
export function createKnowledgeStore(db: Db, options: { statsTtlMs?: number } = {}): KnowledgeStore {
  const ttl = options.statsTtlMs ?? 30_000;
  let corpus: { at: number; n: number; avgdl: number } | undefined;
  const dfCache = new Map<string, { at: number; df: number }>();

  /** Chunk count and average length; BM25 tolerates statistics a few seconds old, so they are cached briefly. */
  async function corpusStats(): Promise<{ n: number; avgdl: number }> {
    if (corpus && Date.now() - corpus.at < ttl) return corpus;
    const result = await db.execute<{ n: number; avgdl: number }>(
      sql`select count(*)::float8 as n, coalesce(avg(length), 1)::float8 as avgdl from knowledge_chunks`,
    );
    const row = result.rows[0];
    corpus = { at: Date.now(), n: Math.max(Number(row?.n ?? 0), 1), avgdl: Math.max(Number(row?.avgdl ?? 1), 1) };
    return corpus;
  }

  /** Document frequency of each term over the whole index (GIN counts), cached like the corpus statistics. */
  async function documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const now = Date.now();
    const missing = terms.filter((t) => {
      const hit = dfCache.get(t);
      return !hit || now - hit.at >= ttl;
    });
    if (missing.length) {
      if (dfCache.size > 20_000) dfCache.clear();
      const result = await db.execute<{ term: string; df: number }>(sql`
        select t.term, (select count(*) from knowledge_chunks c where c.terms @> array[t.term]::text[])::float8 as df
        from unnest(${textArray(missing)}) as t(term)
      `);
      const fresh = new Map(result.rows.map((r) => [r.term, Number(r.df)]));
      // Zeros are not cached: a word that a record published a moment ago introduced is found at once.
      for (const [term, df] of fresh) if (df > 0) dfCache.set(term, { at: now, df });
      return new Map(terms.map((t) => [t, fresh.get(t) ?? dfCache.get(t)?.df ?? 0]));
    }
    return new Map(terms.map((t) => [t, dfCache.get(t)?.df ?? 0]));
  }

  return {
    async lexicalSearch(terms, filters, limit) {
      if (terms.length === 0) return [];
      const { n, avgdl } = await corpusStats();
      const df = await documentFrequencies(terms);
      const idf = new Map(terms.map((t) => [t, Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5))]));
      // Every query term counts towards the coverage mass, also those no chunk contains (the highest idf).
      const mass = Math.max(
        [...idf.values()].reduce((a, b) => a + b, 0),
        1e-9,
      );
      const present = terms.filter((t) => (df.get(t) ?? 0) > 0);
      if (present.length === 0) return [];
      // Candidates come from the selective terms (as in MaxScore): a word in a quarter of the index ("科普") still
      // scores, but does not drag every chunk into the candidate set. Capped, for questions made only of such words.
      const selective = present.filter((t) => (df.get(t) ?? 0) <= Math.max(n * COMMON_SHARE, 100));
      const weights = sql.join(
        present.map((t) => sql`(${t}::text, ${(idf.get(t) ?? 0).toFixed(6)}::float8)`),
        sql`, `,
      );
      const result = await db.execute<{ id: string; score: number; matched: number }>(sql`
        with cand as (
          select c.id, c.term_freqs, c.length from knowledge_chunks c
          where c.terms && ${textArray(selective.length ? selective : present)} and ${whereFilters(filters)}
          limit ${sql.raw(String(MAX_CANDIDATES))}
        )
        select cand.id,
          sum(q.idf * x.tf * ${BM25_K1_PLUS_1} / (x.tf + ${BM25_K1} * (1 - ${BM25_B} + ${BM25_B} * cand.length / ${sql.raw(avgdl.toFixed(6))})))::float8 as score,
          sum(q.idf)::float8 as matched
        from cand
          join (values ${weights}) as q(term, idf) on cand.term_freqs ? q.term
          cross join lateral (select (cand.term_freqs ->> q.term)::float8 as tf) x
        group by cand.id
        order by score desc, cand.id
        limit ${sql.raw(String(Math.trunc(limit)))}
      `);
      return result.rows.map(
        (r): LexicalHit => ({ chunkId: r.id, score: Number(r.score), coverage: Number(r.matched) / mass }),
      );
    },

    async denseSearch(vector, model, filters, limit) {
      const dimension = vector.length;
      if (!Number.isInteger(dimension) || dimension < 1 || dimension > 16_000) return [];
      // The dimension is a literal so the planner can use the partial expression HNSW index of that dimension.
      const cast = sql.raw(`::vector(${dimension})`);
      const literal = `[${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}]`;
      const result = await db.execute<{ id: string; similarity: number }>(sql`
        select c.id, (1 - (c.embedding${cast} <=> ${literal}${cast}))::float8 as similarity
        from knowledge_chunks c
        where c.embedding_dimension = ${sql.raw(String(dimension))} and c.embedding_model = ${model}
          and ${whereFilters(filters)}
        order by c.embedding${cast} <=> ${literal}${cast}
        limit ${limit}
      `);
      return result.rows.map((r): RankedHit => ({ chunkId: r.id, score: Number(r.similarity) }));
    },

    async hydrate(chunkIds) {
      if (chunkIds.length === 0) return [];
      const result = await db.execute<{
        id: string;
        text: string;
        source_type: string;
        source_id: string;
        external_id: string | null;
        title: string;
        url: string | null;
        district: string | null;
        facts: Record<string, unknown> | string;
      }>(sql`
        select c.id, c.text, c.source_type, d.source_id, d.external_id, d.title, d.url, d.district, d.facts
        from knowledge_chunks c join knowledge_documents d on d.id = c.document_id
        where c.id = any(${textArray(chunkIds)})
      `);
      return result.rows.map((r) => ({
        chunkId: r.id,
        text: r.text,
        sourceType: r.source_type as SourceType,
        sourceId: r.source_id,
        externalId: r.external_id,
        title: r.title,
        url: r.url,
        district: r.district,
        facts: typeof r.facts === 'string' ? (JSON.parse(r.facts) as Record<string, unknown>) : r.facts,
      }));
    },
  };
}

/**
 * Creates the HNSW index for an embedding dimension other than the migrated 256 (an `openai` embedder), so dense
 * search stays indexed after a model change. Idempotent.
 */
export async function ensureVectorIndex(db: Db, dimension: number): Promise<void> {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 2000) {
    throw new Error(`Cannot index ${dimension}-dimensional vectors with HNSW (pgvector supports 1–2000).`);
  }
  await db.execute(
    sql.raw(
      `create index if not exists knowledge_chunks_embedding_${dimension}_hnsw on knowledge_chunks ` +
        `using hnsw ((embedding::vector(${dimension})) vector_cosine_ops) where embedding_dimension = ${dimension}`,
    ),
  );
}
