import { parseContext } from './context.js';
import type { KepuAssistantPanel } from './panel/kepu-assistant-panel.js';

const ATTRIBUTES = ['api-base', 'publishable-key', 'mode', 'lang', 'context', 'ephemeral', 'time-zone'] as const;

// The launcher's own styles; the panel brings the rest when it loads. Adopted, so `style-src 'self'` allows them.
const LAUNCHER_CSS = `
:host{--_accent:var(--kepu-color-accent,#0b57d0);--_on-accent:var(--kepu-color-on-accent,#fff);display:block;font-family:var(--kepu-font-family,system-ui,sans-serif)}
:host([hidden]){display:none}
@media (prefers-color-scheme:dark){:host{--_accent:var(--kepu-color-accent,#a8c7fa);--_on-accent:var(--kepu-color-on-accent,#062e6f)}}
.launcher{position:fixed;right:var(--kepu-offset-x,20px);bottom:var(--kepu-offset-y,20px);z-index:var(--kepu-z-index,2147483000);display:flex;align-items:center;gap:.4rem;min-height:3.25rem;padding:0 1.1rem;border:0;border-radius:999px;background:var(--_accent);color:var(--_on-accent);font:inherit;font-size:1rem;font-weight:600;cursor:pointer;box-shadow:0 4px 16px rgb(0 0 0/.25)}
.launcher:focus-visible{outline:3px solid var(--_accent);outline-offset:3px}
.launcher svg{width:1.4rem;height:1.4rem;fill:currentColor}
.frame{display:block}
:host([mode=launcher]) .frame,:host(:not([mode])) .frame{position:fixed;right:var(--kepu-offset-x,20px);bottom:calc(var(--kepu-offset-y,20px) + 4.25rem);z-index:var(--kepu-z-index,2147483000);width:var(--kepu-panel-width,min(400px,calc(100vw - 40px)));height:var(--kepu-panel-height,min(640px,calc(100vh - 120px)));box-shadow:0 8px 32px rgb(0 0 0/.3);border-radius:var(--kepu-radius,12px)}
:host([mode=inline]) .frame{height:var(--kepu-inline-height,560px);border:1px solid var(--kepu-color-border,#c9ced8);border-radius:var(--kepu-radius,12px)}
.frame[hidden]{display:none}
@media (max-width:600px){:host([mode=launcher]) .frame,:host(:not([mode])) .frame{inset:0;width:100vw;width:100dvw;height:100vh;height:100dvh;border-radius:0}:host([open]:not([mode=inline])) .launcher{display:none}}
@media (prefers-reduced-motion:no-preference){.launcher{transition:transform .15s}.launcher:hover{transform:translateY(-2px)}}
`;

let sheet: CSSStyleSheet | undefined;

/** Strings the launcher needs before the full widget (and its locales) has loaded. */
const LAUNCHER_LABEL: Record<string, string> = { 'zh-CN': '科普助手', en: 'Ask science' };
const LOAD_FAILED: Record<string, string> = {
  'zh-CN': '助手加载失败，请检查网络后重试。',
  en: 'The assistant failed to load. Check your connection and retry.',
};

/**
 * `<kepu-assistant>`: the element partner pages embed. It is tiny on purpose — a launcher button — and loads the full
 * Lit widget (`kepu-assistant-panel`) on first open, or at once in `mode="inline"`.
 *
 * @attr api-base - Base URL of the Kepu API. Default: the origin the script was loaded from.
 * @attr publishable-key - The partner's `pk_…` key (allowed origins only; never a secret key).
 * @attr mode - `launcher` (default: floating button, panel on demand) or `inline` (the panel in the page flow).
 * @attr lang - `zh-CN` (default) or `en`; more with `defineLocale()`.
 * @attr context - JSON the page may set, e.g. `{"district":"南山区","age":9}`; sent with each question.
 * @attr ephemeral - Keep nothing in `localStorage` (by default the conversation survives a reload).
 * @attr time-zone - IANA zone for event times. Default `Asia/Shanghai`.
 * @attr open - Present while the panel is open (reflects state; set it to open).
 * @fires kepu-open - The panel opened.
 * @fires kepu-close - The panel closed.
 * @fires kepu-message - From the panel: a question sent or an answer settled.
 * @fires kepu-card-action - From the panel: a card control used; cancel `register` to handle it yourself.
 * @csspart launcher - the floating button
 * @cssprop --kepu-color-accent - brand colour (header, buttons, links)
 * @cssprop --kepu-z-index - stacking of the launcher and panel
 */
export class KepuAssistant extends HTMLElement {
  static observedAttributes = [...ATTRIBUTES, 'open'];

