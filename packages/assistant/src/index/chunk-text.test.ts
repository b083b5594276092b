import { describe, expect, it } from 'vitest';
import { chunkText, splitSentences } from './chunk-text.js';

describe('chunkText', () => {
  it('splits at Chinese sentence ends and keeps the punctuation', () => {
    expect(splitSentences('第一句。第二句！第三句？')).toEqual(['第一句。', '第二句！', '第三句？']);
  });

  it('packs sentences up to the size and repeats the last sentence of a chunk at the start of the next', () => {
    const text = '甲甲甲甲。乙乙乙乙。丙丙丙丙。丁丁丁丁。';
    const chunks = chunkText(text, { maxChars: 10, overlapSentences: 1 });
    expect(chunks).toEqual(['甲甲甲甲。乙乙乙乙。', '乙乙乙乙。丙丙丙丙。', '丙丙丙丙。丁丁丁丁。']);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(10);
  });

  it('cuts a sentence longer than the size, and returns nothing for empty text', () => {
    const chunks = chunkText('长'.repeat(25), { maxChars: 10 });
    expect(chunks.join('')).toBe('长'.repeat(25));
    expect(chunks.every((c) => c.length <= 10)).toBe(true);
    expect(chunkText('  \n ')).toEqual([]);
  });
});
