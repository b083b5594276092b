import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIStreamError,
  APIUserAbortError,
  type ChatCompletion,
  type ChatCompletionChunk,
  Kepu,
  KepuError,
} from '../index.js';
import { startTestServer, type TestServer } from '../test/http-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const kepuExtra: ChatCompletion['kepu'] = {
  conversationId: 'cnv_1',
  messageId: 'msg_1',
  intent: 'rumour_check',
  citations: [{ n: 1, type: 'rumour', id: 'rum_1', title: '隔夜茶会致癌吗？' }],
  cards: [],
  followUps: ['隔夜水能喝吗？'],
};
const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: 'stop' | null, extra = {}) => ({
  id: 'chatcmpl-msg_1',
  object: 'chat.completion.chunk' as const,
  created: 1_790_000_000,
  model: 'kepu-assistant',
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...extra,
});
/** What the server writes: a role chunk, content chunks, the last chunk with `kepu`, then `[DONE]`. */
const CHUNKS = [
  chunk({ role: 'assistant', content: '' }, null),
  chunk({ content: '这是谣言。' }, null),
  chunk({ content: '隔夜茶不会致癌[1]。' }, null),
  chunk({}, 'stop', { kepu: kepuExtra }),
];

/** Writes `data:` lines `gapMs` apart; `done: false` leaves out `[DONE]` and ends the response (a cut). */
function speak(res: ServerResponse, data: unknown[], options: { gapMs?: number; done?: boolean; end?: boolean } = {}) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_cc' });
  const lines = [...data.map((d) => JSON.stringify(d)), ...(options.done === false ? [] : ['[DONE]'])];
  let i = 0;
  const next = () => {
    const line = lines[i++];
    if (line === undefined) {
      if (options.end !== false) res.end();
      return;
    }
    res.write(`data: ${line}\n\n`);
    setTimeout(next, options.gapMs ?? 5);
  };
  next();
}

const question = { messages: [{ role: 'user' as const, content: '喝隔夜茶会致癌吗？' }], stream: true as const };

describe('chat.completions.create with stream: true', () => {
  it('yields the chunks in order and assembles the completion the JSON call would return', async () => {
    server = await startTestServer((_req, res) => speak(res, CHUNKS));
    const kepu = new Kepu({ baseURL: server.url, apiKey: 'sk_test' });
    const stream = await kepu.chat.completions.create(question);
    const seen: ChatCompletionChunk[] = [];
    for await (const c of stream) seen.push(c);
    expect(seen).toEqual(CHUNKS);
    expect(stream.requestId).toBe('req_cc');
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    expect(server.requests[0]?.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(question);
    expect(await stream.finalCompletion()).toEqual({
      id: 'chatcmpl-msg_1',
      object: 'chat.completion',
      created: 1_790_000_000,
      model: 'kepu-assistant',
      choices: [
        { index: 0, message: { role: 'assistant', content: '这是谣言。隔夜茶不会致癌[1]。' }, finish_reason: 'stop' },
      ],
      // No chunk carried usage (no model answered): absent, as in the JSON answer, never a made-up 0.
      kepu: kepuExtra,
    });
    expect(await (await kepu.chat.completions.create(question)).text()).toBe('这是谣言。隔夜茶不会致癌[1]。');
  });

  it('takes usage from the last chunk with empty choices (stream_options.include_usage)', async () => {
    const usage = { prompt_tokens: 120, completion_tokens: 35, total_tokens: 155 };
    const usageChunk = { ...chunk({}, null), choices: [], usage };
    server = await startTestServer((_req, res) => speak(res, [...CHUNKS, usageChunk]));
    const stream = await new Kepu({ baseURL: server.url }).chat.completions.create(question);
    const completion = await stream.finalCompletion();
    expect(completion.usage).toEqual(usage);
    expect(completion.choices[0]?.message.content).toBe('这是谣言。隔夜茶不会致癌[1]。');
    expect(completion.kepu).toEqual(kepuExtra);
  });

  it('throws the error chunk the server sends after the answer started as APIStreamError', async () => {
    server = await startTestServer((_req, res) =>
      speak(res, [CHUNKS[0], { error: { message: 'The assistant failed.', type: 'internal_error' } }], { done: false }),
    );
    const stream = await new Kepu({ baseURL: server.url }).chat.completions.create(question);
    const error = await stream.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIStreamError);
    expect(error).toMatchObject({ code: 'internal_error', message: 'The assistant failed.', requestId: 'req_cc' });
  });

  it('throws APIConnectionError when the stream is cut before [DONE]', async () => {
    server = await startTestServer((_req, res) => speak(res, CHUNKS.slice(0, 2), { done: false }));
    const stream = await new Kepu({ baseURL: server.url }).chat.completions.create(question);
    await expect(stream.text()).rejects.toThrow(APIConnectionError);
  });

  it('stops with APIUserAbortError when the caller aborts mid-answer, and closes the connection', async () => {
    let closed = false;
    server = await startTestServer((_req, res) => {
      res.on('close', () => {
        closed = true;
      });
      speak(res, [...CHUNKS.slice(0, 3), ...CHUNKS.slice(1, 3), ...CHUNKS.slice(1, 3)], { gapMs: 50, end: false });
    });
    const controller = new AbortController();
    const stream = await new Kepu({ baseURL: server.url }).chat.completions.create(question, {
      signal: controller.signal,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const c of stream) {
        received.push(c.choices[0]?.delta.content ?? '');
        if (received.length === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(received).toEqual(['', '这是谣言。']);
    await expect.poll(() => closed).toBe(true);
  });

  it('can be consumed once', async () => {
    server = await startTestServer((_req, res) => speak(res, CHUNKS));
    const stream = await new Kepu({ baseURL: server.url }).chat.completions.create(question);
    await stream.text();
    expect(await stream.text()).toBe('这是谣言。隔夜茶不会致癌[1]。'); // finished: answers from what it kept
    const again = await new Kepu({ baseURL: server.url }).chat.completions.create(question);
    const iterator = again[Symbol.asyncIterator]();
    await iterator.next();
    await expect(again.finalCompletion()).rejects.toThrow(KepuError);
  });
});
