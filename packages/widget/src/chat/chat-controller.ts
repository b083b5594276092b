import type { ChatMessage, ChatRequest, ChatStreamEvent } from '@kepu/sdk/schema';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toFailure } from './failure.js';
import { type AssistantTurn, localId, type Turn } from './turns.js';

/** How the controller reaches the assistant: the SDK's streaming chat, narrowed to what the widget uses. */
export interface ChatTransport {
  chat(request: ChatRequest, options: { signal: AbortSignal }): AsyncIterable<ChatStreamEvent>;
}

export interface ChatControllerOptions {
  transport: () => ChatTransport;
  context: () => ChatRequest['context'];
  /** Called when an answer settles (done, stopped or failed): persist, announce, fire `kepu-message`. */
  onSettled?: (turn: AssistantTurn) => void;
}

const MAX_HISTORY = 20; // ChatRequest allows 20 messages
const MAX_CONTENT = 2000;

/**
 * The streaming conversation, shaped like `@lit/task`: one `AbortController` per run, so a new question, `stop()`,
 * `reset()` or the element leaving the page cancels the request in flight. The host re-renders on every change.
 */
export class ChatController implements ReactiveController {
  turns: Turn[] = [];
  conversationId: string | undefined;
  #abort: AbortController | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #options: ChatControllerOptions;

  constructor(host: ReactiveControllerHost, options: ChatControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get streaming(): boolean {
    return this.#abort !== undefined;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }

  /** Asks `text` (trimmed; empty is ignored) and streams the answer. */
  send(text: string): void {
    const content = text.trim().slice(0, MAX_CONTENT);
    if (!content) return;
    this.stop();
    this.turns = [...this.turns, { role: 'user', id: localId('u'), text: content }];
    void this.#run();
  }

  /** Asks the last question again after a failed or stopped answer. */
  retry(): void {
    const last = this.turns.at(-1);
    if (last?.role !== 'assistant' || last.status === 'streaming' || last.status === 'pending') return;
    this.turns = this.turns.slice(0, -1);
    void this.#run();
  }

  stop(): void {
    this.#abort?.abort();
  }

  /** Forgets the conversation (a new one starts with the next question). */
  reset(): void {
    this.stop();
    this.turns = [];
    this.conversationId = undefined;
    this.#host.requestUpdate();
  }

  /** Restores a saved conversation; an answer that was streaming when saved counts as stopped. */
  restore(turns: Turn[], conversationId: string | undefined): void {
    this.turns = turns.map((t) =>
      t.role === 'assistant' && (t.status === 'streaming' || t.status === 'pending') ? { ...t, status: 'stopped' } : t,
    );
    this.conversationId = conversationId;
    this.#host.requestUpdate();
  }

  update(id: string, patch: Partial<AssistantTurn>): void {
    this.turns = this.turns.map((t) => (t.id === id && t.role === 'assistant' ? { ...t, ...patch } : t));
    this.#host.requestUpdate();
  }

  async #run(): Promise<void> {
    const abort = new AbortController();
    this.#abort = abort;
    const request: ChatRequest = { messages: historyOf(this.turns), stream: true };
    if (this.conversationId) request.conversationId = this.conversationId;
    const context = this.#options.context();
    if (context && Object.keys(context).length > 0) request.context = context;

    let turn: AssistantTurn = {
      role: 'assistant',
      id: localId('a'),
      status: 'pending',
      text: '',
      cards: [],
      citations: [],
      followUps: [],
    };
    // By id, not by position: a question asked meanwhile (host `ask()`) has appended turns after this one.
    const set = (patch: Partial<AssistantTurn>) => {
      turn = { ...turn, ...patch };
      this.turns = this.turns.map((t) => (t.id === turn.id ? turn : t));
      this.#host.requestUpdate();
    };
    this.turns = [...this.turns, turn];
    this.#host.requestUpdate();

    try {
      for await (const event of this.#options.transport().chat(request, { signal: abort.signal })) {
        if (abort.signal.aborted) break;
        switch (event.event) {
          case 'meta':
            this.conversationId = event.data.conversationId;
            set({ status: 'streaming', messageId: event.data.messageId, intent: event.data.intent });
            break;
          case 'delta':
            set({ status: 'streaming', text: turn.text + event.data.text });
            break;
          case 'card':
            set({ cards: [...turn.cards, event.data] });
            break;
          case 'citation':
            set({ citations: [...turn.citations.filter((c) => c.n !== event.data.n), event.data] });
            break;
          case 'done':
            set({ status: 'done', followUps: event.data.followUps });
            break;
          case 'error':
            set({ status: 'error', error: toFailure({ code: event.data.code }, true) });
            break;
        }
      }
      if (abort.signal.aborted) set({ status: 'stopped' });
      else if (turn.status === 'pending' || turn.status === 'streaming')
        set({ status: 'error', error: { kind: 'server' } });
    } catch (error) {
      if (abort.signal.aborted) set({ status: 'stopped' });
      else set({ status: 'error', error: toFailure(error, globalThis.navigator?.onLine ?? true) });
    } finally {
      if (this.#abort === abort) this.#abort = undefined;
      this.#host.requestUpdate();
      this.#options.onSettled?.(turn);
    }
  }
}

/** The last questions and answers the server may see: only finished text, ending with the user's question. */
function historyOf(turns: Turn[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const t of turns) {
    if (t.role === 'user') messages.push({ role: 'user', content: t.text });
    else if (t.text.trim() && (t.status === 'done' || t.status === 'stopped')) {
      messages.push({ role: 'assistant', content: t.text.slice(0, MAX_CONTENT) });
    }
  }
  // Two user messages in a row (a failed answer in between) are fine for the server; keep the newest window.
  return messages.slice(-MAX_HISTORY);
}
