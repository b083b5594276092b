import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeUrl } from './parse-markdown.js';

describe('parseMarkdown', () => {
  it('parses paragraphs, headings, lists, quotes and code into data', () => {
    const blocks = parseMarkdown(
      '# 结论\n\n隔夜茶**不会**致癌[1]。\n\n- 第一\n- 第二\n\n1. 甲\n2. 乙\n\n> 引用\n\n```\n<b>x</b>\n```',
    );
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'quote', 'code']);
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      children: [
        { type: 'text', text: '隔夜茶' },
        { type: 'strong', children: [{ type: 'text', text: '不会' }] },
        { type: 'text', text: '致癌' },
        { type: 'cite', n: 1 },
        { type: 'text', text: '。' },
      ],
    });
    expect(blocks[3]).toMatchObject({ type: 'list', ordered: true, items: [[{ text: '甲' }], [{ text: '乙' }]] });
    expect(blocks[5]).toEqual({ type: 'code', text: '<b>x</b>' });
  });

  it('keeps HTML as text: tags are never parsed', () => {
    const inlines = parseInline('<img src=x onerror=alert(1)> and <script>alert(1)</script>');
    expect(inlines).toEqual([{ type: 'text', text: '<img src=x onerror=alert(1)> and <script>alert(1)</script>' }]);
  });

  it('parses links, nested emphasis, inline code and line breaks', () => {
    expect(parseInline('见[科学馆](https://example.org/a)与*重点 `code`*\n下一行')).toEqual([
      { type: 'text', text: '见' },
      { type: 'link', href: 'https://example.org/a', children: [{ type: 'text', text: '科学馆' }] },
      { type: 'text', text: '与' },
      {
        type: 'em',
        children: [
          { type: 'text', text: '重点 ' },
          { type: 'code', text: 'code' },
        ],
      },
      { type: 'br' },
      { type: 'text', text: '下一行' },
    ]);
  });

  it('leaves unfinished markup of a streaming answer as text', () => {
    expect(parseInline('这是**未完')).toEqual([{ type: 'text', text: '这是**未完' }]);
    expect(parseMarkdown('```\nstill streaming')).toEqual([{ type: 'code', text: 'still streaming' }]);
  });
});

describe('safeUrl', () => {
  it('accepts absolute http(s), mailto and tel', () => {
    expect(safeUrl('https://kepu.example.org/r/1')).toBe('https://kepu.example.org/r/1');
    expect(safeUrl('mailto:a@example.org')).toBe('mailto:a@example.org');
    expect(safeUrl('tel:+8675512345678')).toBe('tel:+8675512345678');
  });

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/x',
    '/relative/path',
    '',
    undefined,
  ])('refuses %j', (url) => {
    expect(safeUrl(url)).toBeUndefined();
  });
});
