import { css } from 'lit';

/**
 * The panel's styles: adopted stylesheets (no `<style>` element, no inline style), so they work under
 * `style-src 'self'`. Every colour comes from a `--kepu-*` custom property with a light and a dark default.
 */
export const panelStyles = css`
  :host {
    --_accent: var(--kepu-color-accent, #0b57d0);
    --_on-accent: var(--kepu-color-on-accent, #ffffff);
    --_bg: var(--kepu-color-background, #ffffff);
    --_surface: var(--kepu-color-surface, #f3f5f9);
    --_text: var(--kepu-color-text, #1b1c1f);
    --_muted: var(--kepu-color-muted, #4f5560);
    --_border: var(--kepu-color-border, #c9ced8);
    --_user: var(--kepu-color-user-bubble, #dde7fb);
    --_focus: var(--kepu-color-focus, #0b57d0);
    --_radius: var(--kepu-radius, 12px);
    --_false: #b3261e;
    --_misleading: #a04100;
    --_mixed: #7a5900;
    --_unproven: #4f5560;
    --_true: #146c2e;
    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    height: 100%;
    min-height: 0;
    color: var(--_text);
    background: var(--_bg);
    font-family: var(--kepu-font-family, system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif);
    font-size: var(--kepu-font-size, 15px);
    line-height: 1.6;
    border-radius: var(--_radius);
    overflow: hidden;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--kepu-color-accent, #a8c7fa);
      --_on-accent: var(--kepu-color-on-accent, #062e6f);
      --_bg: var(--kepu-color-background, #17191d);
      --_surface: var(--kepu-color-surface, #23262c);
      --_text: var(--kepu-color-text, #e6e8ec);
      --_muted: var(--kepu-color-muted, #b4b9c2);
      --_border: var(--kepu-color-border, #474c56);
      --_user: var(--kepu-color-user-bubble, #26365a);
      --_focus: var(--kepu-color-focus, #a8c7fa);
      --_false: #ffb4ab;
      --_misleading: #ffb77c;
      --_mixed: #e9c349;
      --_unproven: #c4c7cf;
      --_true: #7dd99a;
    }
    .badge {
      color: #17191d;
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .panel {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
  }
  .icon {
    width: 1.1rem;
    height: 1.1rem;
    fill: currentColor;
    vertical-align: middle;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border-radius: 999px;
    border: 1px solid var(--_border);
    background: var(--_bg);
    padding: 0.25rem 0.75rem;
    min-height: 2.25rem;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  a {
    color: var(--_accent);
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.75rem 1rem;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  header .titles {
    flex: 1;
    min-width: 0;
  }
  header h2 {
    margin: 0;
    font-size: 1.05rem;
    line-height: 1.3;
  }
  header p {
    margin: 0;
    font-size: 0.8rem;
    opacity: 0.9;
  }
  header button {
    background: transparent;
    color: inherit;
    border-color: currentColor;
  }
  header button:focus-visible {
    outline-color: var(--_on-accent);
  }
  .log {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 1rem;
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    overscroll-behavior: contain;
  }
  .turn {
    max-width: 100%;
  }
  .turn.user {
    align-self: flex-end;
    max-width: 85%;
    background: var(--_user);
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius) var(--_radius) 4px var(--_radius);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .turn.assistant {
    align-self: stretch;
    overflow-wrap: anywhere;
  }
  .answer > :first-child {
    margin-top: 0;
  }
  .answer p,
  .answer ul,
  .answer ol,
  .answer blockquote,
  .answer pre {
    margin: 0 0 0.5rem;
  }
  .answer ul,
  .answer ol {
    padding-left: 1.25rem;
  }
  .answer blockquote {
    border-left: 3px solid var(--_border);
    padding-left: 0.75rem;
    color: var(--_muted);
  }
  .answer pre {
    overflow-x: auto;
    background: var(--_surface);
    padding: 0.5rem;
    border-radius: 6px;
  }
  .answer code {
    font-family: ui-monospace, monospace;
    font-size: 0.9em;
  }
  .cite {
    font-size: 0.75em;
    vertical-align: super;
    line-height: 0;
    text-decoration: none;
    padding: 0 0.1em;
  }
  .sources {
    margin: 0.25rem 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .status {
    color: var(--_muted);
    font-size: 0.9rem;
  }
  .error {
    border: 1px solid var(--_false);
    border-radius: 8px;
    padding: 0.5rem 0.75rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .error p {
    margin: 0;
    flex: 1 1 12rem;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    margin: 0.25rem 0 0;
    padding: 0;
    list-style: none;
  }
  .chips button {
    text-align: start;
    border-color: var(--_accent);
    color: var(--_accent);
    font-size: 0.9rem;
  }
  .intro {
    color: var(--_muted);
  }
  .intro h3 {
    margin: 0 0 0.25rem;
    font-size: 0.9rem;
    font-weight: 600;
  }
  .feedback {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
    margin-top: 0.4rem;
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .feedback button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  .feedback form {
    display: flex;
    gap: 0.4rem;
    flex: 1 1 100%;
  }
  .feedback input {
    flex: 1;
    min-width: 0;
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 0.25rem 0.5rem;
    background: var(--_bg);
  }
  .card {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem;
    margin-top: 0.5rem;
    background: var(--_surface);
  }
  .card h3 {
    margin: 0 0 0.25rem;
    font-size: 1rem;
    line-height: 1.4;
  }
  .card dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.1rem 0.75rem;
    margin: 0.25rem 0;
    font-size: 0.9rem;
  }
  .card dt {
    color: var(--_muted);
  }
  .card dd {
    margin: 0;
  }
  .card .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.5rem;
    align-items: center;
  }
  .card p {
    margin: 0.25rem 0;
  }
  .badge {
    display: inline-block;
    padding: 0.1rem 0.6rem;
    border-radius: 999px;
    font-weight: 700;
    font-size: 0.85rem;
    color: #ffffff;
    background: var(--_unproven);
  }
  .badge.false {
    background: var(--_false);
  }
  .badge.misleading {
    background: var(--_misleading);
  }
  .badge.mixed {
    background: var(--_mixed);
  }
  .badge.true {
    background: var(--_true);
  }
  .register {
    display: grid;
    gap: 0.4rem;
    margin-top: 0.5rem;
  }
  .register label {
    display: grid;
    gap: 0.1rem;
    font-size: 0.9rem;
  }
  .register input {
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 0.35rem 0.5rem;
    background: var(--_bg);
  }
  .register input[aria-invalid='true'] {
    border-color: var(--_false);
  }
  .hint,
  .field-error {
    font-size: 0.8rem;
    color: var(--_muted);
  }
  .field-error,
  .form-error {
    color: var(--_false);
  }
  .success {
    color: var(--_true);
    font-weight: 600;
  }
  form.composer {
    display: flex;
    gap: 0.5rem;
    align-items: flex-end;
    padding: 0.75rem;
    border-top: 1px solid var(--_border);
    background: var(--_bg);
  }
  form.composer textarea {
    flex: 1;
    resize: none;
    min-height: 2.5rem;
    max-height: 8rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
  }
  form.composer button {
    min-height: 2.5rem;
  }
  .typing::after {
    content: '▍';
    animation: blink 1s steps(2, start) infinite;
  }
  @keyframes blink {
    to {
      visibility: hidden;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .typing::after {
      animation: none;
    }
    .log {
      scroll-behavior: auto;
    }
  }
`;
