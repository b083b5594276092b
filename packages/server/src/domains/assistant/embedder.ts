import { createLocalEmbedder, createOpenAiEmbedder, type Embedder } from '@kepu/assistant';
import type { AssistantConfig } from './assistant-config.js';

/**
 * The embedder the configuration names: the one place that decides which model makes the vectors the assistant
 * searches (questions, the embedding queue, `kepu reindex`); its model name and dimension are stored with each vector.
 */
export function createConfiguredEmbedder(config: AssistantConfig['embedding']): Embedder {
  if (config.provider === 'local') return createLocalEmbedder(config.dimension);
  return createOpenAiEmbedder({
    baseUrl: config.baseUrl,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    model: config.model,
    dimension: config.dimension,
    batchSize: config.batchSize,
    timeoutMs: config.timeoutMs,
  });
}
