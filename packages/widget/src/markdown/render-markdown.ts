import { html, nothing, type TemplateResult } from 'lit';
import { type Block, type Inline, parseMarkdown, safeUrl } from './parse-markdown.js';

export interface RenderMarkdownOptions {
  /** Renders a `[n]` marker; by default it stays plain text. */
  citation?: (n: number) => TemplateResult | string;
}

/**
 * Markdown to Lit templates. Text only ever reaches the DOM through Lit's text bindings and `href` only through
 * `safeUrl()`, so no HTML from an answer is ever parsed by the browser.
 */
export function renderMarkdown(source: string, options: RenderMarkdownOptions = {}): TemplateResult[] {
  return parseMarkdown(source).map((block) => renderBlock(block, options));
}

function renderBlock(block: Block, options: RenderMarkdownOptions): TemplateResult {
  switch (block.type) {
    case 'paragraph':
      return html`<p>${renderInlines(block.children, options)}</p>`;
    case 'heading':
      // Answers sit inside a chat log: their headings are visual emphasis, not document outline.
      return html`<p class="md-heading md-h${block.level}"><strong>${renderInlines(block.children, options)}</strong></p>`;
    case 'list':
      return block.ordered
        ? html`<ol>${block.items.map((item) => html`<li>${renderInlines(item, options)}</li>`)}</ol>`
        : html`<ul>${block.items.map((item) => html`<li>${renderInlines(item, options)}</li>`)}</ul>`;
    case 'quote':
      return html`<blockquote>${renderInlines(block.children, options)}</blockquote>`;
    case 'code':
      return html`<pre><code>${block.text}</code></pre>`;
  }
}

function renderInlines(inlines: Inline[], options: RenderMarkdownOptions): unknown[] {
  return inlines.map((inline) => renderInline(inline, options));
}

function renderInline(inline: Inline, options: RenderMarkdownOptions): unknown {
  switch (inline.type) {
    case 'text':
      return inline.text;
    case 'strong':
      return html`<strong>${renderInlines(inline.children, options)}</strong>`;
    case 'em':
      return html`<em>${renderInlines(inline.children, options)}</em>`;
    case 'code':
      return html`<code>${inline.text}</code>`;
    case 'br':
      return html`<br />`;
    case 'cite':
      return options.citation ? options.citation(inline.n) : `[${inline.n}]`;
    case 'link': {
      const href = safeUrl(inline.href);
      const children = renderInlines(inline.children, options);
      return href
        ? html`<a href=${href} target="_blank" rel="noopener noreferrer nofollow">${children}</a>`
        : html`<span>${children}</span>`;
    }
  }
  return nothing;
}
