import { APIPromise, type APIResponse } from './core/api-promise.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  KepuError,
  retryAfterMs,
} from './core/errors.js';
import { PagePromise, type PageResponse } from './core/pagination.js';
import { isBrowser, randomId, readEnv } from './internal/env.js';
import { OPERATIONS, type OperationId } from './operations.js';
import { Assistant } from './resources/assistant.js';
import { Audit } from './resources/audit.js';
import { Chat } from './resources/chat-completions.js';
import { Events } from './resources/events.js';
import { Experts } from './resources/experts.js';
import { Health } from './resources/health.js';
import { HealthResources } from './resources/health-resources.js';
import { Keys } from './resources/keys.js';
import { Lecturers } from './resources/lecturers.js';
import { Assignments, Opportunities, Shifts } from './resources/opportunities.js';
import { Registrations } from './resources/registrations.js';
import { Resources, Taxonomies } from './resources/registry.js';
import { Designations, Routes } from './resources/routes.js';
import { Rumours } from './resources/rumours.js';
import { Certificates, ServiceRecords } from './resources/service-records.js';
import { Sessions } from './resources/sessions.js';
import { Stats } from './resources/stats.js';
import { Volunteers } from './resources/volunteers.js';

/** The subset of `fetch` the client uses; inject `app.request`, undici, or a fetch with a proxy. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** `sk_…` (servers) or `pk_…` (browsers, allowed origins only). Defaults to `KEPU_API_KEY`; public reads need none. */
  apiKey?: string | null | undefined;
  /** @default process.env.KEPU_BASE_URL ?? 'http://localhost:8787' */
  baseURL?: string | undefined;
  /** Milliseconds per attempt before it is abandoned (and retried). @default 60000 */
  timeout?: number | undefined;
  /** Retries after the first attempt, on connection errors, 408, 409, 429 and 5xx. @default 2 */
  maxRetries?: number | undefined;
  /** @default globalThis.fetch */
  fetch?: Fetch | undefined;
  /** Sent with every request; a per-request header of the same name wins. */
  defaultHeaders?: Record<string, string> | undefined;
  /** A secret key in a web page leaks to every visitor; set this only if the page is yours alone. @default false */
  dangerouslyAllowBrowser?: boolean | undefined;
}

/** Options of one call; they override the client's. */
export interface RequestOptions {
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  signal?: AbortSignal | null | undefined;
  /** Extra headers; `null` removes a default header. */
  headers?: Record<string, string | null | undefined> | undefined;
  /** Sent as `Idempotency-Key` on every attempt of a POST; one is generated when you give none. */
  idempotencyKey?: string | undefined;
}

/** @internal What a resource method hands to the transport. */
export interface CallParams {
  path?: Record<string, string | number> | undefined;
  query?: object | undefined;
  body?: unknown;
}

export const DEFAULT_BASE_URL = 'http://localhost:8787';
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;
const INITIAL_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;
/** A longer `Retry-After` than this is not waited out; the default back-off applies instead. */
const MAX_RETRY_AFTER_MS = 60_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The Kepu API client.
 * @example
 * const kepu = new Kepu({ apiKey: process.env.KEPU_API_KEY, baseURL: 'https://kepu.example.org' });
 * for await (const event of kepu.events.list({ upcoming: true })) console.log(event.title);
 */
export class Kepu {
  readonly baseURL: string;
  readonly apiKey: string | null;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly #fetch: Fetch;
  readonly #defaultHeaders: Record<string, string>;
  readonly #options: ClientOptions;

