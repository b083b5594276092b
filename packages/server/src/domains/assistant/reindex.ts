import type { Embedder } from '@kepu/assistant';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { knowledgeChunks, knowledgeDocuments } from '../../db/schema/knowledge.js';
import { registryResources } from '../../db/schema/registry.js';
import { rumourEntries } from '../../db/schema/rumours.js';
import { onResourcePublished } from '../registry/knowledge-sync.js';
import type { Taxonomy } from '../registry/taxonomy/profile.js';
import { rumourKnowledge } from '../rumours/entry-service.js';
import { embedPendingChunks, pendingChunkCount } from './embedding-queue.js';
import { documentIdOf, upsertKnowledge } from './knowledge.js';
import { ensureVectorIndex } from './knowledge-store.js';
import { OWN_SOURCES } from './sources.js';

export interface ReindexProgress {
  start(label: string, total?: number): void;
  tick(n?: number): void;
  done(summary?: string): void;
}

export interface ReindexReport {
  documents: number;
  changed: number;
  removed: number;
  reembedded: number;
  chunks: number;
  seconds: number;
}

const BATCH = 50;

/**
 * The source kinds a rebuild reads from their domains (and may therefore prune): the two read below and every
 * kind of `OWN_SOURCES`, so a kind added there (expert profiles) is also pruned when its record is gone.
 */
const REBUILT_TYPES: readonly string[] = ['resource', 'rumour', ...Object.keys(OWN_SOURCES)];

/**
 * Rebuilds the knowledge index from the published records of every domain: upserts what is published (unchanged
 * records are skipped), removes documents whose record is no longer published, and re-embeds every chunk whose
 * vectors come from another model than the configured one (a model change). Idempotent; safe to run on a live
 * server (each batch is its own transaction). A remote embedder is never called inside those transactions: records
 * are indexed with in-process vectors first, then embedded by the queue's code (`embedPendingChunks`), so a provider
 * failure leaves a complete lexical index and the command can simply be run again.
 */
export async function reindexKnowledge(
  db: Db,
  options: { embedder: Embedder; taxonomy: Taxonomy; now?: Date; progress?: ReindexProgress },
): Promise<ReindexReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const progress = options.progress;
  if (options.embedder.dimension !== 256) await ensureVectorIndex(db, options.embedder.dimension);
  const keep = new Set<string>();
  let changed = 0;
  // An in-process embedder (local, any dimension) embeds inline; a remote one only after the upserts.
  const inline = options.embedder.inProcess ? { embedder: options.embedder } : {};

  // Registry resources and rumour entries: their domains' own mappers (their publish paths' code). Health resources
  // come from OWN_SOURCES, which loads only citable ones, so a rebuild never puts an overdue item back.
  const resources = await db.select().from(registryResources).where(eq(registryResources.status, 'published'));
  const rumours = await db.select().from(rumourEntries).where(eq(rumourEntries.status, 'published'));
  const own = [];
  for (const [type, load] of Object.entries(OWN_SOURCES)) {
    if (load) own.push(...(await load(db, now, options.taxonomy)).map((doc) => ({ type, doc })));
  }
  const total = resources.length + rumours.length + own.length;
  progress?.start('Indexing published records', total);
  const inBatches = async <T>(items: T[], fn: (tx: Tx, item: T) => Promise<boolean>) => {
    for (let i = 0; i < items.length; i += BATCH) {
      await db.transaction(async (tx) => {
        for (const item of items.slice(i, i + BATCH)) if (await fn(tx, item)) changed++;
      });
      progress?.tick(Math.min(BATCH, items.length - i));
    }
  };
  await inBatches(resources, async (tx, row) => {
    keep.add(documentIdOf('resource', row.id));
    await onResourcePublished(tx, row, options.taxonomy);
    return false; // the registry's sync does not report changes; counted by re-embedding below if needed
  });
  await inBatches(rumours, async (tx, row) => {
    keep.add(documentIdOf('rumour', row.id));
    return (await upsertKnowledge(tx, rumourKnowledge(row), inline)).changed;
  });
  await inBatches(own, async (tx, { doc }) => {
    keep.add(documentIdOf(doc.sourceType, doc.sourceId));
    return (await upsertKnowledge(tx, doc, inline)).changed;
  });
  progress?.done(`${total} records, ${changed} changed`);

  // Only kinds this rebuild knows are pruned; documents of another kind (added by a domain later) are left alone.
  const existing = await db
    .select({ id: knowledgeDocuments.id })
    .from(knowledgeDocuments)
    .where(inArray(knowledgeDocuments.sourceType, [...REBUILT_TYPES]));
  const stale = existing.map((d) => d.id).filter((id) => !keep.has(id));
  for (let i = 0; i < stale.length; i += 500) {
    await db.delete(knowledgeDocuments).where(inArray(knowledgeDocuments.id, stale.slice(i, i + 500)));
  }

  const reembedded = await reembedOtherModels(db, options.embedder, progress);
  // Fresh planner statistics: lexical search takes common words' frequencies from pg_stats, and PGlite has no
  // autovacuum, so without this the first questions after a rebuild count them in full.
  await db.execute(sql`ANALYZE knowledge_chunks`);
  const chunks = await db.$count(knowledgeChunks);
  return {
    documents: keep.size,
    changed,
    removed: stale.length,
    reembedded,
    chunks,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/**
 * Re-embeds chunks whose vectors were made by another model than `embedder` (a configuration change, or publishes'
 * in-process stand-ins when a remote embedder is configured), with progress. Returns how many were re-embedded.
 */
export async function reembedOtherModels(db: Db, embedder: Embedder, progress?: ReindexProgress): Promise<number> {
  const pending = await pendingChunkCount(db, embedder);
  if (pending === 0) return 0;
  progress?.start(`Embedding with ${embedder.model}`, pending);
  let reported = 0;
  const done = await embedPendingChunks(db, embedder, {
    onProgress: (n) => {
      progress?.tick(n - reported);
      reported = n;
    },
  });
  progress?.done(`${done} chunks re-embedded`);
  return done;
}
