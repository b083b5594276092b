import { type Embedder, EmbeddingError } from '@kepu/assistant';
import { and, eq, gt, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';
import type { Logger } from '../../logger.js';
import { indexedText } from './knowledge.js';
import { ensureVectorIndex } from './knowledge-store.js';

/**
 * Why a queue and not the remote embedder inside the publish transaction: a publish (rumour verdict, event change,
 * withdrawal) must not fail or wait because an embeddings provider is slow or down, and a transaction must not stay
 * open on a network call (on the embedded database it would hold the only connection, stalling every request).
 * So the publish writes the record's chunks, lexical index and in-process stand-in vectors atomically, and this
 * queue gives them the configured model's vectors after the commit. The queue is the chunks table itself: a chunk
 * whose `embedding_model` is not the configured model is pending (a publish's stand-in, or a previous model's vector
 * after a configuration change). Dense search filters by model, so pending vectors are never compared with the
 * configured model's; the record is found lexically meanwhile.
 */

/** Chunks whose vectors are not `model`'s, as two range conditions so the btree index on the model answers them. */
const otherModel = (model: string) =>
  or(lt(knowledgeChunks.embeddingModel, model), gt(knowledgeChunks.embeddingModel, model));

/** Chunks waiting for vectors of `embedder`'s model. */
export async function pendingChunkCount(db: Db, embedder: Pick<Embedder, 'model'>): Promise<number> {
  return db.$count(knowledgeChunks, otherModel(embedder.model));
}

/**
 * The provider refused these texts themselves (400, 413, 422: too long, or flagged by a content inspection such as
 * DashScope's), not the request: other texts may pass. A bad key (401/403), an unknown model (404), rate limits and
 * outages fail every text alike.
 */
function isInputRejection(error: unknown): error is EmbeddingError {
  return (
    error instanceof EmbeddingError &&
    error.failure === 'provider_error' &&
    (error.status === 400 || error.status === 413 || error.status === 422)
  );
}

export interface EmbedPendingOptions {
  /** Chunks per round (one embed call, one short transaction). @default 64 */
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after each round with the chunks embedded so far. */
  onProgress?(done: number): void;
}

/**
 * Gives every pending chunk a vector of `embedder`'s model, in rounds: read a batch, embed it outside any
 * transaction, then write each vector only if the chunk still holds the text (and title) that was embedded. A chunk
 * that a publish rewrote in the meantime keeps its new stand-in and is embedded in a later round, so a slow provider
 * never writes a vector of stale text. Returns how many chunks were embedded; throws the embedder's error (the
 * chunks embedded before it stay embedded). A batch the provider rejects for its content is retried text by text, so
 * one chunk it refuses (a content filter) cannot hold back the rest: those chunks stay pending (found by their words)
 * and are named in the `EmbeddingError` thrown once everything else is embedded.
 */
export async function embedPendingChunks(
  db: Db,
  embedder: Embedder,
  options: EmbedPendingOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 64;
  let done = 0;
  let idleRounds = 0;
  const rejected = new Map<string, string>();
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await db
      .select({
        id: knowledgeChunks.id,
        text: knowledgeChunks.text,
        model: knowledgeChunks.embeddingModel,
        title: knowledgeDocuments.title,
      })
      .from(knowledgeChunks)
      .innerJoin(knowledgeDocuments, eq(knowledgeDocuments.id, knowledgeChunks.documentId))
      .where(
        and(
          otherModel(embedder.model),
          rejected.size ? notInArray(knowledgeChunks.id, [...rejected.keys()]) : undefined,
        ),
      )
      .limit(batchSize);
    if (rows.length === 0) break;
    const texts = rows.map((r) => indexedText(r.title, r.text));
    const signal = options.signal ? { signal: options.signal } : {};
    let vectors: (number[] | undefined)[];
    try {
      vectors = await embedder.embed(texts, signal);
    } catch (error) {
      if (!isInputRejection(error)) throw error;
      vectors = [];
      for (const [i, text] of texts.entries()) {
        try {
          vectors[i] = (await embedder.embed([text], signal))[0];
        } catch (single) {
          if (!isInputRejection(single)) throw single;
          rejected.set(rows[i]?.id ?? '', single.message);
        }
      }
    }
    const before = done;
    await db.transaction(async (tx) => {
      for (const [i, row] of rows.entries()) {
        const vector = vectors[i];
        if (!vector) continue;
        const written = await tx
          .update(knowledgeChunks)
          .set({ embedding: vector, embeddingModel: embedder.model, embeddingDimension: embedder.dimension })
          .where(
            and(
              eq(knowledgeChunks.id, row.id),
              eq(knowledgeChunks.embeddingModel, row.model),
              eq(knowledgeChunks.text, row.text),
              sql`exists (select 1 from ${knowledgeDocuments} d where d.id = ${knowledgeChunks.documentId} and d.title = ${row.title})`,
            ),
          )
          .returning({ id: knowledgeChunks.id });
        done += written.length;
      }
    });
    options.onProgress?.(done);
    // Every round normally writes a vector; a few rounds without one mean the same chunks keep changing under us.
    // Stop rather than spend a paid provider's quota in a loop: the next run picks them up.
    idleRounds = done > before || vectors.every((v) => v === undefined) ? 0 : idleRounds + 1;
    if (idleRounds >= 3) {
      throw new Error('The embedding queue made no progress in 3 rounds (chunks rewritten meanwhile); retrying later.');
    }
  }
  if (rejected.size > 0) {
    const [first] = rejected.values();
    throw new EmbeddingError(
      `The embeddings provider rejected ${rejected.size} chunk(s) (${[...rejected.keys()].slice(0, 5).join(', ')}); ` +
        `they stay findable by their words, everything else was embedded (${done}). First reason: ${first}`,
      'provider_error',
    );
  }
  return done;
}

