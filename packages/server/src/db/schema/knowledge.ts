import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * A pgvector column without a fixed dimension: the embedder (and so the dimension) is configurable, and the model
 * name and dimension are stored beside each vector. HNSW indexes are per dimension (expression + partial index).
 */
const anyVector = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (value) => `[${value.join(',')}]`,
  fromDriver: (value) => String(value).slice(1, -1).split(',').filter(Boolean).map(Number),
});

/** The default local embedder's dimension; its HNSW index is created by the migrations. */
export const LOCAL_EMBEDDING_DIMENSION = 256;

/** One published record of a domain (resource, event, rumour entry …) as the assistant knows it. */
export const knowledgeDocuments = pgTable(
  'knowledge_documents',
  {
    id: text().primaryKey(),
    sourceType: text().notNull(),
    sourceId: text().notNull(),
    externalId: text(),
    title: text().notNull(),
    url: text(),
    district: text(),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    /** When the record was published or last changed at the source. */
    publishedAt: timestamp({ withTimezone: true }),
    /** e.g. an event's end: after it, the document is history, not an offer. */
    validUntil: timestamp({ withTimezone: true }),
    /** After it, the content is overdue for expert review and is not cited. */
    reviewDueAt: timestamp({ withTimezone: true }),
    /** Extra fields the tools need (e.g. a rumour's rating), kept small. */
    facts: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    contentHash: text().notNull(),
    indexedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('knowledge_documents_source_idx').on(t.sourceType, t.sourceId), index().on(t.externalId)],
);

/**
 * Sentence-aware chunks of a document: the unit of retrieval and citation. The id is stable for a given
 * (source, ordinal), so re-indexing an unchanged record keeps the ids that stored answers cite.
 * Lexical index: `terms` (distinct jieba search-mode tokens, GIN) with `termFreqs` and `length` for BM25.
 */
export const knowledgeChunks = pgTable(
  'knowledge_chunks',
  {
    id: text().primaryKey(),
    documentId: text()
      .notNull()
      .references(() => knowledgeDocuments.id, { onDelete: 'cascade' }),
    ordinal: integer().notNull(),
    text: text().notNull(),
    // Denormalised from the document so that retrieval filters on one table.
    sourceType: text().notNull(),
    district: text(),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    validUntil: timestamp({ withTimezone: true }),
    reviewDueAt: timestamp({ withTimezone: true }),
    terms: text().array().notNull(),
    termFreqs: jsonb().$type<Record<string, number>>().notNull(),
    length: integer().notNull(),
    embedding: anyVector().notNull(),
    embeddingModel: text().notNull(),
    embeddingDimension: integer().notNull(),
  },
  (t) => [
    index().on(t.documentId),
    index('knowledge_chunks_terms_gin').using('gin', t.terms),
    // The embedding queue finds chunks of another model than the configured one (range scans on both sides of it).
    index('knowledge_chunks_embedding_model_idx').on(t.embeddingModel),
    index('knowledge_chunks_embedding_256_hnsw')
      .using('hnsw', sql`(${t.embedding}::vector(256)) vector_cosine_ops`)
      .where(sql`${t.embeddingDimension} = 256`),
  ],
);

/** A conversation with the assistant; deleted with its messages after the retention period. */
export const assistantConversations = pgTable(
  'assistant_conversations',
  {
    id: text().primaryKey(),
    keyId: text(),
    organizationId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.lastMessageAt)],
);

/** One turn. Content is stored with personal data (mobiles, ID numbers) redacted. */
export const assistantMessages = pgTable(
  'assistant_messages',
  {
    id: text().primaryKey(),
    conversationId: text()
      .notNull()
      .references(() => assistantConversations.id, { onDelete: 'cascade' }),
    role: text({ enum: ['user', 'assistant'] }).notNull(),
    content: text().notNull(),
    intent: text(),
    /** false: no evidence was found (the question is queued for experts). */
    answered: boolean(),
    /** Citations as sent, each with the stable chunk id it maps to. */
    citations: jsonb().$type<{ n: number; type: string; id: string; chunkId: string; title: string }[]>(),
    composer: text(),
    timings: jsonb().$type<Record<string, number>>(),
    topScore: real(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.conversationId, t.createdAt), index().on(t.createdAt)],
);

/** Citizens' thumbs up/down on an answer; one per message (the last one wins). */
export const assistantFeedback = pgTable('assistant_feedback', {
  messageId: text()
    .primaryKey()
    .references(() => assistantMessages.id, { onDelete: 'cascade' }),
  rating: text({ enum: ['up', 'down'] }).notNull(),
  reason: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
