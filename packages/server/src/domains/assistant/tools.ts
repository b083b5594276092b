import {
  type AssistantTools,
  createHybridRetriever,
  type Embedder,
  type HybridRetriever,
  type RetrievedChunk,
} from '@kepu/assistant';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { registryResources } from '../../db/schema/registry.js';
import type { Logger } from '../../logger.js';
import { localMoment } from '../registry/opening-hours.js';
import { createRumourTools } from '../rumours/assistant-tools.js';
import { findEventsByTopic } from './event-tool.js';
import { chunkIdOf } from './knowledge.js';
import { createKnowledgeStore } from './knowledge-store.js';
import { hoursOn, opportunityFromChunk, placeFromChunk } from './knowledge-tools.js';

export interface ToolDeps {
  db: Db;
  embedder: Embedder;
  timeZone: string;
  now?: () => Date;
  logger?: Logger;
}

/**
 * The assistant's tools over this server's data. Services of other domains are wired here as they exist; an unwired
 * tool is left undefined and the assistant says it cannot help with that yet (knowledge search still answers from
 * indexed records of that kind).
 */
export function createAssistantTools(deps: ToolDeps): { tools: AssistantTools; retriever: HybridRetriever } {
  const retriever = createHybridRetriever({
    store: createKnowledgeStore(deps.db),
    embedder: deps.embedder,
    // The provider's message only (EmbeddingError never carries the key); the answer goes on with words alone.
    onEmbedderError: (error) =>
      deps.logger?.warn('question not embedded; retrieving lexically', {
        model: deps.embedder.model,
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  const now = deps.now ?? (() => new Date());
  const evidence = (c: RetrievedChunk) => c.coverage >= 0.5;
  const rumourTools = createRumourTools(deps.db, now, deps.embedder);
  const tools: AssistantTools = {
    searchKnowledge: (query, filters, k) => retriever.retrieve(query, { ...filters, now: now() }, k),
    // Rumours: the rumour domain's engine (same thresholds as POST /v1/rumours/check) and its tip queue.
    ...rumourTools,
    async checkRumour(claim) {
      const match = await rumourTools.checkRumour(claim);
      // Cite the entry's indexed chunk, so the stored citation keeps a stable chunk id.
      return match && { ...match, source: { ...match.source, chunkId: chunkIdOf('rumour', match.source.id, 0) } };
    },
    findEvents: (query) => findEventsByTopic(deps.db, query, { timeZone: deps.timeZone, now: now() }),
    async findPlaces(query) {
      const hits = await retriever.retrieve(
        query.text,
        { sourceTypes: ['resource'], now: now(), ...(query.district ? { district: query.district } : {}) },
        query.limit,
      );
      const places = hits.filter(evidence).map(placeFromChunk);
      // Today's hours from the published record's structured opening hours (the index holds only their text).
      const ids = places.map((p) => p.card.id);
      const rows = ids.length
        ? await deps.db
            .select({ id: registryResources.id, openingHours: registryResources.openingHours })
            .from(registryResources)
            .where(inArray(registryResources.id, ids))
        : [];
      const moment = localMoment(now(), deps.timeZone);
      return places.map((p) => {
        const hours = rows.find((r) => r.id === p.card.id)?.openingHours ?? null;
        return { ...p, card: { ...p.card, ...hoursOn(hours, moment) } };
      });
    },
    async findOpportunities(query) {
      const hits = await retriever.retrieve(
        query.text,
        {
          sourceTypes: ['opportunity'],
          now: now(),
          validAt: now(),
          ...(query.district ? { district: query.district } : {}),
        },
        query.limit,
      );
      return hits.filter((c) => c.coverage >= 0.3).map(opportunityFromChunk);
    },
  };
  return { tools, retriever };
}
