import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { ChatCompletion, ChatCompletionRequest } from '../schema/assistant.js';
import { APIResource } from './resource.js';

/** `ChatCompletionRequest` without streaming: stream with `kepu.assistant.chat`, or point openai-node at Kepu. */
export type ChatCompletionParams = Omit<z.input<typeof ChatCompletionRequest>, 'stream'> & { stream?: false };

export class Completions extends APIResource {
  /**
   * `POST /v1/chat/completions`: the assistant behind an OpenAI-compatible endpoint; `kepu` carries the citations.
   * @example const completion = await kepu.chat.completions.create({ messages: [{ role: 'user', content: '…' }] })
   */
  create(body: ChatCompletionParams, options?: RequestOptions): APIPromise<ChatCompletion> {
    return this.client.call('chat.completions.create', { body }, options);
  }
}

/** OpenAI-compatible surface. */
export class Chat extends APIResource {
  readonly completions: Completions = new Completions(this.client);
}
