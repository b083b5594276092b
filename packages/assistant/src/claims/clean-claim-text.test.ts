import { describe, expect, it } from 'vitest';
import { charNgrams, wordTerms } from './claim-terms.js';
import { cleanClaimText } from './clean-claim-text.js';

describe('cleanClaimText', () => {
  it('removes the forwarding ritual, emoji, links, brackets and repeated punctuation but keeps the claim', () => {
    const cleaned = cleanClaimText(
      '【转发】隔夜菜致癌！！！千万别吃😱😱 这是真的吗？？ https://t.cn/abc #健康# L某某的微博视频',
    );
    expect(cleaned).toContain('隔夜菜致癌');
    expect(cleaned).toContain('千万别吃');
    for (const noise of ['转发', '这是真的吗', 'http', '😱', '【', '#', '微博视频', '!!']) {
      expect(cleaned).not.toContain(noise);
    }
  });

  it('keeps words that look like ritual but carry meaning', () => {
    expect(cleanClaimText('癌细胞会扩散吗')).toContain('扩散');
    expect(cleanClaimText('喝酒真的能暖身')).toContain('真的');
  });

  it('turns full-width forms into half-width', () => {
    expect(cleanClaimText('ＷＨＯ说：１２３')).toBe('WHO说:123');
  });
});

describe('terms', () => {
  it('makes bigrams within Han runs only, never across punctuation', () => {
    expect(charNgrams('隔夜菜，致癌')).toEqual(['隔夜', '夜菜', '致癌']);
    expect(charNgrams('PM2.5 超标')).toEqual(['pm', '2.5', '超标']);
  });

  it('drops stop words and counts a compound once', () => {
    const words = wordTerms('吃隔夜菜会致癌的');
    expect(words).toContain('隔夜菜');
    expect(words).not.toContain('的');
    expect(words).not.toContain('会');
  });
});
