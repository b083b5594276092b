import { createHash } from 'node:crypto';
import { chunkText, createLocalEmbedder, type Embedder, type KnowledgeDocument, termStats } from '@kepu/assistant';
import type { SourceType } from '@kepu/sdk/schema';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';

export type { KnowledgeDocument } from '@kepu/assistant';

/** Anything that runs queries: the database or a transaction handle. */
export type Queryable = Db | Tx;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Stable ids: the same source (and chunk position) always gets the same id, so stored citations stay valid. */
export const documentIdOf = (sourceType: SourceType, sourceId: string) =>
  `kdoc_${sha(`${sourceType}:${sourceId}`).slice(0, 24)}`;
export const chunkIdOf = (sourceType: SourceType, sourceId: string, ordinal: number) =>
  `kch_${sha(`${sourceType}:${sourceId}:${ordinal}`).slice(0, 24)}`;

/**
 * The embedder of the publish transaction: in-process and deterministic, so a publish never waits on the network
 * while it holds a transaction. When the configured embedder is another one (`openai`), these vectors are stand-ins:
 * dense search filters by model, so it never mixes them with the configured model's, and the embedding queue
 * (`embedding-queue.ts`) replaces them right after the commit. Lexical search finds the record at once either way.
 */
export const PUBLISH_EMBEDDER = createLocalEmbedder();

/** The text that is indexed for a chunk: the title travels with every chunk, so a chunk is found by its title. */
export const indexedText = (title: string, chunk: string) => `${title}\n${chunk}`;

export interface UpsertOptions {
  /**
   * An in-process embedder to use instead of `PUBLISH_EMBEDDER` (reindex with a local model of another dimension,
   * benchmarks). A remote embedder is refused: it would hold the caller's transaction open on a network call.
   */
  embedder?: Embedder;
}

/**
 * Puts a published record into the knowledge index, or replaces it: chunk (sentence-aware, with overlap), tokenise
 * (jieba search mode), embed in process, store. Runs in the caller's transaction, so the index changes exactly when
 * the record does. An unchanged record (same text and embedding model) is left alone.
 * @example await db.transaction(async (tx) => { await publish(tx, id); await upsertKnowledge(tx, toKnowledge(row)); })
 */
export async function upsertKnowledge(
  tx: Queryable,
  doc: KnowledgeDocument,
  options: UpsertOptions = {},
): Promise<{ documentId: string; chunks: number; changed: boolean }> {
  const embedder = options.embedder ?? PUBLISH_EMBEDDER;
  if (!embedder.inProcess) {
    throw new Error(
      `upsertKnowledge runs in the caller's transaction and does not call the remote embedder ${embedder.model}; ` +
        'index without it and let the embedding queue (embedPendingChunks) embed after the commit.',
    );
  }
  const documentId = documentIdOf(doc.sourceType, doc.sourceId);
  const contentHash = sha(
    JSON.stringify([
      doc.title,
      doc.text,
      doc.url ?? null,
      doc.district ?? null,
      doc.topics ?? [],
      doc.externalId ?? null,
      doc.publishedAt?.toISOString() ?? null,
      doc.validUntil?.toISOString() ?? null,
      doc.reviewDueAt?.toISOString() ?? null,
      doc.facts ?? {},
      embedder.model,
    ]),
  );
  const pieces = chunkText(doc.text);
  if (pieces.length === 0) pieces.push(doc.title);
  const texts = pieces.map((p) => indexedText(doc.title, p));
  const vectors = await embedder.embed(texts);

  const values = {
    sourceType: doc.sourceType,
    sourceId: doc.sourceId,
    externalId: doc.externalId ?? null,
    title: doc.title,
    url: doc.url ?? null,
    district: doc.district ?? null,
    topics: [...(doc.topics ?? [])],
    publishedAt: doc.publishedAt ?? null,
    validUntil: doc.validUntil ?? null,
    reviewDueAt: doc.reviewDueAt ?? null,
    facts: doc.facts ?? {},
    contentHash,
    indexedAt: new Date(),
  };
  // One statement decides: inserted (new), updated (content changed) or nothing (unchanged, no row returned).
  const written = await tx
    .insert(knowledgeDocuments)
    .values({ id: documentId, ...values })
    .onConflictDoUpdate({
      target: knowledgeDocuments.id,
      set: values,
      setWhere: sql`${knowledgeDocuments.contentHash} <> excluded.content_hash`,
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  if (written.length === 0) return { documentId, chunks: pieces.length, changed: false };
  if (!written[0]?.inserted) await tx.delete(knowledgeChunks).where(eq(knowledgeChunks.documentId, documentId));
  await tx.insert(knowledgeChunks).values(
    pieces.map((text, ordinal) => ({
      id: chunkIdOf(doc.sourceType, doc.sourceId, ordinal),
      documentId,
      ordinal,
      text,
      sourceType: doc.sourceType,
      district: doc.district ?? null,
      topics: [...(doc.topics ?? [])],
      validUntil: doc.validUntil ?? null,
      reviewDueAt: doc.reviewDueAt ?? null,
      ...termStats(texts[ordinal] ?? text),
      embedding: vectors[ordinal] ?? [],
      embeddingModel: embedder.model,
      embeddingDimension: embedder.dimension,
    })),
  );
  return { documentId, chunks: pieces.length, changed: true };
}

/**
 * Removes a record from the index (archived, retracted, unpublished, deleted). Runs in the caller's transaction;
 * from its commit on, the assistant can no longer cite it. Removing something that is not indexed is a no-op.
 */
export async function withdrawKnowledge(tx: Queryable, sourceType: SourceType, sourceId: string): Promise<boolean> {
  const deleted = await tx
    .delete(knowledgeDocuments)
    .where(and(eq(knowledgeDocuments.sourceType, sourceType), eq(knowledgeDocuments.sourceId, sourceId)))
    .returning({ id: knowledgeDocuments.id });
  return deleted.length > 0;
}
