import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { ChatCompletion, ChatCompletionRequest } from '../schema/assistant.js';
import { ChatCompletionStream } from './chat-completion-stream.js';
import { APIResource } from './resource.js';

/** What `create()` accepts: the `ChatCompletionRequest` schema's input. */
export type ChatCompletionParams = z.input<typeof ChatCompletionRequest>;

export class Completions extends APIResource {
  /**
   * `POST /v1/chat/completions`: the assistant behind an OpenAI-compatible endpoint; `kepu` carries the citations.
   * With `stream: true` resolves, once the answer starts, to a `ChatCompletionStream` of `chat.completion.chunk`s.
   * @example const completion = await kepu.chat.completions.create({ messages: [{ role: 'user', content: '…' }] })
   */
  create(body: ChatCompletionParams & { stream: true }, options?: RequestOptions): Promise<ChatCompletionStream>;
  create(
    body: ChatCompletionParams & { stream?: false | undefined },
    options?: RequestOptions,
  ): APIPromise<ChatCompletion>;
  create(
    body: ChatCompletionParams,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream> | APIPromise<ChatCompletion>;
  create(
    body: ChatCompletionParams,
    options: RequestOptions = {},
  ): Promise<ChatCompletionStream> | APIPromise<ChatCompletion> {
    if (!body.stream) return this.client.call<ChatCompletion>('chat.completions.create', { body }, options);
    return this.#stream(body, options);
  }

  async #stream(body: ChatCompletionParams, options: RequestOptions): Promise<ChatCompletionStream> {
    const { response, controller } = await this.client.openStream('chat.completions.create', { body }, options);
    return new ChatCompletionStream(response, controller);
  }
}

/** OpenAI-compatible surface. */
export class Chat extends APIResource {
  readonly completions: Completions = new Completions(this.client);
}
