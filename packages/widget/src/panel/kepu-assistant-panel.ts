import type { Card, ChatRequest } from '@kepu/sdk/schema';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { type CardAction, type CardContext, type EventCard, renderCard } from '../cards/render-cards.js';
import { ChatController } from '../chat/chat-controller.js';
import { sdkTransport, WidgetConnection } from '../chat/sdk-transport.js';
import type { AssistantTurn, ChatFailure, Turn } from '../chat/turns.js';
import { format, loadLocale, resolveLang, stringsFor, type WidgetStrings } from '../i18n/strings.js';
import { safeUrl } from '../markdown/parse-markdown.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import { panelStyles } from '../panel-styles.js';
import { ConversationStore } from '../storage/conversation-store.js';
import { type RegistrationState, renderRegistration, submitRegistration } from './registration-form.js';

/** Detail of `kepu-message`: a question sent, or an answer settled (done, stopped or failed). */
export interface KepuMessageDetail {
  role: 'user' | 'assistant';
  text: string;
  status?: AssistantTurn['status'];
  cards?: Card[];
  messageId?: string;
  conversationId?: string;
}

/** Detail of `kepu-card-action`; cancel `register` to run your own registration flow instead of the inline form. */
export interface KepuCardActionDetail {
  action: CardAction;
  card: Card;
  url?: string;
}

/**
 * The full assistant: conversation log, composer and cards. Loaded by `<kepu-assistant>` on first open and placed
 * in its shadow root; events bubble out of it composed, so the page sees them on `<kepu-assistant>`.
 *
 * @fires kepu-message - A question was sent or an answer settled. Detail: `KepuMessageDetail`.
 * @fires kepu-card-action - A card control was used (register, open a link, map). Cancelable for `register`.
 * @fires kepu-request-close - The user asked to close the panel (close button, Escape).
 * @csspart panel - the whole panel
 * @csspart header - the title bar
 * @csspart log - the conversation (`role="log"`)
 * @csspart message - every message; plus `message-user` / `message-assistant`
 * @csspart card - every card; plus `card-rumour`, `card-event`, `card-place`, `card-opportunity`
 * @csspart badge - the rumour verdict badge
 * @csspart chip - suggested questions and follow-ups
 * @csspart composer - the question form
 * @csspart input - the question field
 * @csspart button - every button; plus `send-button`, `stop-button`, `close-button`, `new-button`, `register-button`
 */
export class KepuAssistantPanel extends LitElement {
  static override styles = panelStyles;
  static override properties = {
    apiBase: { attribute: 'api-base' },
    publishableKey: { attribute: 'publishable-key' },
    lang: {},
    mode: {},
    timeZone: { attribute: 'time-zone' },
    context: { attribute: false },
    ephemeral: { type: Boolean },
    _announcement: { state: true },
    _feedbackFor: { state: true },
    _registrations: { state: true },
    _suggestions: { state: true },
  };

  declare apiBase: string;
  declare publishableKey: string | null;
  declare lang: string;
  declare mode: 'launcher' | 'inline';
  declare timeZone: string;
  declare context: ChatRequest['context'];
  declare ephemeral: boolean;
  declare _announcement: string;
  declare _feedbackFor: string | undefined;
  declare _registrations: ReadonlyMap<string, RegistrationState>;
  /** Questions from the server (`GET /v1/assistant/suggestions`); the locale's defaults until they arrive. */
  declare _suggestions: readonly string[] | undefined;

  readonly #chat: ChatController;
  #connection: WidgetConnection | undefined;
  #store: ConversationStore | undefined;

