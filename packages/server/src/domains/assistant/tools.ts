import { type AssistantTools, createHybridRetriever, type Embedder, type HybridRetriever } from '@kepu/assistant';
import type { Db } from '../../db/create-database.js';
import { createKnowledgeStore } from './knowledge-store.js';

export interface ToolDeps {
  db: Db;
  embedder: Embedder;
  timeZone: string;
  now?: () => Date;
}

/**
 * The assistant's tools over this server's data. Services of other domains are wired here as they exist; an unwired
 * tool is left undefined and the assistant says it cannot help with that yet (knowledge search still answers from
 * indexed records of that kind).
 */
export function createAssistantTools(deps: ToolDeps): { tools: AssistantTools; retriever: HybridRetriever } {
  const retriever = createHybridRetriever({ store: createKnowledgeStore(deps.db), embedder: deps.embedder });
  const now = deps.now ?? (() => new Date());
  const tools: AssistantTools = {
    searchKnowledge: (query, filters, k) => retriever.retrieve(query, { ...filters, now: now() }, k),
  };
  return { tools, retriever };
}
