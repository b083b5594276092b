import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalEmbedder } from './local-embedder.js';
import { createOpenAiEmbedder, EmbeddingError } from './openai-embedder.js';

const DIMENSION = 32;
const KEY = 'sk-test-secret-0123456789';
/** The "model" the local server serves: the local hash embedder at 32 dimensions, so vectors are checkable. */
const reference = createLocalEmbedder(DIMENSION);

/** What the next request gets; each test sets it. */
/** Same vectors up to float rounding (JSON round trip, re-normalisation). */
function expectSameVectors(actual: number[][], expected: number[][]) {
  expect(actual.map((v) => v.length)).toEqual(expected.map((v) => v.length));
  const worst = Math.max(...actual.flatMap((v, i) => v.map((x, j) => Math.abs(x - (expected[i]?.[j] ?? Number.NaN)))));
  expect(worst).toBeLessThan(1e-9);
}

type Behaviour = 'ok' | 'shuffled' | 'wrong-dimension' | 'too-few' | 'nan' | 'error-500' | 'error-401' | 'hang';

/** A real OpenAI-compatible `/v1/embeddings` endpoint on a local port: it records requests and behaves as told. */
describe('openai embedder against a local /v1/embeddings server', () => {
  let server: Server;
  let baseUrl: string;
  let behaviour: Behaviour = 'ok';
  let requests: { input: string[]; model: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as { input: string[]; model: string };
      requests.push({ input: parsed.input, model: parsed.model, authorization: req.headers.authorization });
      if (behaviour === 'hang') return; // never answers; the client's timeout must end it
      if (behaviour === 'error-500' || behaviour === 'error-401') {
        const status = behaviour === 'error-500' ? 500 : 401;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `bad things, key ${KEY}`, type: 'server_error' } }));
        return;
      }
      const vectors = await reference.embed(parsed.input);
      let data = vectors.map((embedding, index) => ({ object: 'embedding', index, embedding }));
      if (behaviour === 'shuffled') data = [...data].reverse();
      if (behaviour === 'wrong-dimension') data = data.map((d) => ({ ...d, embedding: d.embedding.slice(0, 8) }));
      if (behaviour === 'too-few') data = data.slice(1);
      if (behaviour === 'nan') data = data.map((d) => ({ ...d, embedding: d.embedding.map(() => 'x' as never) }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ object: 'list', model: parsed.model, data, usage: { prompt_tokens: 1, total_tokens: 1 } }),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    behaviour = 'ok';
    requests = [];
  });

  const embedder = (extra: { timeoutMs?: number; maxRetries?: number } = {}) =>
    createOpenAiEmbedder({
      baseUrl,
      apiKey: KEY,
      model: 'bge-test',
      dimension: DIMENSION,
      batchSize: 4,
      maxRetries: 0,
      ...extra,
    });
  const texts = Array.from({ length: 10 }, (_, i) => `第${i}段：隔夜菜与亚硝酸盐${'的'.repeat(i)}`);

  it('sends batches of batchSize with the model and key, and returns unit vectors in input order', async () => {
    const vectors = await embedder().embed(texts);
    expect(requests.map((r) => r.input.length)).toEqual([4, 4, 2]);
    expect(requests.flatMap((r) => r.input)).toEqual(texts);
    expect(requests.every((r) => r.model === 'bge-test' && r.authorization === `Bearer ${KEY}`)).toBe(true);
    expectSameVectors(vectors, await reference.embed(texts));
    expect(await embedder().embed([])).toEqual([]);
    expect(requests).toHaveLength(3);
  });

  it('puts vectors back by their index when the provider answers out of order', async () => {
    behaviour = 'shuffled';
    expectSameVectors(await embedder().embed(texts.slice(0, 4)), await reference.embed(texts.slice(0, 4)));
  });

  it('rejects an answer of another dimension, naming KEPU_EMBEDDING_DIMENSION', async () => {
    behaviour = 'wrong-dimension';
    const error = await embedder()
      .embed(['一'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect(error).toMatchObject({ failure: 'invalid_response' });
    expect((error as Error).message).toMatch(/returned 8 dimensions, but KEPU_EMBEDDING_DIMENSION is 32/);
  });

  it('rejects answers with a vector missing or values that are not numbers', async () => {
    behaviour = 'too-few';
    await expect(embedder().embed(['一', '二'])).rejects.toThrow(/returned 1 vectors for 2 texts/);
    behaviour = 'nan';
    await expect(embedder().embed(['一'])).rejects.toThrow(/non-numeric/);
  });

  it('reports a provider error with its status and without the API key; retries a 500 when asked to', async () => {
    behaviour = 'error-401';
    const error = (await embedder()
      .embed(['一'])
      .catch((e: unknown) => e)) as EmbeddingError;
    expect(error).toMatchObject({ name: 'EmbeddingError', failure: 'provider_error', status: 401 });
    expect(error.message).toContain('HTTP 401');
    expect(error.message).not.toContain(KEY);
    requests = [];
    behaviour = 'error-500';
    await expect(embedder({ maxRetries: 1 }).embed(['一'])).rejects.toMatchObject({ status: 500 });
    expect(requests).toHaveLength(2);
  });

  it('gives up after the timeout with an "unavailable" error instead of waiting for ever', async () => {
    behaviour = 'hang';
    const started = performance.now();
    const error = await embedder({ timeoutMs: 300 })
      .embed(['一'])
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ name: 'EmbeddingError', failure: 'unavailable' });
    expect((error as Error).message).toMatch(/within 300 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3000);
  });
});
