import { afterEach, describe, expect, it } from 'vitest';
import { retryDelay } from './client.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  Kepu,
  KepuError,
  NotFoundError,
  RateLimitError,
} from './index.js';
import { envelope, sendJson, startTestServer, type TestServer } from './test/http-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chat = { messages: [{ role: 'user' as const, content: '你好' }] };
const answer = {
  conversationId: 'c1',
  messageId: 'm1',
  intent: 'smalltalk',
  answer: '你好！',
  citations: [],
  cards: [],
  followUps: [],
};

describe('retries', () => {
  it('retries 429 after the Retry-After the server asked for, with one Idempotency-Key for every attempt', async () => {
    server = await startTestServer((_req, res, n) => {
      if (n < 2) sendJson(res, 429, envelope('rate_limited', 'Slow down.'), { 'retry-after': n === 0 ? '1' : '0' });
      else sendJson(res, 200, answer);
    });
    const kepu = new Kepu({ baseURL: server.url, apiKey: null });
    const started = performance.now();
    await expect(kepu.assistant.chat(chat)).resolves.toEqual(answer);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(3);
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^kepu-[0-9a-f-]{32,36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(server.requests.every((r) => r.body === JSON.stringify(chat))).toBe(true);
  });

  it('gives up after maxRetries and throws RateLimitError with retryAfter', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 429, envelope('rate_limited', 'Too many questions.'), { 'retry-after': '0' }),
    );
    const error = await new Kepu({ baseURL: server.url, maxRetries: 1 }).assistant.chat(chat).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: 'Too many questions.', retryAfter: 0 });
    expect(server.requests).toHaveLength(2);
  });

  it('retries dropped connections with back-off, then succeeds', async () => {
    server = await startTestServer((_req, res, n) => {
      if (n < 2) res.socket?.destroy();
      else sendJson(res, 200, { status: 'ok' });
    });
    const started = performance.now();
    await expect(new Kepu({ baseURL: server.url }).health.live()).resolves.toEqual({ status: 'ok' });
    // back-off of 0.5 s then 1 s, each less up to 25 % jitter
    expect(performance.now() - started).toBeGreaterThanOrEqual(0.75 * 1500 - 20);
    expect(server.requests).toHaveLength(3);
  });

  it('throws APIConnectionError when the connection keeps dropping', async () => {
    server = await startTestServer((_req, res) => {
      res.socket?.destroy();
    });
    const error = await new Kepu({ baseURL: server.url, maxRetries: 0 }).health.live().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it('throws APIConnectionError when nothing listens', async () => {
    const error = await new Kepu({ baseURL: 'http://127.0.0.1:9', maxRetries: 0 }).health.live().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(/^Connection error/);
  });

  it('times out slow answers per attempt, retries them, then throws APIConnectionTimeoutError', async () => {
    server = await startTestServer((_req, res, n) => {
      if (n === 1) sendJson(res, 200, { status: 'ok' });
      else setTimeout(() => sendJson(res, 200, { status: 'ok' }), 2_000);
    });
    const kepu = new Kepu({ baseURL: server.url, timeout: 200 });
    await expect(kepu.health.live()).resolves.toEqual({ status: 'ok' });
    expect(server.requests).toHaveLength(2);

    const error = await kepu.health.live({ maxRetries: 0, timeout: 100 }).catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toBe('Request timed out after 100 ms.');
  });

  it('times out a body that stalls after the headers', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    });
    const error = await new Kepu({ baseURL: server.url, timeout: 200, maxRetries: 0 }).health.live().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it('stops at once when the caller aborts, and does not retry', async () => {
    server = await startTestServer(() => undefined); // never answers
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await new Kepu({ baseURL: server.url }).assistant
      .chat(chat, { signal: controller.signal })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts during the back-off sleep', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 503, envelope('service_unavailable', 'Down.'), { 'retry-after': '30' }),
    );
    const error = await new Kepu({ baseURL: server.url }).health
      .live({ signal: AbortSignal.timeout(150) })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries 5xx and 409 but not other 4xx', async () => {
    server = await startTestServer((req, res) => {
      if (req.url === '/healthz') sendJson(res, 500, envelope('internal_error', 'Oops.'), { 'retry-after': '0' });
      else if (req.url === '/readyz') sendJson(res, 409, envelope('conflict', 'Busy.'), { 'retry-after': '0' });
      else sendJson(res, 404, envelope('not_found', 'Nope.'));
    });
    const kepu = new Kepu({ baseURL: server.url, maxRetries: 2 });
    await expect(kepu.health.live()).rejects.toBeInstanceOf(InternalServerError);
    await expect(kepu.health.ready()).rejects.toBeInstanceOf(ConflictError);
    await expect(kepu.assistant.chat(chat)).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests.map((r) => r.url)).toEqual([
      ...Array(3).fill('/healthz'),
      ...Array(3).fill('/readyz'),
      '/v1/assistant/chat',
    ]);
  });

  it('sends no Idempotency-Key when retries are off, and the caller’s own key when given', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, answer));
    const kepu = new Kepu({ baseURL: server.url, maxRetries: 0 });
    await kepu.assistant.chat(chat);
    await kepu.assistant.chat(chat, { idempotencyKey: 'order-42' });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual([undefined, 'order-42']);
  });
});

