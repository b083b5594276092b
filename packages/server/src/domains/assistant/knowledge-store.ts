import type { KnowledgeStore, LexicalHit, RankedHit, RetrievalFilters } from '@kepu/assistant';
import type { SourceType } from '@kepu/sdk/schema';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';

/** BM25 parameters (Robertson's usual values). */
const BM25_K1 = 1.2;
const BM25_K1_PLUS_1 = 2.2;
const BM25_B = 0.75;
/** A term in more than this share of the chunks does not select candidates (it still scores). */
const COMMON_SHARE = 0.25;
/** A word in at most this many chunks has its document frequency counted exactly. */
const EXACT_DF_LIMIT = 1000;
/** Least time between two `ANALYZE`s the store starts itself (when the statistics missed a common word). */
const ANALYZE_INTERVAL_MS = 10 * 60_000;
/**
 * When the query's selective words are in at most this many chunks in all, every one of them is scored (exact BM25).
 * Scoring costs roughly 10–30 µs per chunk on PGlite (development machine), so more go through the intersection.
 */
const EXACT_CANDIDATES = 1000;
/** Most candidates scored per statement (beyond it, an arbitrary subset of the matching chunks is scored). */
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
 * The query words to intersect: drops a word contained in another query word (jieba's search mode emits 南山 and 山区
 * beside 南山区, and a chunk with 南山区 has them too), so the GIN index reads fewer posting lists. The set of chunks
 * can only grow: every chunk with all the words has all the keys.
 */
export function conjunctionKeys(terms: readonly string[]): string[] {
  const keys = terms.filter((t) => !terms.some((other) => other !== t && other.includes(t)));
  return keys.length ? keys : [...terms];
}

interface ScoredRow {
  id: string;
  score: number;
  /** Sum of the idf of the query words the chunk contains. */
  matched: number;
}

const byScore = (a: ScoredRow, b: ScoredRow) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const toHits = (rows: readonly ScoredRow[], mass: number): LexicalHit[] =>
  rows.map((r) => ({ chunkId: r.id, score: r.score, coverage: r.matched / mass }));

/**
 * BM25 of the chunks matching `where`, best `limit` first (ties by id). Each term frequency is read from the JSONB
 * once per chunk (an inner query that the planner may not flatten) and the arithmetic is float8 throughout: both were
 * most of the cost of scoring thousands of candidates. `max` caps the candidates read.
 */
async function scoreCandidates(
  db: Db,
  q: { terms: { term: string; idf: number }[]; avgdl: number; where: SQL; max: number; limit: number },
): Promise<ScoredRow[]> {
  const tfs = sql.join(
    q.terms.map(({ term }, i) => sql`(c.term_freqs ->> ${term})::float8 as ${sql.raw(`tf${i}`)}`),
    sql`, `,
  );
  // Constants are inlined (float8 literals): computed here, they cannot carry text from the request.
  const float = (v: number) => sql.raw(`${Number.isFinite(v) ? v : 0}::float8`);
  const score = sql.join(
    q.terms.map(({ idf }, i) => {
      const tf = sql.raw(`tf${i}`);
      return sql`coalesce(${float(idf * BM25_K1_PLUS_1)} * ${tf} / (${tf} + norm), 0)`;
    }),
    sql` + `,
  );
  const matched = sql.join(
    q.terms.map(({ idf }, i) => sql`(case when ${sql.raw(`tf${i}`)} is null then 0 else ${float(idf)} end)`),
    sql` + `,
  );
  const result = await db.execute<{ id: string; score: number; matched: number }>(sql`
    select x.id, (${score})::float8 as score, (${matched})::float8 as matched
    from (
      select c.id, ${tfs},
        ${float(BM25_K1)} * (${float(1 - BM25_B)} + ${float(BM25_B / q.avgdl)} * c.length::float8) as norm
      from knowledge_chunks c where ${q.where} limit ${sql.raw(String(Math.trunc(q.max)))}
    ) x
    order by score desc, x.id
    limit ${sql.raw(String(Math.trunc(q.limit)))}
  `);
  return result.rows.map((r) => ({ id: r.id, score: Number(r.score), matched: Number(r.matched) }));
}