  readonly health: Health = new Health(this);
  readonly resources: Resources = new Resources(this);
  readonly routes: Routes = new Routes(this);
  readonly designations: Designations = new Designations(this);
  readonly taxonomies: Taxonomies = new Taxonomies(this);
  readonly events: Events = new Events(this);
  readonly registrations: Registrations = new Registrations(this);
  readonly volunteers: Volunteers = new Volunteers(this);
  readonly opportunities: Opportunities = new Opportunities(this);
  readonly shifts: Shifts = new Shifts(this);
  readonly assignments: Assignments = new Assignments(this);
  readonly serviceRecords: ServiceRecords = new ServiceRecords(this);
  readonly certificates: Certificates = new Certificates(this);
  readonly lecturers: Lecturers = new Lecturers(this);
  readonly experts: Experts = new Experts(this);
  readonly rumours: Rumours = new Rumours(this);
  readonly healthResources: HealthResources = new HealthResources(this);
  readonly assistant: Assistant = new Assistant(this);
  readonly chat: Chat = new Chat(this);
  readonly stats: Stats = new Stats(this);
  readonly sessions: Sessions = new Sessions(this);
  readonly keys: Keys = new Keys(this);
  readonly audit: Audit = new Audit(this);

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey === undefined ? readEnv('KEPU_API_KEY') : options.apiKey;
    this.apiKey = apiKey ?? null;
    this.baseURL = (options.baseURL ?? readEnv('KEPU_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.timeout = checkCount('timeout', options.timeout ?? DEFAULT_TIMEOUT_MS);
    this.maxRetries = checkCount('maxRetries', options.maxRetries ?? DEFAULT_MAX_RETRIES);
    this.#options = options;
    this.#defaultHeaders = { ...options.defaultHeaders };
    if (!options.fetch && typeof globalThis.fetch !== 'function') {
      throw new KepuError('No `fetch` in this runtime. Pass one: `new Kepu({ fetch })` (Node >= 20 has it built in).');
    }
    this.#fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    if (this.apiKey?.startsWith('sk_') && isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new KepuError(
        'A secret key (sk_…) must not be used in a browser: every visitor could read it. Use a publishable key ' +
          '(pk_…) in web pages, or pass `dangerouslyAllowBrowser: true` if no one else can load this page.',
      );
    }
  }

  /**
   * A new client with some options changed and the others kept, e.g. another key for the same server.
   * @example const asSession = kepu.withOptions({ apiKey: session.token })
   */
  withOptions(options: ClientOptions): Kepu {
    return new Kepu({
      ...this.#options,
      apiKey: this.apiKey,
      baseURL: this.baseURL,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      ...options,
    });
  }

  /** @internal Calls an operation and parses its JSON answer. */
  call<T>(id: OperationId, params: CallParams = {}, options: RequestOptions = {}): APIPromise<T> {
    return new APIPromise(
      this.#respond(id, params, options, 'json', async (response) => (await parseBody(response, this.baseURL)) as T),
    );
  }

  /** @internal Calls an operation that answers text (iCalendar, CSV). */
  callText(id: OperationId, params: CallParams = {}, options: RequestOptions = {}): APIPromise<string> {
    return new APIPromise(this.#respond(id, params, options, 'text', (response) => response.text()));
  }

  async #respond<T>(
    id: OperationId,
    params: CallParams,
    options: RequestOptions,
    accept: 'json' | 'text',
    parse: (response: Response) => Promise<T>,
  ): Promise<APIResponse<T>> {
    const response = await this.send(id, params, options, accept);
    return { data: await parse(response), response, requestId: response.headers.get('x-request-id') ?? undefined };
  }

  /** @internal Calls a list operation; the result is awaitable and iterable over every item of every page. */
  paginate<Item>(id: OperationId, params: CallParams = {}, options: RequestOptions = {}): PagePromise<Item> {
    return new PagePromise<Item>((cursor) =>
      this.call<PageResponse<Item>>(
        id,
        { ...params, query: { ...params.query, ...(cursor === undefined ? {} : { cursor }) } },
        options,
      ),
    );
  }

  /**
   * @internal Opens a streamed answer (SSE) with its own controller, so that the stream's `abort()` works as well as
   * the caller's signal. Resolves once the response headers have arrived.
   */
  async openStream(
    id: OperationId,
    params: CallParams,
    options: RequestOptions,
  ): Promise<{ response: Response; controller: AbortController }> {
    const controller = new AbortController();
    const outer = options.signal;
    if (outer?.aborted) controller.abort(outer.reason);
    else outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    const response = await this.send(id, params, { ...options, signal: controller.signal }, 'stream');
    return { response, controller };
  }

  /**
   * @internal Sends the request with retries and returns the successful response. With `accept: 'stream'` the
   * timeout covers only the wait for the response headers; the caller's signal still cancels the body.
   */
  async send(
    id: OperationId,
    params: CallParams,
    options: RequestOptions,
    accept: 'json' | 'text' | 'stream',
  ): Promise<Response> {
    const { method, path } = OPERATIONS[id];
    const url = this.#url(path, params);
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    const headers = this.#headers(method, params.body, options, accept, maxRetries);
    const body = encodeBody(params.body);
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = maxRetries - attempt;
      let response: Response;
      const attemptSignal = linkSignals(options.signal, timeout);
      try {
        response = await this.#fetch(url, { method, headers, body, signal: attemptSignal.signal });
        if (accept !== 'stream' || !response.ok) {
          // Read the whole body under the same deadline, so a stalled body times out too.
          const buffered = await response.arrayBuffer();
          const { status, statusText, headers: received } = response;
          const replay = NULL_BODY_STATUSES.has(status) ? null : buffered;
          response = new Response(replay, { status, statusText, headers: received });
        }
      } catch (error) {
        attemptSignal.release();
        const failure = attemptSignal.classify(error, timeout);
        if (failure instanceof APIUserAbortError || retriesLeft <= 0) throw failure;
        await sleep(retryDelay(attempt, undefined), options.signal);
        continue;
      }
      if (accept === 'stream' && response.ok) {
        attemptSignal.detachTimeout();
        return withRelease(response, attemptSignal.release);
      }
      attemptSignal.release();
      if (response.ok) return response;
      if (retriesLeft > 0 && isRetryable(response.status)) {
        await sleep(retryDelay(attempt, response.headers), options.signal);
        continue;
      }
      throw APIError.generate(response.status, await readErrorBody(response), response.headers);
    }
  }

  #url(template: string, params: CallParams): string {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params.path?.[name];
      if (value === undefined || value === '') {
        throw new KepuError(`Missing path parameter \`${name}\` for ${template}.`);
      }
      return encodeURIComponent(String(value));
    });
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item === undefined || item === null) continue;
        search.append(key, item instanceof Date ? item.toISOString() : String(item));
      }
    }
    const query = search.toString();
    return `${this.baseURL}${path}${query ? `?${query}` : ''}`;
  }

  #headers(
    method: string,
    body: unknown,
    options: RequestOptions,
    accept: 'json' | 'text' | 'stream',
    maxRetries: number,
  ): Headers {
    const headers = new Headers({
      accept: accept === 'stream' ? 'text/event-stream' : accept === 'text' ? '*/*' : 'application/json',
    });
    if (body !== undefined && !isRawBody(body)) headers.set('content-type', 'application/json');
    if (this.apiKey) headers.set('authorization', `Bearer ${this.apiKey}`);
    // One key for every attempt: a retry of a POST that did reach the server replays its first answer.
    if (method === 'POST' && (options.idempotencyKey !== undefined || maxRetries > 0)) {
      headers.set('idempotency-key', options.idempotencyKey ?? `kepu-${randomId()}`);
    }
    for (const [name, value] of Object.entries(this.#defaultHeaders)) headers.set(name, value);
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === null) headers.delete(name);
      else if (value !== undefined) headers.set(name, value);
    }
    return headers;
  }
}