  #panel: KepuAssistantPanel | undefined;
  #loading: Promise<KepuAssistantPanel> | undefined;
  #launcher: HTMLButtonElement | undefined;
  #frame: HTMLDivElement | undefined;
  #syncingOpen = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    sheet ??= makeSheet();
    if (sheet) root.adoptedStyleSheets = [sheet];
    this.addEventListener('kepu-request-close', () => this.close({ returnFocus: true }));
  }

  connectedCallback(): void {
    this.#render();
    if (this.mode === 'inline' || this.hasAttribute('open')) void this.open({ focus: false });
  }

  attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
    if (previous === value) return;
    if (name === 'open') {
      if (this.#syncingOpen) return;
      if (value === null) this.close();
      else void this.open({ focus: false });
      return;
    }
    if (name === 'mode' && this.isConnected) {
      this.#render();
      if (this.mode === 'inline') void this.open({ focus: false });
    }
    if (this.#panel) this.#configure(this.#panel);
  }

  get mode(): 'launcher' | 'inline' {
    return this.getAttribute('mode') === 'inline' ? 'inline' : 'launcher';
  }

  get isOpen(): boolean {
    return this.hasAttribute('open');
  }

  /** Opens the panel (loading the widget the first time) and moves focus to the question field. */
  async open(options: { focus?: boolean } = {}): Promise<void> {
    const panel = await this.#load();
    const wasOpen = this.isOpen;
    this.#setOpen(true);
    if (this.#frame) this.#frame.hidden = false;
    this.#launcher?.setAttribute('aria-expanded', 'true');
    if (options.focus !== false) {
      await panel.updateComplete;
      panel.focusInput();
    }
    if (!wasOpen) this.dispatchEvent(new CustomEvent('kepu-open', { bubbles: true, composed: true }));
  }

  /** Closes the panel (launcher mode; inline stays visible) and returns focus to the launcher when asked to. */
  close(options: { returnFocus?: boolean } = {}): void {
    if (this.mode === 'inline' || !this.isOpen) return;
    this.#setOpen(false);
    if (this.#frame) this.#frame.hidden = true;
    this.#launcher?.setAttribute('aria-expanded', 'false');
    if (options.returnFocus) this.#launcher?.focus();
    this.dispatchEvent(new CustomEvent('kepu-close', { bubbles: true, composed: true }));
  }

  /** Opens the panel and asks `text` as if the user had typed it. */
  async ask(text: string): Promise<void> {
    await this.open({ focus: false });
    this.#panel?.ask(text);
  }

  /** Starts a new conversation and forgets the stored one. */
  async reset(): Promise<void> {
    (await this.#load()).reset();
  }

  #setOpen(open: boolean): void {
    this.#syncingOpen = true;
    this.toggleAttribute('open', open);
    this.#syncingOpen = false;
  }

  #render(): void {
    const root = this.shadowRoot;
    if (!root) return;
    if (!this.#frame) {
      this.#frame = document.createElement('div');
      this.#frame.className = 'frame';
      this.#frame.hidden = true;
      root.append(this.#frame);
    }
    if (this.mode === 'launcher' && !this.#launcher) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'launcher';
      button.setAttribute('part', 'launcher');
      button.setAttribute('aria-expanded', 'false');
      button.setAttribute('aria-haspopup', 'dialog');
      const label = document.createElement('span');
      const lang = (this.getAttribute('lang') ?? document.documentElement.lang).startsWith('en') ? 'en' : 'zh-CN';
      label.textContent = LAUNCHER_LABEL[lang] ?? '';
      button.append(chatIcon(), label);
      button.addEventListener('click', () => (this.isOpen ? this.close() : void this.open()));
      root.prepend(button);
      this.#launcher = button;
    } else if (this.mode === 'inline' && this.#launcher) {
      this.#launcher.remove();
      this.#launcher = undefined;
    }
  }

  #load(): Promise<KepuAssistantPanel> {
    this.#loading ??= import('./panel/kepu-assistant-panel.js').then(
      async (panelModule) => {
        await panelModule.loadLocale(this.getAttribute('lang') ?? document.documentElement.lang).catch(() => {
          // The locale chunk failed to load: the panel shows zh-CN rather than nothing.
        });
        const panel = document.createElement('kepu-assistant-panel');
        panel.setAttribute('exportparts', PANEL_PARTS);
        this.#configure(panel);
        this.#frame?.append(panel);
        this.#panel = panel;
        return panel;
      },
      (error: unknown) => {
        this.#loading = undefined; // a later open tries again
        this.#showLoadError();
        throw error;
      },
    );
    return this.#loading;
  }

  #showLoadError(): void {
    if (!this.#frame) return;
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    const lang = (this.getAttribute('lang') ?? document.documentElement.lang).startsWith('en') ? 'en' : 'zh-CN';
    message.textContent = LOAD_FAILED[lang] ?? '';
    this.#frame.replaceChildren(message);
    this.#frame.hidden = false;
  }

  #configure(panel: KepuAssistantPanel): void {
    panel.apiBase = this.getAttribute('api-base') ?? defaultApiBase();
    panel.publishableKey = this.getAttribute('publishable-key');
    panel.lang = this.getAttribute('lang') ?? document.documentElement.lang ?? 'zh-CN';
    panel.mode = this.mode;
    panel.ephemeral = this.hasAttribute('ephemeral');
    panel.timeZone = this.getAttribute('time-zone') ?? 'Asia/Shanghai';
    panel.context = parseContext(this.getAttribute('context'));
  }
}

const PANEL_PARTS = [
  'panel',
  'header',
  'log',
  'message',
  'message-user',
  'message-assistant',
  'card',
  'card-rumour',
  'card-event',
  'card-place',
  'card-opportunity',
  'badge',
  'chip',
  'composer',
  'input',
  'button',
  'send-button',
  'stop-button',
  'close-button',
  'new-button',
  'register-button',
  'retry-button',
  'feedback-button',
].join(', ');

function chatIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  svg.append(path);
  return svg;
}

function makeSheet(): CSSStyleSheet | undefined {
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(LAUNCHER_CSS);
    return s;
  } catch {
    return undefined; // very old browsers: unstyled but working
  }
}

/** The API is, unless told otherwise, where this script came from (the server serves both). */
function defaultApiBase(): string {
  return new URL(/* @vite-ignore */ import.meta.url).origin;
}

declare global {
  interface HTMLElementTagNameMap {
    'kepu-assistant': KepuAssistant;
  }
}