export interface EmbeddingQueue {
  /** Embeds everything pending now (runs one after another with the timer's runs); resolves with the count. */
  drain(): Promise<number>;
  /** Stops the timer, aborts a run in flight and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Runs the embedding queue in the server process: at start (which also re-embeds the whole index after a change of
 * model or dimension, no `kepu reindex` needed) and then every `intervalMs`, so a record published with a remote
 * embedder configured has its vectors within seconds. When the provider fails, the run stops, is logged (without
 * secrets) and retried with a doubling delay up to `maxBackoffMs`; published records stay findable by their words.
 * Several server processes may run it at once: each write is conditional, so the worst case is duplicated work.
 * @example const queue = startEmbeddingQueue({ db, embedder, logger }); … await queue.stop();
 */
export function startEmbeddingQueue(options: {
  db: Db;
  embedder: Embedder;
  logger: Logger;
  /** @default 5000 */
  intervalMs?: number;
  /** @default 300000 */
  maxBackoffMs?: number;
}): EmbeddingQueue {
  const { db, embedder, logger } = options;
  const intervalMs = options.intervalMs ?? 5000;
  const maxBackoffMs = options.maxBackoffMs ?? 300_000;
  const abort = new AbortController();
  let chain: Promise<unknown> = ensureVectorIndex(db, embedder.dimension).catch((error: unknown) =>
    logger.error('cannot create the vector index for the configured embedder', { error: (error as Error).message }),
  );
  let timer: NodeJS.Timeout | undefined;
  let delay = intervalMs;
  let stopped = false;

  const drain = (): Promise<number> => {
    const run = chain.then(() => embedPendingChunks(db, embedder, { signal: abort.signal }));
    chain = run.catch(() => undefined);
    return run;
  };

  const tick = async () => {
    timer = undefined;
    try {
      const embedded = await drain();
      if (embedded > 0) logger.info('knowledge vectors embedded', { model: embedder.model, chunks: embedded });
      delay = intervalMs;
    } catch (error) {
      if (stopped) return;
      delay = Math.min(Math.max(delay * 2, intervalMs), maxBackoffMs);
      logger.warn('embedding provider failed; published records are found by their words until it answers', {
        model: embedder.model,
        failure: error instanceof EmbeddingError ? error.failure : 'unknown',
        error: error instanceof Error ? error.message : String(error),
        retryInMs: delay,
      });
    }
    if (!stopped) {
      timer = setTimeout(tick, delay);
      timer.unref();
    }
  };
  timer = setTimeout(tick, 0);
  timer.unref();

  return {
    drain,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort.abort();
      await chain;
    },
  };
}