  constructor() {
    super();
    this.apiBase = '';
    this.publishableKey = null;
    this.lang = 'zh-CN';
    this.mode = 'launcher';
    this.timeZone = 'Asia/Shanghai';
    this.context = undefined;
    this.ephemeral = false;
    this._announcement = '';
    this._feedbackFor = undefined;
    this._registrations = new Map();
    this._suggestions = undefined;
    this.#chat = new ChatController(this, {
      transport: () => sdkTransport(this.#kepu()),
      context: () => ({ ...this.context, lang: resolveLang(this.lang) === 'en' ? 'en' : 'zh-CN' }),
      onSettled: (turn) => this.#settled(turn),
    });
  }

  get #strings(): WidgetStrings {
    return stringsFor(this.lang);
  }

  #kepu(): WidgetConnection {
    this.#connection ??= new WidgetConnection({ apiBase: this.apiBase, publishableKey: this.publishableKey });
    return this.#connection;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) void loadLocale(this.lang).then(() => this.requestUpdate());
    if (changed.has('apiBase') || changed.has('publishableKey')) this.#connection = undefined;
    if (changed.has('apiBase') || changed.has('publishableKey') || changed.has('ephemeral')) {
      this.#store =
        this.ephemeral || !this.publishableKey
          ? undefined
          : new ConversationStore(location.origin, this.publishableKey);
      const saved = this.#store?.load();
      if (saved && this.#chat.turns.length === 0) this.#chat.restore(saved.turns, saved.conversationId);
    }
  }

  protected override firstUpdated(): void {
    this.#loadSuggestions();
  }

  #loadSuggestions(): void {
    this.#kepu()
      .anonymous.assistant.suggestions({ limit: 4 })
      .then(
        (list) => {
          const texts = list.data.map((s) => s.text).filter((t) => t.trim().length > 0);
          if (texts.length > 0) this._suggestions = texts;
        },
        () => {
          // Offline or not allowed: the built-in examples stay; asking will show the real error.
        },
      );
  }

  protected override updated(): void {
    const log = this.renderRoot.querySelector('.log');
    // Follow the answer as it streams, unless the reader scrolled up to read something earlier.
    if (log && log.scrollHeight - log.scrollTop - log.clientHeight < 120) log.scrollTop = log.scrollHeight;
  }

  /** Asks a question as if typed. */
  ask(text: string): void {
    this.#chat.send(text);
    const sent = this.#chat.turns.findLast((t) => t.role === 'user');
    if (sent) this.#emitMessage({ role: 'user', text: sent.text });
  }

  /** Forgets the conversation, here and in storage. */
  reset(): void {
    this.#chat.reset();
    this.#store?.clear();
    this._registrations = new Map();
    this._announcement = this.#strings.cleared;
  }

  focusInput(): void {
    this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }

  #settled(turn: AssistantTurn): void {
    this.#persist();
    if (turn.status === 'done') {
      this._announcement = `${this.#strings.answerReady} ${plainText(turn.text)}`;
    } else if (turn.status === 'error' && turn.error) {
      this._announcement = failureMessage(turn.error, this.#strings);
    }
    this.#emitMessage({
      role: 'assistant',
      text: turn.text,
      status: turn.status,
      cards: turn.cards,
      ...(turn.messageId ? { messageId: turn.messageId } : {}),
      ...(this.#chat.conversationId ? { conversationId: this.#chat.conversationId } : {}),
    });
  }

  #persist(): void {
    this.#store?.save({ conversationId: this.#chat.conversationId, turns: this.#chat.turns });
  }

  #emitMessage(detail: KepuMessageDetail): void {
    this.dispatchEvent(new CustomEvent('kepu-message', { detail, bubbles: true, composed: true }));
  }

  #cardAction(action: CardAction, card: Card, url?: string): void {
    const detail: KepuCardActionDetail = { action, card, ...(url ? { url } : {}) };
    const event = new CustomEvent('kepu-card-action', {
      detail,
      bubbles: true,
      composed: true,
      cancelable: action === 'register',
    });
    const proceed = this.dispatchEvent(event);
    if (action === 'register' && proceed && card.type === 'event') {
      this.#setRegistration(card, { phase: 'form', errors: {} });
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLInputElement>(`form[data-key="${registrationKey(card)}"] input`)?.focus(),
      );
    }
  }

  /** Replaces a card in the answer that holds it (e.g. fewer seats after registering) and keeps it stored. */
  #updateCard(card: Card, next: Card): void {
    const turn = this.#chat.turns.find((t) => t.role === 'assistant' && t.cards.includes(card));
    if (turn?.role !== 'assistant') return;
    this.#chat.update(turn.id, { cards: turn.cards.map((c) => (c === card ? next : c)) });
    this.#persist();
  }

  #setRegistration(card: EventCard, state: RegistrationState | undefined): void {
    const next = new Map(this._registrations);
    if (state) next.set(registrationKey(card), state);
    else next.delete(registrationKey(card));
    this._registrations = next;
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const field = form.elements.namedItem('question') as HTMLTextAreaElement;
    if (this.#chat.streaming) return;
    const text = field.value;
    if (!text.trim()) return;
    field.value = '';
    this.ask(text);
  }

  #onKeydown(event: KeyboardEvent): void {
    // Enter sends, Shift+Enter is a new line; never while an IME is composing (拼音 candidates use Enter).
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  }

  #onPanelKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.mode === 'launcher') {
      event.stopPropagation();
      this.dispatchEvent(new CustomEvent('kepu-request-close', { bubbles: true, composed: true }));
    }
  }

  #sendFeedback(turn: AssistantTurn, rating: 'up' | 'down', reason?: string): void {
    this.#chat.update(turn.id, { feedback: rating });
    this._feedbackFor = rating === 'down' && reason === undefined ? turn.id : undefined;
    this.#persist();
    const { messageId } = turn;
    if (!messageId) return;
    const body = reason ? { rating, reason } : { rating };
    this.#kepu()
      .withSession((client) => client.assistant.feedback(messageId, body))
      .then(
        () => {
          if (rating === 'up' || reason !== undefined) this._announcement = this.#strings.feedbackThanks;
        },
        () => {
          // Feedback is best effort: the answer stays usable, and the next rating tries again.
        },
      );
  }

  override render() {
    const s = this.#strings;
    const turns = this.#chat.turns;
    const streaming = this.#chat.streaming;
    return html`<section
      class="panel"
      part="panel"
      role=${this.mode === 'launcher' ? 'dialog' : 'region'}
      aria-labelledby="kepu-title"
      lang=${resolveLang(this.lang)}
      @keydown=${this.#onPanelKeydown}
    >
      <header part="header">
        <div class="titles">
          <h2 id="kepu-title">${s.title}</h2>
          <p>${s.subtitle}</p>
        </div>
        ${
          turns.length > 0
            ? html`<button type="button" part="button new-button" @click=${() => this.reset()}>
                ${s.newConversation}
              </button>`
            : nothing
        }
        ${
          this.mode === 'launcher'
            ? html`<button
                type="button"
                part="button close-button"
                aria-label=${s.close}
                @click=${() => this.dispatchEvent(new CustomEvent('kepu-request-close', { bubbles: true, composed: true }))}
              >
                ✕
              </button>`
            : nothing
        }
      </header>
      <div
        class="log"
        part="log"
        role="log"
        aria-live="polite"
        aria-busy=${streaming ? 'true' : 'false'}
        aria-label=${s.conversationLabel}
        tabindex="0"
      >
        ${turns.length === 0 ? this.#renderIntro(s) : turns.map((turn, i) => this.#renderTurn(turn, i === turns.length - 1, s))}
      </div>
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this._announcement}</div>
      <form class="composer" part="composer" @submit=${this.#onSubmit}>
        <label class="sr-only" for="kepu-input">${s.inputLabel}</label>
        <textarea
          id="kepu-input"
          name="question"
          part="input"
          rows="1"
          maxlength="2000"
          enterkeyhint="send"
          placeholder=${s.inputPlaceholder}
          @keydown=${this.#onKeydown}
        ></textarea>
        ${
          streaming
            ? html`<button type="button" part="button stop-button" @click=${() => this.#chat.stop()}>${s.stop}</button>`
            : html`<button type="submit" class="primary" part="button send-button">${s.send}</button>`
        }
      </form>
    </section>`;
  }

  #renderIntro(s: WidgetStrings): TemplateResult {
    return html`<div class="intro">
      <h3 id="kepu-suggestions">${s.suggestionsLabel}</h3>
      ${this.#renderChips(this._suggestions ?? s.suggestions, 'kepu-suggestions')}
    </div>`;
  }

  #renderChips(questions: readonly string[], labelledBy: string): TemplateResult | typeof nothing {
    if (questions.length === 0) return nothing;
    return html`<ul class="chips" aria-labelledby=${labelledBy}>
      ${questions.map(
        (q) => html`<li>
          <button type="button" part="button chip" ?disabled=${this.#chat.streaming} @click=${() => this.ask(q)}>
            ${q}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  #renderTurn(turn: Turn, last: boolean, s: WidgetStrings): TemplateResult {
    if (turn.role === 'user') {
      // One line: the bubble keeps the question's own line breaks (pre-wrap), so no template whitespace inside.
      return html`<div class="turn user" part="message message-user"><span class="sr-only">${s.messageFromYou}${s.colon}</span>${turn.text}</div>`;
    }
    const citations = new Map(turn.citations.map((c) => [c.n, c]));
    const cardContext: CardContext = {
      strings: s,
      lang: resolveLang(this.lang),
      timeZone: this.timeZone,
      onAction: (action, card, url) => this.#cardAction(action, card, url),
      registration: (card) => this.#renderRegistration(card),
      registering: (card) => this._registrations.has(registrationKey(card)),
    };
    const typing = turn.status === 'pending' || turn.status === 'streaming';
    return html`<article class="turn assistant" part="message message-assistant" aria-busy=${typing ? 'true' : 'false'}>
      <span class="sr-only">${s.messageFromAssistant}${s.colon}</span>
      ${turn.status === 'pending' ? html`<p class="status typing">${s.thinking}</p>` : nothing}
      <div class="answer ${turn.status === 'streaming' ? 'typing' : ''}">
        ${renderMarkdown(turn.text, {
          citation: (n) => {
            const c = citations.get(n);
            const href = c?.url ? safeUrl(c.url) : undefined;
            const label = c ? `${format(s.citation, { n })}${s.colon}${c.title}` : format(s.citation, { n });
            return href
              ? html`<a class="cite" href=${href} target="_blank" rel="noopener noreferrer" aria-label=${label} title=${label}
                  >[${n}]</a
                >`
              : html`<span class="cite" title=${label}>[${n}]</span>`;
          },
        })}
      </div>
      ${turn.cards.map((card) => renderCard(card, cardContext))}
      ${turn.citations.length > 0 ? this.#renderSources(turn, s) : nothing}
      ${turn.status === 'stopped' ? html`<p class="status">${s.stopped}</p>` : nothing}
      ${turn.status === 'error' && turn.error ? this.#renderError(turn.error, last, s) : nothing}
      ${turn.status === 'done' && turn.messageId ? this.#renderFeedback(turn, s) : nothing}
      ${
        last && turn.status === 'done' && turn.followUps.length > 0
          ? html`<p class="sr-only" id="kepu-followups">${s.followUpsLabel}</p>
              ${this.#renderChips(turn.followUps, 'kepu-followups')}`
          : nothing
      }
    </article>`;
  }

  #renderSources(turn: AssistantTurn, s: WidgetStrings): TemplateResult {
    const sorted = [...turn.citations].sort((a, b) => a.n - b.n);
    return html`<ol class="sources" aria-label=${s.sourcesLabel}>
      ${sorted.map((c) => {
        const href = safeUrl(c.url);
        return html`<li>
          [${c.n}]
          ${href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${c.title}</a>` : c.title}
        </li>`;
      })}
    </ol>`;
  }

  #renderError(failure: ChatFailure, last: boolean, s: WidgetStrings): TemplateResult {
    return html`<div class="error" role="alert">
      <p>${failureMessage(failure, s)}</p>
      ${
        last && failure.kind !== 'unauthorized'
          ? html`<button type="button" part="button retry-button" @click=${() => this.#chat.retry()}>${s.retry}</button>`
          : nothing
      }
    </div>`;
  }

  #renderFeedback(turn: AssistantTurn, s: WidgetStrings): TemplateResult {
    const askingReason = this._feedbackFor === turn.id;
    return html`<div class="feedback">
      <button
        type="button"
        part="button feedback-button"
        aria-pressed=${turn.feedback === 'up' ? 'true' : 'false'}
        aria-label=${s.helpful}
        title=${s.helpful}
        @click=${() => this.#sendFeedback(turn, 'up')}
      >
        ${thumbIcon(false)}
      </button>
      <button
        type="button"
        part="button feedback-button"
        aria-pressed=${turn.feedback === 'down' ? 'true' : 'false'}
        aria-label=${s.notHelpful}
        title=${s.notHelpful}
        @click=${() => this.#sendFeedback(turn, 'down')}
      >
        ${thumbIcon(true)}
      </button>
      ${
        askingReason
          ? html`<form
              @submit=${(e: SubmitEvent) => {
                e.preventDefault();
                const input = (e.target as HTMLFormElement).elements.namedItem('reason') as HTMLInputElement;
                this.#sendFeedback(turn, 'down', input.value.trim().slice(0, 500));
              }}
            >
              <label class="sr-only" for="kepu-reason-${turn.id}">${s.feedbackReasonLabel}</label>
              <input id="kepu-reason-${turn.id}" name="reason" maxlength="500" placeholder=${s.feedbackReasonLabel} />
              <button type="submit" part="button">${s.feedbackSubmit}</button>
            </form>`
          : nothing
      }
    </div>`;
  }

  #renderRegistration(card: EventCard): TemplateResult | typeof nothing {
    const state = this._registrations.get(registrationKey(card));
    if (!state) return nothing;
    return renderRegistration(card, state, {
      strings: this.#strings,
      key: registrationKey(card),
      cancel: () => this.#setRegistration(card, undefined),
      invalid: (values, errors) => {
        this.#setRegistration(card, { phase: 'form', errors, values });
        // Focus the first field to fix once the messages are rendered (WCAG 3.3.1).
        void this.updateComplete.then(() =>
          this.renderRoot
            .querySelector<HTMLInputElement>(`form[data-key="${registrationKey(card)}"] [aria-invalid="true"]`)
            ?.focus(),
        );
      },
      submit: (values) => {
        this.#setRegistration(card, { phase: 'submitting', errors: {}, values });
        void submitRegistration(this.#kepu(), card, values).then((next) => {
          this.#setRegistration(card, next);
          if (next.phase === 'done' && next.seats > 0 && card.seatsLeft !== null) {
            this.#updateCard(card, { ...card, seatsLeft: Math.max(0, card.seatsLeft - next.seats) });
          }
        });
      },
    });
  }
}

/** Thumb icons as SVG (emoji fonts are missing on many systems and read inconsistently by screen readers). */
function thumbIcon(down: boolean) {
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path transform=${down ? 'rotate(180 12 12)' : ''} d="M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z"/></svg>`;
}

function registrationKey(card: EventCard): string {
  return `${card.id}:${card.occurrenceId}`.replace(/[^\w:-]/g, '_');
}

/** Markdown markers out, for the screen-reader announcement. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\[(\d{1,3})\]/g, '')
    .replace(/[*`#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 600);
}

export function failureMessage(failure: ChatFailure, s: WidgetStrings): string {
  switch (failure.kind) {
    case 'offline':
      return s.errorOffline;
    case 'rate_limited':
      return failure.retryAfterSeconds !== undefined
        ? format(s.errorRateLimited, { seconds: failure.retryAfterSeconds })
        : s.errorRateLimitedNoTime;
    case 'unauthorized':
      return s.errorUnauthorized;
    case 'bad_request':
      return s.errorBadRequest;
    case 'server':
      return failure.requestId ? `${s.errorServer}（${failure.requestId}）` : s.errorServer;
  }
}

export { loadLocale };

customElements.get('kepu-assistant-panel') ?? customElements.define('kepu-assistant-panel', KepuAssistantPanel);

declare global {
  interface HTMLElementTagNameMap {
    'kepu-assistant-panel': KepuAssistantPanel;
  }
}
