import { AnswerStream } from '../core/answer-stream.js';
import { APIConnectionError, APIStreamError, KepuError } from '../core/errors.js';
import type { ServerSentEvent } from '../core/sse.js';
import type { ChatCompletion, ChatCompletionChunk } from '../schema/assistant.js';

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
      // Absent, as in the non-streaming answer, when no chunk reported usage (no model answered, or include_usage
      // was not asked for): never a made-up 0.
      ...(this.#usage ? { usage: this.#usage } : {}),
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
