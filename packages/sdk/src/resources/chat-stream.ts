import { AnswerStream } from '../core/answer-stream.js';
import { APIConnectionError, APIStreamError } from '../core/errors.js';
import type { ServerSentEvent } from '../core/sse.js';
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
export class ChatStream extends AnswerStream<ChatStreamChunk> {
  protected readonly endMarker = '`done` event';
  #meta: { conversationId: string; messageId: string; intent: Intent } | undefined;
  #answer = '';
  readonly #cards: Card[] = [];
  readonly #citations: Citation[] = [];
  #followUps: string[] = [];

  /** Waits for the whole answer and returns its text (the `delta`s joined). */
  async text(): Promise<string> {
    return (await this.finalMessage()).answer;
  }

  /** Waits for the whole answer and returns it as `ChatResponse`, the shape the non-streaming call returns. */
  async finalMessage(): Promise<ChatResponse> {
    await this.drain();
    if (!this.#meta) throw new APIConnectionError('The answer stream ended without its `meta` event.');
    return {
      ...this.#meta,
      answer: this.#answer,
      citations: [...this.#citations],
      cards: [...this.#cards],
      followUps: [...this.#followUps],
    };
  }

  protected read({ event: name, data }: ServerSentEvent): ChatStreamChunk | undefined {
    if (!EVENTS.has(name)) return undefined; // an event added after this SDK was built
    const event = { event: name, data: this.json(name, data) } as ChatStreamEvent;
    switch (event.event) {
      case 'error':
        throw new APIStreamError(event.data.code, event.data.message, this.requestId);
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
        this.finished = true;
        break;
    }
    return event;
  }
}
