/**
 * A small Markdown subset parsed into a tree of plain data — never HTML. Rendering that tree to Lit templates
 * (`render-markdown.ts`) puts every string in a text node or a checked attribute, so an answer cannot inject
 * markup, whatever it contains. Supported: paragraphs, `#`–`###` headings, `-`/`*`/`1.` lists, `>` quotes,
 * fenced code, `**strong**`, `*em*`, `` `code` ``, `[text](url)` links and `[n]` citation markers.
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'cite'; n: number }
  | { type: 'br' };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; level: 1 | 2 | 3; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'quote'; children: Inline[] }
  | { type: 'code'; text: string };

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const ORDERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const FENCE = /^\s{0,3}(```|~~~)/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(fence[1] ?? '```'))
        body.push(lines[i++] ?? '');
      i++; // closing fence (or end of a still-streaming answer)
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(3, heading[1]?.length ?? 1) as 1 | 2 | 3;
      blocks.push({ type: 'heading', level, children: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    const ordered = ORDERED.test(line);
    if (ordered || BULLET.test(line)) {
      const pattern = ordered ? ORDERED : BULLET;
      const items: Inline[][] = [];
      while (i < lines.length) {
        const match = pattern.exec(lines[i] ?? '');
        if (!match) break;
        items.push(parseInline(match[1] ?? ''));
        i++;
      }
      blocks.push({ type: 'list', ordered, items });
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length) {
        const match = QUOTE.exec(lines[i] ?? '');
        if (!match) break;
        body.push(match[1] ?? '');
        i++;
      }
      blocks.push({ type: 'quote', children: parseInline(body.join('\n')) });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length) {
      const next = lines[i] ?? '';
      if (next.trim() === '' || FENCE.test(next) || HEADING.test(next) || BULLET.test(next) || ORDERED.test(next)) {
        if (body.length > 0) break;
      }
      if (QUOTE.test(next) && body.length > 0) break;
      body.push(next);
      i++;
    }
    blocks.push({ type: 'paragraph', children: parseInline(body.join('\n')) });
  }
  return blocks;
}

// Earliest of: code span, link, citation, strong, em, hard line break.
const INLINE_PATTERN =
  /`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|\[(\d{1,3})\]|\*\*(?=\S)([\s\S]*?\S)\*\*|\*(?=[^\s*])([\s\S]*?[^\s*])\*|\n/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  const INLINE = new RegExp(INLINE_PATTERN); // own cursor per call: nested content is parsed recursively
  for (let match = INLINE.exec(text); match; match = INLINE.exec(text)) {
    if (match.index > last) out.push({ type: 'text', text: text.slice(last, match.index) });
    const [whole, code, linkText, href, cite, strong, em] = match;
    const end = match.index + whole.length;
    if (code !== undefined) out.push({ type: 'code', text: code });
    else if (linkText !== undefined && href !== undefined)
      out.push({ type: 'link', href, children: parseInline(linkText) });
    else if (cite !== undefined) out.push({ type: 'cite', n: Number(cite) });
    else if (strong !== undefined) out.push({ type: 'strong', children: parseInline(strong) });
    else if (em !== undefined) out.push({ type: 'em', children: parseInline(em) });
    else out.push({ type: 'br' });
    last = end;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

/**
 * The URL, if it is safe to put in `href`: absolute http(s), mailto or tel. Anything else (`javascript:`, `data:`,
 * protocol-relative, relative paths that would resolve against the host page) is refused.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  return ['http:', 'https:', 'mailto:', 'tel:'].includes(parsed.protocol) ? parsed.href : undefined;
}
