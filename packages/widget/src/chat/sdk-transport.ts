import { Kepu } from '@kepu/sdk';
import type { ChatTransport } from './chat-controller.js';

export interface ConnectionOptions {
  apiBase: string;
  publishableKey: string | null;
}

/** Renew a session this long before it expires, so a question never starts with a token about to lapse. */
const RENEW_BEFORE_MS = 60_000;

/**
 * The widget's way to the API. The publishable key is used for one thing only — `POST /v1/sessions` — and every
 * other call carries the short-lived, origin-bound session token, kept in memory (never in storage). A 401 on a
 * session renews it once. One retry per call: a citizen is better served by a clear message and a retry button
 * than by a long silent back-off.
 */
export class WidgetConnection {
  readonly #keyClient: Kepu;
  readonly #options: ConnectionOptions;
  /** For public reads: no key at all (browsers send no `Origin` on same-origin GETs, which origin-bound keys need). */
  readonly anonymous: Kepu;
  #session: Promise<{ client: Kepu; renewAt: number }> | undefined;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#keyClient = this.#make(options.publishableKey);
    this.anonymous = this.#make(null);
  }

  /** A client holding a valid session token. */
  async client(): Promise<Kepu> {
    if (!this.#options.publishableKey) return this.#keyClient; // misconfigured: let the API say what is missing
    const current = await this.#session?.catch(() => undefined); // a failed creation is tried again
    if (current && Date.now() < current.renewAt) return current.client;
    this.#session = this.#keyClient.sessions.create().then((s) => ({
      client: this.#make(s.token),
      renewAt: Date.now() + Math.max(0, s.expiresInSeconds * 1000 - RENEW_BEFORE_MS),
    }));
    return (await this.#session).client;
  }

  /** Runs `call` with a session client; when the session was refused (expired, revoked), renews it and tries once more. */
  async withSession<T>(call: (client: Kepu) => Promise<T>): Promise<T> {
    const client = await this.client(); // a refused key fails here, once, with its own 401/403
    try {
      return await call(client);
    } catch (error) {
      if (!isAuthError(error) || client === this.#keyClient) throw error;
      this.#session = undefined;
      return call(await this.client());
    }
  }

  #make(apiKey: string | null): Kepu {
    return new Kepu({ baseURL: this.#options.apiBase, apiKey, maxRetries: 1, timeout: 30_000 });
  }
}

function isAuthError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 401;
}

/** The SDK's streaming chat as the controller's transport. */
export function sdkTransport(connection: WidgetConnection): ChatTransport {
  return {
    async *chat(request, { signal }) {
      // No automatic retry of a question: the citizen sees at once what went wrong (rate limited: retry in 30 s …)
      // and a retry button, instead of a silent wait.
      const stream = await connection.withSession((client) =>
        client.assistant.chat({ ...request, stream: true }, { signal, maxRetries: 0 }),
      );
      yield* stream;
    },
  };
}
