import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { APIConnectionError, APIStreamError, APIUserAbortError, BadRequestError, Kepu, KepuError } from '../index.js';
import type { Card, ChatStreamEvent } from '../schema/assistant.js';
import { envelope, sendJson, startTestServer, type TestServer } from '../test/http-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const rumourCard: Card = {
  type: 'rumour',
  id: 'rum_1',
  claim: '隔夜茶会致癌',
  rating: 'false',
  ratingLabel: '谣言',
  explanation: '隔夜茶中亚硝酸盐含量极低，不会致癌。',
  reviewedBy: [{ name: '张医生', title: '主任医师' }],
  sources: [{ title: '深圳市科协辟谣平台' }],
};

/** The documented stream: meta, then deltas/cards/citations, then done — each as `event:`, `id:`, JSON `data:`. */
const EVENTS: ChatStreamEvent[] = [
  { event: 'meta', data: { conversationId: 'cnv_1', messageId: 'msg_1', intent: 'rumour_check' } },
  { event: 'delta', data: { text: '这是谣言。' } },
  { event: 'card', data: rumourCard },
  { event: 'delta', data: { text: '隔夜茶不会致癌[1]。' } },
  { event: 'citation', data: { n: 1, type: 'rumour', id: 'rum_1', title: '隔夜茶会致癌吗？' } },
  { event: 'done', data: { followUps: ['隔夜水能喝吗？'], timings: { retrieve: 12 } } },
];

/** Writes the events one by one, `gapMs` apart, with a keep-alive comment first; leaves the stream open if asked. */
function speakSSE(res: ServerResponse, events: ChatStreamEvent[], options: { gapMs?: number; end?: boolean } = {}) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_sse' });
  res.write(': keep-alive\n\n');
  let i = 0;
  const next = () => {
    const event = events[i++];
    if (!event) {
      if (options.end !== false) res.end();
      return;
    }
    res.write(`event: ${event.event}\nid: msg_1:${i}\ndata: ${JSON.stringify(event.data)}\n\n`);
    setTimeout(next, options.gapMs ?? 5);
  };
  next();
}

const question = { messages: [{ role: 'user' as const, content: '喝隔夜茶会致癌吗？' }], stream: true as const };

