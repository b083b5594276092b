import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalEmbedder, createOpenAiEmbedder, type Embedder } from '@kepu/assistant';

/** How the server answers the next requests. */
export type EmbeddingsServerMode = 'ok' | 'fail' | 'hang';

/**
 * A real OpenAI-compatible `/v1/embeddings` endpoint on a local port, for tests of the `openai` embedder path. Its
 * models are deterministic so that retrieval through them is checkable: every model name maps to the local hash
 * embedder at the requested dimension, and model `*-flipped` to the same vectors negated (another model, whose
 * vectors visibly differ). `beforeAnswer` runs before each answer (e.g. a concurrent publish); `setRejectWord` makes
 * it refuse requests with a text containing a word, as a provider's content filter does.
 */
export async function startEmbeddingsServer(dimension: number) {
  const hash = createLocalEmbedder(dimension);
  const requests: { model: string; input: string[] }[] = [];
  let mode: EmbeddingsServerMode = 'ok';
  let beforeAnswer: (() => Promise<void>) | undefined;
  let rejectWord: string | undefined;
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { model, input } = JSON.parse(body) as { model: string; input: string[] };
    requests.push({ model, input });
    if (mode === 'hang') return;
    if (mode === 'fail') {
      res.writeHead(503, { 'content-type': 'application/json' });
      // Some providers echo the credentials they were sent; our errors must not carry them on.
      const echoed = req.headers.authorization ?? '';
      res.end(JSON.stringify({ error: { message: `model is loading (request ${echoed})`, type: 'unavailable' } }));
      return;
    }
    if (rejectWord && input.some((text) => text.includes(rejectWord ?? ''))) {
      // As DashScope answers a text its content inspection refuses: the whole request fails with a 400.
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: 'Input data may contain inappropriate content.', code: 'data_inspection_failed' },
        }),
      );
      return;
    }
    await beforeAnswer?.();
    const sign = model.endsWith('-flipped') ? -1 : 1;
    const vectors = await hash.embed(input);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        object: 'list',
        model,
        data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: v.map((x) => sign * x) })),
      }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    baseUrl,
    requests,
    setMode(next: EmbeddingsServerMode) {
      mode = next;
    },
    setBeforeAnswer(fn: (() => Promise<void>) | undefined) {
      beforeAnswer = fn;
    },
    /** Requests with a text containing `word` are refused with a 400, as a content filter does. */
    setRejectWord(word: string | undefined) {
      rejectWord = word;
    },
    /** The `openai` embedder the server would be configured with (no retries, short timeout: tests stay fast). */
    embedder(model: string, options: { timeoutMs?: number; apiKey?: string } = {}): Embedder {
      return createOpenAiEmbedder({
        baseUrl,
        model,
        dimension,
        maxRetries: 0,
        timeoutMs: options.timeoutMs ?? 5000,
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      });
    },
    /** The environment that configures the server with this endpoint. */
    env(model: string): Record<string, string> {
      return {
        KEPU_EMBEDDING_PROVIDER: 'openai',
        KEPU_EMBEDDING_BASE_URL: baseUrl,
        KEPU_EMBEDDING_MODEL: model,
        KEPU_EMBEDDING_DIMENSION: String(dimension),
      };
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
