import { AnswerStream } from '../core/answer-stream.js';
import { APIConnectionError, APIStreamError, KepuError } from '../core/errors.js';
import type { ServerSentEvent } from '../core/sse.js';
import type { ChatCompletion } from '../schema/assistant.js';

/**
 * One chunk of `POST /v1/chat/completions` with `stream: true`, in OpenAI's `chat.completion.chunk` format; the last
 * chunk (`finish_reason: 'stop'`) carries `kepu` with the citations. Built from `ChatCompletion`'s own fields.
 */
export type ChatCompletionChunk = Pick<ChatCompletion, 'id' | 'created' | 'model'> & {
  object: 'chat.completion.chunk';
  choices: { index: number; delta: { role?: 'assistant'; content?: string }; finish_reason: 'stop' | null }[];
  kepu?: ChatCompletion['kepu'];
  /** With `stream_options: { include_usage: true }`: on a last chunk with empty `choices`, as OpenAI does. */
  usage?: NonNullable<ChatCompletion['usage']> | null;
};

/**
 * The chunks of `kepu.chat.completions.create({ …, stream: true })` as they are written: iterate it, or await
 * `.text()` / `.finalCompletion()`. It can be consumed once; `abort()` (or your `signal`) stops it, and the iteration
 * then throws `APIUserAbortError`.
 * @example
 * const stream = await kepu.chat.completions.create({ messages: [{ role: 'user', content: '…' }], stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 */
export class ChatCompletionStream extends AnswerStream<ChatCompletionChunk> {
  protected readonly endMarker = '`[DONE]`';
  #content = '';
  #last: ChatCompletionChunk | undefined;
  #kepu: ChatCompletion['kepu'] | undefined;
  #usage: NonNullable<ChatCompletion['usage']> | undefined;

  /** Waits for the whole answer and returns its text. */
  async text(): Promise<string> {
    return (await this.finalCompletion()).choices[0]?.message.content ?? '';
  }

  /** Waits for the whole answer and returns it in the shape of the non-streaming `ChatCompletion`. */
  async finalCompletion(): Promise<ChatCompletion> {
    await this.drain();
    if (!this.#last || !this.#kepu) throw new APIConnectionError('The answer stream ended without its last chunk.');
    const { id, created, model } = this.#last;
    return {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: this.#content }, finish_reason: 'stop' }],
      // Zeros when no chunk reported usage (no model answered, or include_usage was not asked for).
      usage: this.#usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      kepu: this.#kepu,
    };
  }

  /** A chunk, `[DONE]`, or the `{ error }` the server sends instead when the answer fails after it started. */
  protected read({ event, data }: ServerSentEvent): ChatCompletionChunk | undefined {
    if (data === '[DONE]') {
      this.finished = true;
      return undefined;
    }
    const parsed = this.json(event, data);
    if (typeof parsed !== 'object' || parsed === null) {
      throw new KepuError(`The server sent a chunk that is not an object: ${data.slice(0, 100)}`);
    }
    if ('error' in parsed) {
      const { message, type } = (parsed.error ?? {}) as { message?: unknown; type?: unknown };
      throw new APIStreamError(
        typeof type === 'string' ? type : 'internal_error',
        typeof message === 'string' ? message : 'The answer failed.',
        this.requestId,
      );
    }
    const chunk = parsed as ChatCompletionChunk;
    this.#content += chunk.choices[0]?.delta.content ?? '';
    this.#last = chunk;
    if (chunk.kepu) this.#kepu = chunk.kepu;
    if (chunk.usage) this.#usage = chunk.usage;
    return chunk;
  }
}
