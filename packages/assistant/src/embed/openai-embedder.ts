import OpenAI from 'openai';
import { type Embedder, normalize } from './embedder.js';

export interface OpenAiEmbedderOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** The model's output dimension; checked against every response. */
  dimension: number;
  timeoutMs?: number;
  /** Texts per request (providers cap the batch size; DashScope at 10, OpenAI at 2048). */
  batchSize?: number;
}

/** Any OpenAI-compatible `/v1/embeddings` (OpenAI, Qwen/DashScope, Zhipu, Ollama, vLLM, Xinference). */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey ?? 'unused',
    timeout: options.timeoutMs ?? 15_000,
    maxRetries: 1,
  });
  const batchSize = options.batchSize ?? 10;
  return {
    model: options.model,
    dimension: options.dimension,
    async embed(texts, { signal } = {}) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts.slice(i, i + batchSize);
        const response = await client.embeddings.create(
          { model: options.model, input: [...batch], encoding_format: 'float' },
          signal ? { signal } : {},
        );
        const rows = [...response.data].sort((a, b) => a.index - b.index);
        if (rows.length !== batch.length) {
          throw new Error(`The embeddings endpoint returned ${rows.length} vectors for ${batch.length} texts.`);
        }
        for (const row of rows) {
          if (!Array.isArray(row.embedding) || row.embedding.length !== options.dimension) {
            throw new Error(
              `The embeddings model ${options.model} returned ${Array.isArray(row.embedding) ? row.embedding.length : 'no'} dimensions, ` +
                `but KEPU_EMBEDDING_DIMENSION is ${options.dimension}. Set it to the model's dimension.`,
            );
          }
          out.push(normalize(row.embedding.map(Number)));
        }
      }
      return out;
    },
  };
}
