import { APIConnectionError, APIStreamError, APIUserAbortError, KepuError } from '../core/errors.js';
import { parseSSE } from '../core/sse.js';
import type { Card, ChatResponse, ChatStreamEvent, Citation, Intent } from '../schema/assistant.js';

/** The events a chat stream yields; an `error` event is thrown as `APIStreamError` instead. */
export type ChatStreamChunk = Exclude<ChatStreamEvent, { event: 'error' }>;

const EVENTS = new Set<string>(['meta', 'delta', 'card', 'citation', 'done', 'error']);

/**
 * The answer of `kepu.assistant.chat({ …, stream: true })` as it is written: iterate it for typed events, or await
 * `.text()` / `.finalMessage()`. It can be consumed once. `abort()` (or the `signal` you passed) stops it; the
 * iteration then throws `APIUserAbortError`.
 * @example
 * const stream = await kepu.assistant.chat({ messages: [{ role: 'user', content: '喝隔夜茶会致癌吗？' }], stream: true });
 * for await (const e of stream) if (e.event === 'delta') process.stdout.write(e.data.text);
 */
export class ChatStream implements AsyncIterable<ChatStreamChunk> {
  readonly #response: Response;
  readonly #controller: AbortController;
  #started = false;
  #finished = false;
  #meta: { conversationId: string; messageId: string; intent: Intent } | undefined;
  #answer = '';
  readonly #cards: Card[] = [];
  readonly #citations: Citation[] = [];
  #followUps: string[] = [];

  /** @internal `controller` aborts the request this response belongs to. */
  constructor(response: Response, controller: AbortController) {
    this.#response = response;
    this.#controller = controller;
  }

  /** The `X-Request-Id` of the answer: quote it when you report a problem. */
  get requestId(): string | undefined {
    return this.#response.headers.get('x-request-id') ?? undefined;
  }

  /** The HTTP response the answer streams in (status, headers); its body is this stream, read by iterating. */
  get response(): Response {
    return this.#response;
  }

  /** Stops the answer and closes the connection. */
  abort(): void {
    this.#controller.abort();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ChatStreamChunk, void, undefined> {
    if (this.#started) {
      throw new KepuError('This ChatStream was already consumed; iterate it, or call text()/finalMessage(), once.');
    }
    this.#started = true;
    const body = this.#response.body;
    if (!body) throw new APIConnectionError('The answer stream has no body.');
    try {
      for await (const message of parseSSE(body)) {
        // Events already received stay buffered after an abort; the caller asked to stop, so stop now.
        if (this.#controller.signal.aborted) throw new APIUserAbortError('The answer stream was aborted.');
        if (!EVENTS.has(message.event)) continue; // an event added after this SDK was built
        const event = this.#parse(message.event, message.data);
        if (event.event === 'error') throw new APIStreamError(event.data.code, event.data.message, this.requestId);
        this.#apply(event);
        yield event;
        if (event.event === 'done') break;
      }
    } catch (error) {
      throw this.#failure(error);
    }
    if (!this.#finished) {
      throw new APIConnectionError(
        'The answer stream ended before its `done` event (the connection was cut). Ask again.',
      );
    }
  }

  /** Waits for the whole answer and returns its text (the `delta`s joined). */
  async text(): Promise<string> {
    return (await this.finalMessage()).answer;
  }

  /** Waits for the whole answer and returns it as `ChatResponse`, the shape the non-streaming call returns. */
  async finalMessage(): Promise<ChatResponse> {
    if (!this.#finished) {
      if (this.#started) {
        throw new KepuError('This ChatStream is being iterated; call finalMessage() after the loop has finished.');
      }
      for await (const _ of this) {
        // every event is applied to the message as it passes
      }
    }
    if (!this.#meta) throw new APIConnectionError('The answer stream ended without its `meta` event.');
    return {
      ...this.#meta,
      answer: this.#answer,
      citations: [...this.#citations],
      cards: [...this.#cards],
      followUps: [...this.#followUps],
    };
  }

  #parse(name: string, data: string): ChatStreamEvent {
    try {
      return { event: name, data: JSON.parse(data) } as ChatStreamEvent;
    } catch {
      throw new KepuError(`The server sent a \`${name}\` event whose data is not JSON: ${data.slice(0, 100)}`);
    }
  }

  #apply(event: ChatStreamChunk): void {
    switch (event.event) {
      case 'meta':
        this.#meta = event.data;
        break;
      case 'delta':
        this.#answer += event.data.text;
        break;
      case 'card':
        this.#cards.push(event.data);
        break;
      case 'citation':
        this.#citations.push(event.data);
        break;
      case 'done':
        this.#followUps = event.data.followUps;
        this.#finished = true;
        break;
    }
  }

  #failure(error: unknown): KepuError {
    if (this.#controller.signal.aborted) return new APIUserAbortError('The answer stream was aborted.');
    if (error instanceof KepuError) return error;
    return new APIConnectionError(
      `The answer stream broke: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
