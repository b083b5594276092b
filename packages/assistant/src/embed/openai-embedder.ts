import OpenAI from 'openai';
import { type Embedder, normalize } from './embedder.js';

export interface OpenAiEmbedderOptions {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** The model's output dimension; checked against every response. */
  dimension: number;
  /** Longest wait for one request, in ms. @default 15000 */
  timeoutMs?: number;
  /** Texts per request (providers cap the batch size; DashScope at 10, OpenAI at 2048). @default 10 */
  batchSize?: number;
  /** Retries of a request that failed with a connection error, 408, 409, 429 or ≥ 500 (with back-off). @default 1 */
  maxRetries?: number;
}

/** Why an embedding request failed, so callers can tell a provider outage from a configuration mistake. */
export type EmbeddingFailure =
  /** No answer within the timeout, or the connection failed: try again later. */
  | 'unavailable'
  /** The provider answered with an error status (401 bad key, 404 unknown model, 429, 5xx …). */
  | 'provider_error'
  /** The answer is not what the configuration promises (dimension, count, non-numeric values). */
  | 'invalid_response';

/** An embedding request failed. The message names the endpoint and the cause, never the API key. */
export class EmbeddingError extends Error {
  override name = 'EmbeddingError';
  constructor(
    message: string,
    readonly failure: EmbeddingFailure,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Any OpenAI-compatible `/v1/embeddings` (OpenAI, Qwen/DashScope, Zhipu, Ollama, vLLM, Xinference). Texts are sent in
 * batches of `batchSize`, vectors are put back in input order (by `index`), and every answer is validated: one vector
 * per text, `dimension` finite numbers each. Failures are `EmbeddingError`s.
 * @example createOpenAiEmbedder({ baseUrl: 'http://localhost:11434/v1', model: 'bge-m3', dimension: 1024 })
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey ?? 'unused',
    timeout: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 1,
  });
  const batchSize = Math.max(1, Math.trunc(options.batchSize ?? 10));
  const where = `the embeddings endpoint ${options.baseUrl} (model ${options.model})`;
  // A provider may echo the request's key in its error text; it never reaches a log through us.
  const redact = (text: string) =>
    (options.apiKey ? text.split(options.apiKey).join('***') : text).replace(/\s+/g, ' ').slice(0, 300);

  async function request(batch: readonly string[], signal: AbortSignal | undefined) {
    try {
      return await client.embeddings.create(
        { model: options.model, input: [...batch], encoding_format: 'float' },
        signal ? { signal } : {},
      );
    } catch (error) {
      if (error instanceof OpenAI.APIUserAbortError) throw error;
      if (error instanceof OpenAI.APIConnectionTimeoutError) {
        throw new EmbeddingError(
          `No answer from ${where} within ${options.timeoutMs ?? 15_000} ms.`,
          'unavailable',
          undefined,
          {
            cause: error,
          },
        );
      }
      if (error instanceof OpenAI.APIConnectionError) {
        throw new EmbeddingError(`Cannot reach ${where}: ${redact(error.message)}.`, 'unavailable', undefined, {
          cause: error,
        });
      }
      if (error instanceof OpenAI.APIError) {
        throw new EmbeddingError(
          `${where} answered HTTP ${error.status ?? '?'}: ${redact(error.message)}`,
          'provider_error',
          error.status,
          { cause: error },
        );
      }
      // The SDK could not parse the body (e.g. not JSON): the provider is not OpenAI-compatible at this URL.
      throw new EmbeddingError(
        `${where} sent an unreadable answer: ${redact(String(error))}`,
        'invalid_response',
        undefined,
        {
          cause: error,
        },
      );
    }
  }

  /** Checks one answer against the batch and the configured dimension; returns the vectors in input order. */
  function vectorsOf(data: unknown, count: number): number[][] {
    if (!Array.isArray(data) || data.length !== count) {
      throw new EmbeddingError(
        `${where} returned ${Array.isArray(data) ? data.length : 'no'} vectors for ${count} texts.`,
        'invalid_response',
      );
    }
    const out = new Array<number[] | undefined>(count);
    for (const [position, row] of data.entries()) {
      const item = row as { index?: unknown; embedding?: unknown } | null;
      const index = typeof item?.index === 'number' ? item.index : position;
      if (!Number.isInteger(index) || index < 0 || index >= count || out[index]) {
        throw new EmbeddingError(
          `${where} returned a vector with an invalid or repeated index ${String(index)}.`,
          'invalid_response',
        );
      }
      const embedding = item?.embedding;
      if (!Array.isArray(embedding) || embedding.length !== options.dimension) {
        throw new EmbeddingError(
          `${where} returned ${Array.isArray(embedding) ? embedding.length : 'no'} dimensions, but ` +
            `KEPU_EMBEDDING_DIMENSION is ${options.dimension}. Set it to the model's dimension.`,
          'invalid_response',
        );
      }
      if (!embedding.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new EmbeddingError(`${where} returned a vector with non-numeric values.`, 'invalid_response');
      }
      out[index] = normalize(embedding as number[]);
    }
    return out as number[][];
  }

  return {
    model: options.model,
    dimension: options.dimension,
    inProcess: false,
    async embed(texts, { signal } = {}) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts.slice(i, i + batchSize);
        const response = await request(batch, signal);
        out.push(...vectorsOf((response as { data?: unknown }).data, batch.length));
      }
      return out;
    },
  };
}
