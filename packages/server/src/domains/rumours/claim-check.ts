import {
  type ClaimMatcher,
  charNgrams,
  cleanClaimText,
  createClaimMatcher,
  type Embedder,
  redactPersonalData,
} from '@kepu/assistant';
import {
  RUMOUR_RATING_LABELS,
  type RumourCheckMatch,
  type RumourCheckResponse,
  type RumourSource,
  type RumourTipChannel,
} from '@kepu/sdk/schema';
import { count, desc, eq, max, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { rumourEntries, rumourTips } from '../../db/schema/rumours.js';
import { newId } from '../../ids.js';
import type { RumourEntryRow } from './mappers.js';

type Queryable = Db | Tx;

type PublishedEntry = Pick<RumourEntryRow, 'id' | 'externalId' | 'claim' | 'rating' | 'explanation'> & {
  sources: RumourSource[];
};

interface LoadedBase {
  fingerprint: string;
  matcher: ClaimMatcher;
  byId: Map<string, PublishedEntry>;
}

/**
 * One matcher per database handle, rebuilt when the published base changes. The fingerprint (count and latest
 * change of published entries) costs one indexed aggregate per check, so every process notices changes made by
 * the others without a message bus.
 */
const bases = new WeakMap<object, { fingerprint: string; loading: Promise<LoadedBase> }>();

async function fingerprintOf(db: Queryable): Promise<string> {
  const [row] = await db
    .select({ n: count(), latest: max(rumourEntries.updatedAt) })
    .from(rumourEntries)
    .where(eq(rumourEntries.status, 'published'));
  return `${row?.n ?? 0}:${row?.latest ? new Date(row.latest).getTime() : 0}`;
}

async function buildBase(db: Queryable, fingerprint: string): Promise<LoadedBase> {
  const rows = await db
    .select({
      id: rumourEntries.id,
      externalId: rumourEntries.externalId,
      claim: rumourEntries.claim,
      aliases: rumourEntries.aliases,
      rating: rumourEntries.rating,
      explanation: rumourEntries.explanation,
      analysis: rumourEntries.analysis,
      topics: rumourEntries.topics,
      sources: rumourEntries.sources,
    })
    .from(rumourEntries)
    .where(eq(rumourEntries.status, 'published'));
  return {
    fingerprint,
    matcher: createClaimMatcher(rows),
    byId: new Map(rows.map((r) => [r.id, r])),
  };
}

/** The matcher over the currently published entries (built on first use, rebuilt after any change). */
export async function loadClaimBase(db: Db): Promise<LoadedBase> {
  const fingerprint = await fingerprintOf(db);
  const cached = bases.get(db);
  if (cached?.fingerprint === fingerprint) return cached.loading;
  const loading = buildBase(db, fingerprint);
  bases.set(db, { fingerprint, loading });
  try {
    return await loading;
  } catch (error) {
    bases.delete(db);
    throw error;
  }
}

export type ClaimCheck = Omit<RumourCheckResponse, 'tipId'>;

/** Rumour entries the vector index returns per check (their best chunk each), which join the lexical candidates. */
export const VECTOR_CANDIDATES = 20;
/** Chunks fetched from the HNSW index to find them (an entry has several chunks). */
const VECTOR_CHUNKS = 80;
/** A remote embedder slower than this is skipped for this check; matching goes on lexically. */
const EMBED_TIMEOUT_MS = 1500;

const iterativeScan = new WeakMap<object, Promise<boolean>>();

/** pgvector 0.8 added iterative index scans; an older one rejects the setting, so it is asked once per handle. */
function supportsIterativeScan(db: Db): Promise<boolean> {
  let known = iterativeScan.get(db);
  if (!known) {
    known = db
      .execute<{ v: string | null }>(sql`select extversion as v from pg_extension where extname = 'vector'`)
      .then((r) => {
        const [major = 0, minor = 0] = (r.rows[0]?.v ?? '0.0').split('.').map(Number);
        return major > 0 || minor >= 8;
      });
    iterativeScan.set(db, known);
  }
  return known;
}

/**
 * Published rumour entries nearest to `text` in the knowledge index (pgvector HNSW, cosine), as entry id → cosine
 * of the closest chunk. Only vectors of the embedder's own model count; none (a model changed and not reindexed
 * yet) leaves matching lexical. An embedder failure or timeout does too: a check never fails for its vector side.
 */
export async function searchClaimVectors(db: Db, text: string, embedder: Embedder): Promise<Map<string, number>> {
  const cleaned = cleanClaimText(text);
  if (!cleaned) return new Map();
  let vector: number[] | undefined;
  try {
    [vector] = await embedder.embed([cleaned], { signal: AbortSignal.timeout(EMBED_TIMEOUT_MS) });
  } catch {
    return new Map();
  }
  const dimension = vector?.length ?? 0;
  if (!vector || dimension < 1 || dimension > 2000 || !vector.some((v) => v !== 0)) return new Map();
  // The dimension is a literal so the planner uses the partial HNSW index of that dimension (knowledge-store.ts).
  const cast = sql.raw(`::vector(${dimension})`);
  const literal = `[${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}]`;
  const iterative = await supportsIterativeScan(db);
  const rows = await db.transaction(async (tx) => {
    // Rumour chunks are a part of the index: iterative scan keeps walking the graph until enough of them passed
    // the filter, instead of filtering the first ef_search neighbours of every kind.
    // Without statistics on the model column the planner prefers an exact scan of every chunk of the model, which
    // grows with the index (measured on PGlite at 1,487 chunks: 33 ms, against 15 ms through the HNSW index).
    await tx.execute(
      sql`select set_config('hnsw.ef_search', ${String(VECTOR_CHUNKS)}, true), set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`,
    );
    if (iterative) await tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true)`);
    const result = await tx.execute<{ id: string; similarity: number }>(sql`
      select d.source_id as id, max(h.similarity)::float8 as similarity
      from (
        select c.document_id, 1 - (c.embedding${cast} <=> ${literal}${cast}) as similarity
        from knowledge_chunks c
        where c.embedding_dimension = ${sql.raw(String(dimension))} and c.embedding_model = ${embedder.model}
          and c.source_type = 'rumour'
        order by c.embedding${cast} <=> ${literal}${cast}
        limit ${sql.raw(String(VECTOR_CHUNKS))}
      ) h
      join knowledge_documents d on d.id = h.document_id
      group by d.source_id
      order by similarity desc
      limit ${sql.raw(String(VECTOR_CANDIDATES))}
    `);
    return result.rows;
  });
  return new Map(rows.map((r) => [r.id, Number(r.similarity)]));
}

/**
 * The local embedder hashes the same words and bigrams the lexical engine already scores: on the development set
 * its vector hits added no right answer (their learned weights are zero) and the search doubled the latency of a
 * check, so its vectors are not searched. Any other embedder (a semantic model) is.
 */
function isLexicalEmbedder(embedder: Embedder): boolean {
  return embedder.model.startsWith(LOCAL_MODEL_PREFIX);
}
const LOCAL_MODEL_PREFIX = 'kepu-local-hash-';

/**
 * Matches a text (a forwarded message, a question) against the published, expert-reviewed entries. The verdict
 * of every match comes from its entry; `decision` says whether the first one is this claim (`match`), may be related
 * (`possible`), or nothing reviewed covers it (`none`). Candidates come from the lexical engine and, for a semantic
 * embedder (`embedder`: the server passes its configured one; without it, lexical only), the vector index. The assistant calls this
 * too: same engine, same thresholds.
 * @example const { decision, matches } = await checkClaim(db, '隔夜菜致癌，千万别吃！')
 */
export async function checkClaim(
  db: Db,
  text: string,
  options: { limit?: number; embedder?: Embedder } = {},
): Promise<ClaimCheck> {
  const base = await loadClaimBase(db);
  const { embedder } = options;
  const semantic =
    base.byId.size && embedder && !isLexicalEmbedder(embedder)
      ? await searchClaimVectors(db, text, embedder)
      : new Map<string, number>();
  const result = base.matcher.match(text, { limit: options.limit ?? 5, semantic });
  const matches: RumourCheckMatch[] = result.matches.flatMap((m) => {
    const entry = base.byId.get(m.id);
    if (!entry) return [];
    return [
      {
        id: entry.id,
        externalId: entry.externalId,
        claim: entry.claim,
        rating: entry.rating,
        ratingLabel: RUMOUR_RATING_LABELS[entry.rating]['zh-CN'],
        explanation: entry.explanation,
        sources: entry.sources,
        score: Math.round(m.score * 1000) / 1000,
      },
    ];
  });
  return {
    decision: matches.length ? result.decision : 'none',
    confidence: Math.round(result.confidence * 1000) / 1000,
    matches,
  };
}

/** Bigram Jaccard similarity at or above which two tips are the same claim (repeats, small edits, added noise). */
export const TIP_SIMILARITY = 0.6;
/** How many recent tips a new one is compared with. */
const TIP_WINDOW = 2000;
const TIP_MAX_LENGTH = 2000;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Puts a claim nobody has reviewed into the experts' queue, or counts it towards a similar one already there (any
 * status: a dismissed claim that keeps coming back shows its count). Personal data is redacted before storing.
 * Returns the queue item and whether it is new.
 */
export async function recordRumourTip(
  db: Queryable,
  text: string,
  channel: RumourTipChannel,
  now: Date = new Date(),
): Promise<{ id: string; created: boolean }> {
  const redacted = redactPersonalData(text.trim()).slice(0, TIP_MAX_LENGTH);
  const textKey = cleanClaimText(redacted).toLowerCase().slice(0, TIP_MAX_LENGTH) || redacted;
  const grams = new Set(charNgrams(textKey));
  const recent = await db
    .select({ id: rumourTips.id, textKey: rumourTips.textKey })
    .from(rumourTips)
    .orderBy(desc(rumourTips.lastSeenAt))
    .limit(TIP_WINDOW);
  let best: { id: string; similarity: number } | undefined;
  for (const tip of recent) {
    const similarity = tip.textKey === textKey ? 1 : jaccard(grams, new Set(charNgrams(tip.textKey)));
    if (similarity >= TIP_SIMILARITY && (!best || similarity > best.similarity)) best = { id: tip.id, similarity };
  }
  const increment = {
    count: sql`${rumourTips.count} + 1`,
    channels: sql`jsonb_set(${rumourTips.channels}, ${`{${channel}}`}::text[], to_jsonb(coalesce((${rumourTips.channels}->>${channel})::int, 0) + 1))`,
    lastSeenAt: now,
  };
  if (best) {
    await db.update(rumourTips).set(increment).where(eq(rumourTips.id, best.id));
    return { id: best.id, created: false };
  }
  // Exact repeats racing each other meet on the unique text key and count instead of duplicating.
  const id = newId('tip');
  const [row] = await db
    .insert(rumourTips)
    .values({ id, text: redacted, textKey, channels: { [channel]: 1 }, firstSeenAt: now, lastSeenAt: now })
    .onConflictDoUpdate({ target: rumourTips.textKey, set: increment })
    .returning({ id: rumourTips.id });
  return { id: row?.id ?? id, created: row?.id === id };
}
