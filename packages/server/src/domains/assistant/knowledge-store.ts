import type { KnowledgeStore, LexicalHit, RankedHit, RetrievalFilters } from '@kepu/assistant';
import type { SourceType } from '@kepu/sdk/schema';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';

/** BM25 parameters (Robertson's usual values). */
const BM25_K1 = sql.raw('1.2');
const BM25_K1_PLUS_1 = sql.raw('2.2');
const BM25_B = sql.raw('0.75');

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
 * embedding's dimension.
 */
export function createKnowledgeStore(db: Db): KnowledgeStore {
  return {
    async lexicalSearch(terms, filters, limit) {
      if (terms.length === 0) return [];
      const q = textArray(terms);
      // Corpus statistics over the whole index; document frequencies over the filtered candidates.
      const result = await db.execute<{ id: string; score: number; coverage: number }>(sql`
        with stats as (
          select greatest(count(*), 1)::float8 as n, coalesce(avg(length), 1)::float8 as avgdl from knowledge_chunks
        ),
        cand as (
          select c.id, c.term_freqs, c.length, c.terms from knowledge_chunks c
          where c.terms && ${q} and ${whereFilters(filters)}
        ),
        df as (
          select t as term, count(*)::float8 as df from cand, unnest(cand.terms) t where t = any(${q}) group by t
        ),
        -- Every query term counts towards the coverage mass, also those no chunk contains (the highest idf).
        idf as (
          select qt.term, ln(1 + (stats.n - coalesce(df.df, 0) + 0.5) / (coalesce(df.df, 0) + 0.5)) as idf
          from (select distinct unnest(${q}) as term) qt left join df on df.term = qt.term cross join stats
        ),
        total as (select greatest(sum(idf), 1e-9) as mass from idf)
        select cand.id,
          sum(idf.idf * tf * ${BM25_K1_PLUS_1} / (tf + ${BM25_K1} * (1 - ${BM25_B} + ${BM25_B} * cand.length / stats.avgdl)))::float8 as score,
          (sum(idf.idf) / total.mass)::float8 as coverage
        from cand
          cross join stats cross join total
          join idf on cand.term_freqs ? idf.term
          cross join lateral (select (cand.term_freqs ->> idf.term)::float8 as tf) x
        group by cand.id, total.mass
        order by score desc, cand.id
        limit ${sql.raw(String(Math.trunc(limit)))}
      `);
      return result.rows.map(
        (r): LexicalHit => ({ chunkId: r.id, score: Number(r.score), coverage: Number(r.coverage) }),
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
