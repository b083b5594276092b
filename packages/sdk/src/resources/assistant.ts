import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type {
  ChatRequest,
  ChatResponse,
  Feedback,
  FeedbackReceipt,
  SuggestionList,
  SuggestionQuery,
} from '../schema/assistant.js';
import { ChatStream } from './chat-stream.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';

/** What `chat()` accepts: the `ChatRequest` schema's input. */
export type ChatParams = z.input<typeof ChatRequest>;

/** The assistant: grounded answers about science, events, places and rumours. */
export class Assistant extends APIResource {
  /**
   * `POST /v1/assistant/chat`. With `stream: true` resolves, once the answer starts, to a `ChatStream` of typed events
   * (`meta`, `delta`, `card`, `citation`, `done`); otherwise to the whole `ChatResponse`.
   * @example const answer = await kepu.assistant.chat({ messages: [{ role: 'user', content: '深圳有哪些科技馆？' }] })
   */
  chat(body: ChatParams & { stream: true }, options?: RequestOptions): Promise<ChatStream>;
  chat(body: ChatParams & { stream?: false | undefined }, options?: RequestOptions): APIPromise<ChatResponse>;
  chat(body: ChatParams, options?: RequestOptions): Promise<ChatStream> | APIPromise<ChatResponse>;
  chat(body: ChatParams, options: RequestOptions = {}): Promise<ChatStream> | APIPromise<ChatResponse> {
    if (!body.stream) return this.client.call<ChatResponse>('assistant.chat', { body }, options);
    return this.#stream(body, options);
  }

  async #stream(body: ChatParams, options: RequestOptions): Promise<ChatStream> {
    const { response, controller } = await this.client.openStream('assistant.chat', { body }, options);
    return new ChatStream(response, controller);
  }

  /**
   * `POST /v1/assistant/messages/{id}/feedback`: rate an answer by its `messageId`; the last rating counts.
   * @example await kepu.assistant.feedback(answer.messageId, { rating: 'up' })
   */
  feedback(messageId: string, body: z.input<typeof Feedback>, options?: RequestOptions): APIPromise<FeedbackReceipt> {
    return this.client.call('assistant.feedback', { path: { id: messageId }, body }, options);
  }

  /** `GET /v1/assistant/suggestions`: questions to start a conversation with. */
  suggestions(query: QueryParams<typeof SuggestionQuery> = {}, options?: RequestOptions): APIPromise<SuggestionList> {
    return this.client.call('assistant.suggestions', { query }, options);
  }
}
