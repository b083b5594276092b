import { APIConnectionError, APIUserAbortError, KepuError } from './errors.js';
import { parseSSE, type ServerSentEvent } from './sse.js';

/**
 * An answer streamed as Server-Sent Events: consumed once, by iterating it or by awaiting its final form; `abort()`
 * (or the caller's signal) stops it and the iteration then throws `APIUserAbortError`. Subclasses read the messages.
 */
export abstract class AnswerStream<Chunk> implements AsyncIterable<Chunk> {
  readonly #response: Response;
  readonly #controller: AbortController;
  #started = false;
  /** Set by `read()` once the answer's last message has arrived. */
  protected finished = false;
  /** How the end of the answer is marked, for the error when the connection is cut before it. */
  protected abstract readonly endMarker: string;

  /** @internal `controller` aborts the request this response belongs to. */
  constructor(response: Response, controller: AbortController) {
    this.#response = response;
    this.#controller = controller;
  }

  /** The `X-Request-Id` of the answer: quote it when you report a problem. */
  get requestId(): string | undefined {
    return this.#response.headers.get('x-request-id') ?? undefined;
  }

  /** The HTTP response the answer streams in (status, headers); its body is read by iterating this stream. */
  get response(): Response {
    return this.#response;
  }

  /** Stops the answer and closes the connection. */
  abort(): void {
    this.#controller.abort();
  }

  /** One message to a chunk to yield, or undefined to skip it; throws for an error the server reported. */
  protected abstract read(message: ServerSentEvent): Chunk | undefined;

  async *[Symbol.asyncIterator](): AsyncGenerator<Chunk, void, undefined> {
    if (this.#started) throw new KepuError('This stream was already consumed; iterate it, or await its result, once.');
    this.#started = true;
    const body = this.#response.body;
    if (!body) throw new APIConnectionError('The answer stream has no body.');
    try {
      for await (const message of parseSSE(body)) {
        // Messages already received stay buffered after an abort; the caller asked to stop, so stop now.
        if (this.#controller.signal.aborted) throw new APIUserAbortError('The answer stream was aborted.');
        const chunk = this.read(message);
        if (chunk !== undefined) yield chunk;
        if (this.finished) break;
      }
    } catch (error) {
      throw streamFailure(this.#controller.signal, error);
    }
    if (!this.finished) {
      throw new APIConnectionError(
        `The answer stream ended before its ${this.endMarker} (the connection was cut). Ask again.`,
      );
    }
  }

  /** Reads the rest of the answer, unless it was read to its end already. */
  protected async drain(): Promise<void> {
    if (this.finished) return;
    if (this.#started) throw new KepuError('This stream is being iterated; await its result after the loop.');
    for await (const _ of this) {
      // each subclass keeps what it needs as the chunks pass
    }
  }

  /** The data of a message as JSON, or a clear error naming the message. */
  protected json(name: string, data: string): unknown {
    try {
      return JSON.parse(data);
    } catch {
      throw new KepuError(`The server sent a \`${name}\` event whose data is not JSON: ${data.slice(0, 100)}`);
    }
  }
}

/** What reading a stream throws: the caller's abort, our own error, or a broken connection. */
function streamFailure(signal: AbortSignal, error: unknown): KepuError {
  if (signal.aborted) return new APIUserAbortError('The answer stream was aborted.');
  if (error instanceof KepuError) return error;
  return new APIConnectionError(`The answer stream broke: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}