describe('assistant.chat with stream: true', () => {
  it('yields the typed events in order and asks for text/event-stream', async () => {
    server = await startTestServer((_req, res) => speakSSE(res, EVENTS));
    const stream = await new Kepu({ baseURL: server.url }).assistant.chat(question);
    const seen: ChatStreamEvent[] = [];
    for await (const event of stream) seen.push(event);
    expect(seen).toEqual(EVENTS);
    expect(stream.requestId).toBe('req_sse');
    expect(server.requests[0]?.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(question);
    // Iterating assembled the message as it went.
    expect((await stream.finalMessage()).answer).toBe('这是谣言。隔夜茶不会致癌[1]。');
  });

  it('assembles finalMessage() in the shape of the non-streaming answer, and text()', async () => {
    server = await startTestServer((_req, res) => speakSSE(res, EVENTS));
    const kepu = new Kepu({ baseURL: server.url });
    expect(await (await kepu.assistant.chat(question)).finalMessage()).toEqual({
      conversationId: 'cnv_1',
      messageId: 'msg_1',
      intent: 'rumour_check',
      answer: '这是谣言。隔夜茶不会致癌[1]。',
      cards: [rumourCard],
      citations: [EVENTS[4]?.data],
      followUps: ['隔夜水能喝吗？'],
    });
    expect(await (await kepu.assistant.chat(question)).text()).toBe('这是谣言。隔夜茶不会致癌[1]。');
  });

  it('can be consumed only once', async () => {
    server = await startTestServer((_req, res) => speakSSE(res, EVENTS));
    const stream = await new Kepu({ baseURL: server.url }).assistant.chat(question);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await expect(stream.text()).rejects.toThrow(/being iterated/);
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow(/already consumed/);
    await iterator.return();
  });

  it('stops mid-answer with the caller’s AbortSignal, and the server sees the connection close', async () => {
    let closed: () => void = () => undefined;
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve;
    });
    server = await startTestServer((_req, res) => {
      res.on('close', closed);
      speakSSE(res, EVENTS.slice(0, 2), { end: false }); // …and then nothing: a slow model
    });
    const controller = new AbortController();
    const stream = await new Kepu({ baseURL: server.url, timeout: 60_000 }).assistant.chat(question, {
      signal: controller.signal,
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) {
        seen.push(event.event);
        if (event.event === 'delta') setTimeout(() => controller.abort(), 50);
      }
    })().catch((e) => e);
    expect(seen).toEqual(['meta', 'delta']);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await serverSawClose;
  });

  it('stops at once on abort even when the rest of the answer has already arrived', async () => {
    server = await startTestServer((_req, res) => speakSSE(res, EVENTS, { gapMs: 0 }));
    const stream = await new Kepu({ baseURL: server.url }).assistant.chat(question);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let every event reach the client's buffers
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) {
        seen.push(event.event);
        stream.abort();
      }
    })().catch((e) => e);
    expect(seen).toEqual(['meta']);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  it('stops with stream.abort() too', async () => {
    server = await startTestServer((_req, res) => speakSSE(res, EVENTS.slice(0, 1), { end: false }));
    const stream = await new Kepu({ baseURL: server.url }).assistant.chat(question);
    setTimeout(() => stream.abort(), 50);
    await expect(stream.text()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('is not cut by the request timeout once the answer has started', async () => {
    server = await startTestServer((_req, res) => speakSSE(res, EVENTS, { gapMs: 60 }));
    const stream = await new Kepu({ baseURL: server.url, timeout: 100 }).assistant.chat(question);
    expect(await stream.text()).toBe('这是谣言。隔夜茶不会致癌[1]。');
  });

  it('throws APIStreamError on an error event, keeping what came before', async () => {
    server = await startTestServer((_req, res) =>
      speakSSE(res, [
        EVENTS[0] as ChatStreamEvent,
        { event: 'error', data: { code: 'internal_error', message: 'The model failed.' } },
      ]),
    );
    const stream = await new Kepu({ baseURL: server.url }).assistant.chat(question);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.event);
    })().catch((e) => e);
    expect(seen).toEqual(['meta']);
    expect(error).toBeInstanceOf(APIStreamError);
    expect(error).toMatchObject({ code: 'internal_error', message: 'The model failed.', requestId: 'req_sse' });
  });

  it('reports a stream cut before done as a connection error', async () => {
    server = await startTestServer((_req, res) => speakSSE(res, EVENTS.slice(0, 3)));
    const stream = await new Kepu({ baseURL: server.url }).assistant.chat(question);
    const error = await stream.finalMessage().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(/ended before its `done` event/);
  });

  it('skips events it does not know and rejects data that is not JSON', async () => {
    server = await startTestServer((_req, res, n) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (n === 0) res.end(`event: future\ndata: {}\n\nevent: delta\ndata: not json\n\n`);
      else
        res.end(
          `event: future\ndata: {}\n\n${EVENTS.map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`).join('')}`,
        );
    });
    const kepu = new Kepu({ baseURL: server.url });
    const error = await (await kepu.assistant.chat(question)).text().catch((e) => e);
    expect(error).toBeInstanceOf(KepuError);
    expect(error.message).toMatch(/`delta` event whose data is not JSON/);
    expect(await (await kepu.assistant.chat(question)).text()).toBe('这是谣言。隔夜茶不会致癌[1]。');
  });

  it('rejects before streaming when the request is refused', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 400, envelope('invalid_request', 'the last message must be from the user')),
    );
    const error = await new Kepu({ baseURL: server.url }).assistant.chat(question).catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
  });
});

describe('assistant.chat without stream', () => {
  it('returns the whole answer as JSON', async () => {
    const response = {
      conversationId: 'cnv_1',
      messageId: 'msg_1',
      intent: 'smalltalk',
      answer: '你好！',
      citations: [],
      cards: [],
      followUps: [],
    };
    server = await startTestServer((_req, res) => sendJson(res, 200, response));
    const answer = await new Kepu({ baseURL: server.url }).assistant.chat({ messages: question.messages });
    expect(answer).toEqual(response);
    expect(server.requests[0]?.headers.accept).toBe('application/json');
  });
});
