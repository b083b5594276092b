/** A successful answer with what came with it: the raw `Response` (headers, status) and its request id. */
export interface APIResponse<T> {
  data: T;
  /** The HTTP response; its body has already been read into `data`. */
  response: Response;
  /** The `X-Request-Id` the server gave this request: quote it when you report a problem. */
  requestId: string | undefined;
}

/**
 * A parsed object answer carries its request id as the non-enumerable `_request_id` (as in openai-node), so it
 * neither shows in `JSON.stringify` nor in deep equality.
 */
export type WithRequestID<T> = T extends object ? T & { readonly _request_id?: string | undefined } : T;

/** @internal Attaches `_request_id` to an object answer; other answers (text, nothing) pass unchanged. */
export function withRequestId<T>(data: T, requestId: string | undefined): WithRequestID<T> {
  if (typeof data === 'object' && data !== null && !Object.hasOwn(data, '_request_id')) {
    Object.defineProperty(data, '_request_id', { value: requestId, enumerable: false });
  }
  return data as WithRequestID<T>;
}

/**
 * What a call returns: a promise of the parsed answer (awaiting it works as before), plus `.withResponse()` for the
 * response's headers and request id. The request is sent at once, not when awaited.
 * @example
 * const { data: event, response, requestId } = await kepu.events.retrieve('evt_…').withResponse();
 * console.log(response.headers.get('etag'), requestId);
 */
export class APIPromise<T> extends Promise<WithRequestID<T>> {
  readonly #result: Promise<APIResponse<T>>;

  /** @internal `result` is the call's parsed answer with its response. */
  constructor(result: Promise<APIResponse<T>>) {
    // The base promise is never observed: then/catch/finally below answer from `result`.
    super((resolve) => resolve(undefined as WithRequestID<T>));
    this.#result = result;
  }

  /** The parsed answer together with the raw `Response` and its request id. */
  withResponse(): Promise<APIResponse<WithRequestID<T>>> {
    return this.#result.then(({ data, response, requestId }) => ({
      data: withRequestId(data, requestId),
      response,
      requestId,
    }));
  }

  #data(): Promise<WithRequestID<T>> {
    return this.#result.then(({ data, requestId }) => withRequestId(data, requestId));
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is a promise of the parsed answer, like openai-node's.
  override then<R1 = WithRequestID<T>, R2 = never>(
    onfulfilled?: ((value: WithRequestID<T>) => R1 | PromiseLike<R1>) | null,
    // biome-ignore lint/suspicious/noExplicitAny: the signature of Promise#then, so an APIPromise stays a drop-in Promise.
    onrejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#data().then(onfulfilled, onrejected);
  }

  override catch<R = never>(
    // biome-ignore lint/suspicious/noExplicitAny: the signature of Promise#catch (see then).
    onrejected?: ((reason: any) => R | PromiseLike<R>) | null,
  ): Promise<WithRequestID<T> | R> {
    return this.#data().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<WithRequestID<T>> {
    return this.#data().finally(onfinally);
  }
}