describe('retryDelay', () => {
  it('takes Retry-After in seconds or as a date, and backs off exponentially with jitter otherwise', () => {
    expect(retryDelay(0, new Headers({ 'retry-after': '2' }))).toBe(2_000);
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    expect(retryDelay(0, new Headers({ 'retry-after': inFiveSeconds }))).toBeGreaterThan(3_000);
    for (const [attempt, base] of [
      [0, 500],
      [1, 1_000],
      [2, 2_000],
      [5, 8_000],
    ] as const) {
      // A Retry-After longer than a minute is not waited out: the back-off applies.
      const delay = retryDelay(attempt, new Headers({ 'retry-after': '3600' }));
      expect(delay).toBeGreaterThanOrEqual(base * 0.75);
      expect(delay).toBeLessThanOrEqual(base);
    }
    const jittered = new Set(Array.from({ length: 20 }, () => retryDelay(1, undefined)));
    expect(jittered.size).toBeGreaterThan(1);
  });
});

describe('errors', () => {
  it('turns the error envelope into a typed error with code, details and request id', async () => {
    const details = [{ path: 'body.messages', message: 'Too small', code: 'too_small' }];
    server = await startTestServer((_req, res) =>
      sendJson(res, 400, envelope('invalid_request', 'Invalid request. body.messages: Too small', { details })),
    );
    const error = await new Kepu({ baseURL: server.url }).assistant.chat(chat).catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toBeInstanceOf(KepuError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', details, requestId: 'req_test' });
    expect(error.name).toBe('BadRequestError');
    expect(server.requests).toHaveLength(1);
  });

  it('survives a proxy that answers HTML', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html', 'x-request-id': 'from-header' });
      res.end('<h1>Bad Gateway</h1>');
    });
    const error = await new Kepu({ baseURL: server.url, maxRetries: 0 }).health.live().catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 502,
      code: 'internal_error',
      message: 'HTTP 502: <h1>Bad Gateway</h1>',
      requestId: 'from-header',
    });
  });

  it('says so when a 2xx body is not JSON (a wrong baseURL)', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html>');
    });
    const error = await new Kepu({ baseURL: server.url }).health.live().catch((e) => e);
    expect(error).toBeInstanceOf(KepuError);
    expect(error.message).toContain('Is `baseURL` the Kepu API?');
  });
});

describe('configuration', () => {
  it('reads KEPU_API_KEY and KEPU_BASE_URL, sends the key and default headers', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, { status: 'ok' }));
    process.env.KEPU_API_KEY = 'sk_fromenvironment0000000';
    process.env.KEPU_BASE_URL = `${server.url}/`;
    try {
      const kepu = new Kepu({ defaultHeaders: { 'x-kepu-session': 's1' } });
      expect(kepu.baseURL).toBe(server.url);
      await kepu.health.live({ headers: { 'x-extra': 'yes' } });
      expect(server.requests[0]?.headers).toMatchObject({
        authorization: 'Bearer sk_fromenvironment0000000',
        'x-kepu-session': 's1',
        'x-extra': 'yes',
        accept: 'application/json',
      });
      // An explicit null means "no key", even with one in the environment.
      expect(new Kepu({ apiKey: null }).apiKey).toBeNull();
    } finally {
      delete process.env.KEPU_API_KEY;
      delete process.env.KEPU_BASE_URL;
    }
  });

  it('refuses a secret key in a web page unless explicitly allowed', () => {
    const runtime = globalThis as { window?: unknown };
    runtime.window = { document: {} };
    try {
      expect(() => new Kepu({ apiKey: 'sk_0123456789abcdefghij' })).toThrow(/must not be used in a browser/);
      expect(() => new Kepu({ apiKey: 'sk_0123456789abcdefghij', dangerouslyAllowBrowser: true })).not.toThrow();
      expect(() => new Kepu({ apiKey: 'pk_0123456789abcdefghij' })).not.toThrow();
    } finally {
      delete runtime.window;
    }
  });

  it('derives a client with other options, keeping the rest (fetch, headers, server)', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, { status: 'ok' }));
    const seen: string[] = [];
    const base = new Kepu({
      baseURL: server.url,
      apiKey: 'pk_0123456789abcdefghij',
      defaultHeaders: { 'x-kepu-session': 's1' },
      fetch: (url, init) => {
        seen.push(url);
        return fetch(url, init);
      },
    });
    const derived = base.withOptions({ apiKey: 'st_0123456789abcdefghij', maxRetries: 0 });
    expect([derived.baseURL, derived.apiKey, derived.maxRetries, derived.timeout]).toEqual([
      server.url,
      'st_0123456789abcdefghij',
      0,
      base.timeout,
    ]);
    await derived.health.live();
    expect(seen).toEqual([`${server.url}/healthz`]);
    expect(server.requests[0]?.headers).toMatchObject({
      authorization: 'Bearer st_0123456789abcdefghij',
      'x-kepu-session': 's1',
    });
    expect(base.apiKey).toBe('pk_0123456789abcdefghij');
  });

  it('rejects nonsense options', () => {
    expect(() => new Kepu({ timeout: -1 })).toThrow('`timeout` must be a number >= 0, got -1.');
    expect(() => new Kepu({ maxRetries: Number.NaN })).toThrow(/maxRetries/);
  });
});