/**
 * The knowledge index in PostgreSQL: BM25 over the GIN-indexed term arrays, cosine kNN over the HNSW index of the
 * embedding's dimension. Corpus statistics (chunk count, average length, document frequencies) are cached for
 * `statsTtlMs` (30 s) per store, so a ranking may use statistics up to that old.
 */
export function createKnowledgeStore(
  db: Db,
  options: { statsTtlMs?: number; maxCandidates?: number; exactCandidates?: number; exactDfLimit?: number } = {},
): KnowledgeStore {
  const ttl = options.statsTtlMs ?? 30_000;
  const maxCandidates = options.maxCandidates ?? MAX_CANDIDATES;
  const exactCandidates = Math.min(options.exactCandidates ?? EXACT_CANDIDATES, maxCandidates);
  const exactDfLimit = options.exactDfLimit ?? EXACT_DF_LIMIT;
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

  let analyzedAt = 0;

  /**
   * Document frequency of each term over the whole index, cached like the corpus statistics. Counting a common word
   * through the GIN index reads every chunk that has it (0.2–0.3 s for a word in all 100,000 chunks), so: a word that
   * PostgreSQL's own element statistics (`ANALYZE`, `pg_stats.most_common_elems`) list as common takes its sampled
   * frequency; any other word is counted exactly, reading at most `exactDfLimit` (1,000) chunks; only a word that is common
   * but missing from stale statistics is counted in full, and then the statistics are refreshed in the background.
   */
  async function documentFrequencies(terms: readonly string[], n: number): Promise<Map<string, number>> {
    const now = Date.now();
    const missing = terms.filter((t) => {
      const hit = dfCache.get(t);
      return !hit || now - hit.at >= ttl;
    });
    if (missing.length === 0) return new Map(terms.map((t) => [t, dfCache.get(t)?.df ?? 0]));
    if (dfCache.size > 20_000) dfCache.clear();
    const estimated = await db.execute<{ term: string; freq: number | null; counted: number | null }>(sql`
      with common as (
        select u.term, u.freq from pg_stats s
          cross join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as u(term, freq)
        where s.schemaname = current_schema() and s.tablename = 'knowledge_chunks' and s.attname = 'terms'
      )
      select t.term, common.freq::float8 as freq,
        case when common.freq * ${n} > ${exactDfLimit} then null else (
          select count(*) from (
            select 1 from knowledge_chunks c where c.terms @> array[t.term]::text[] limit ${exactDfLimit + 1}
          ) x
        )::float8 end as counted
      from unnest(${textArray(missing)}) as t(term) left join common on common.term = t.term
    `);
    const fresh = new Map<string, number>();
    const uncounted: string[] = [];
    for (const r of estimated.rows) {
      const counted = r.counted === null ? null : Number(r.counted);
      if (counted !== null && counted <= exactDfLimit) fresh.set(r.term, counted);
      else if (r.freq !== null && Number(r.freq) * n > exactDfLimit) fresh.set(r.term, Math.round(Number(r.freq) * n));
      else uncounted.push(r.term);
    }
    if (uncounted.length) {
      const full = await db.execute<{ term: string; df: number }>(sql`
        select t.term, (select count(*) from knowledge_chunks c where c.terms @> array[t.term]::text[])::float8 as df
        from unnest(${textArray(uncounted)}) as t(term)
      `);
      for (const r of full.rows) fresh.set(r.term, Number(r.df));
      if (now - analyzedAt > ANALYZE_INTERVAL_MS) {
        analyzedAt = now;
        // Not awaited: this answer has its counts. Failure (e.g. a role that may not ANALYZE) only means full counts.
        db.execute(sql`analyze knowledge_chunks (terms)`).catch(() => {});
      }
    }
    // Zeros are not cached: a word that a record published a moment ago introduced is found at once.
    for (const [term, df] of fresh) if (df > 0) dfCache.set(term, { at: now, df });
    return new Map(terms.map((t) => [t, fresh.get(t) ?? dfCache.get(t)?.df ?? 0]));
  }

  return {
    async lexicalSearch(terms, filters, limit) {
      if (terms.length === 0) return [];
      const { n, avgdl } = await corpusStats();
      const df = await documentFrequencies(terms, n);
      const idf = new Map(terms.map((t) => [t, Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5))]));
      // Every query term counts towards the coverage mass, also those no chunk contains (the highest idf).
      const mass = Math.max(
        [...idf.values()].reduce((a, b) => a + b, 0),
        1e-9,
      );
      const present = terms.filter((t) => (df.get(t) ?? 0) > 0);
      if (present.length === 0) return [];
      // Candidates come from the selective terms (as in MaxScore): a word in a quarter of the index ("科普") still
      // scores, but does not select candidates.
      const selective = present.filter((t) => (df.get(t) ?? 0) <= Math.max(n * COMMON_SHARE, 100));
      const keys = selective.length ? selective : present;
      const score = (where: SQL) =>
        scoreCandidates(db, {
          terms: present.map((t) => ({ term: t, idf: idf.get(t) ?? 0 })),
          avgdl,
          where,
          max: maxCandidates,
          limit,
        });
      const filter = whereFilters(filters);
      const anyKey = sql`c.terms && ${textArray(keys)} and ${filter}`;
      // Few enough chunks have any of the words: score them all (exact BM25).
      if (keys.reduce((sum, t) => sum + (df.get(t) ?? 0), 0) <= exactCandidates)
        return toHits(await score(anyKey), mass);
      // Otherwise the chunks with every key word, where the GIN index intersects the posting lists without reading
      // the chunks that miss one; while fewer than `limit` chunks have them all, the most common key is dropped.
      // Chunks with the rarest words hold the best BM25 scores, but not always all of them (a chunk missing a word
      // can outscore one that has it through term frequency and length): approximate, see docs/assistant.md.
      const ordered = conjunctionKeys(keys).sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0) || (a < b ? -1 : 1));
      let hits: ScoredRow[] = [];
      for (let size = ordered.length; size >= 1 && hits.length < limit; size--) {
        hits = await score(sql`c.terms @> ${textArray(ordered.slice(0, size))} and ${filter}`);
      }
      if (hits.length < limit && keys.length > 1) {
        // Still too few: add chunks with any key word, capped (an arbitrary subset of them when more match).
        const seen = new Set(hits.map((h) => h.id));
        const more = (await score(anyKey)).filter((h) => !seen.has(h.id));
        hits = [...hits, ...more].sort(byScore).slice(0, limit);
      }
      return toHits(hits, mass);
    },

    async denseSearch(vector, model, filters, limit) {
      const dimension = vector.length;
      if (!Number.isInteger(dimension) || dimension < 1 || dimension > 16_000) return [];
      // The dimension is a literal so the planner can use the partial expression HNSW index of that dimension. The
      // model test is written so that it cannot use the btree on embedding_model (the embedding queue's): without
      // column statistics the planner took that index for selective, read every chunk of the model and sorted them
      // (37 ms at 30,000 chunks, growing with the index, against about 1 ms through HNSW); now it filters the HNSW scan.
      const cast = sql.raw(`::vector(${dimension})`);
      const literal = `[${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}]`;
      const result = await db.execute<{ id: string; similarity: number }>(sql`
        select c.id, (1 - (c.embedding${cast} <=> ${literal}${cast}))::float8 as similarity
        from knowledge_chunks c
        where c.embedding_dimension = ${sql.raw(String(dimension))} and (c.embedding_model = ${model}) is true
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