function checkCount(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new KepuError(`\`${name}\` must be a number >= 0, got ${String(value)}.`);
  }
  return value;
}

/** Bodies sent as they are (uploads); anything else is sent as JSON. */
type RawBody = FormData | Blob | URLSearchParams | ArrayBuffer;

function isRawBody(body: unknown): body is RawBody {
  return (
    body instanceof FormData || body instanceof Blob || body instanceof URLSearchParams || body instanceof ArrayBuffer
  );
}

function encodeBody(body: unknown): RawBody | string | undefined {
  if (body === undefined) return undefined;
  return isRawBody(body) ? body : JSON.stringify(body);
}

function isRetryable(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Exponential back-off with jitter (0.5 s, 1 s, 2 s … up to 8 s, each minus up to 25 %), or the server's word. */
export function retryDelay(attempt: number, headers: Headers | undefined): number {
  const serverSays = headers ? retryAfterMs(headers) : undefined;
  if (serverSays !== undefined && serverSays <= MAX_RETRY_AFTER_MS) return serverSays;
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** attempt, MAX_RETRY_DELAY_MS);
  return base * (1 - Math.random() * 0.25);
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One attempt's signal: aborted by the caller's signal or by the timeout, and able to tell which happened.
 * (`AbortSignal.any` would do, but Safari < 17.4 lacks it.)
 */
function linkSignals(outer: AbortSignal | null | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  return {
    signal: controller.signal,
    detachTimeout() {
      clearTimeout(timer);
      timer = undefined;
    },
    release() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
    classify(error: unknown, ms: number): KepuError {
      if (error instanceof KepuError) return error;
      if (outer?.aborted) return new APIUserAbortError();
      if (timedOut) return new APIConnectionTimeoutError(ms);
      return new APIConnectionError(`Connection error: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    },
  };
}

/** The response with its body wrapped so that finishing or cancelling it releases the attempt's listeners. */
function withRelease(response: Response, release: () => void): Response {
  if (!response.body) {
    release();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
  return new Response(body, response);
}

async function parseBody(response: Response, baseURL: string): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new KepuError(
      `The server at ${baseURL} answered ${response.status} with a body that is not JSON. Is \`baseURL\` the Kepu API?`,
    );
  }
}

async function readErrorBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
