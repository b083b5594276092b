import { describe, expect, it } from 'vitest';
import { QueryLikelihoodIndex } from './query-likelihood.js';

describe('QueryLikelihoodIndex', () => {
  const index = QueryLikelihoodIndex.build(
    [
      ['隔夜菜', '致癌', '亚硝酸盐', '冷藏', '加热'],
      ['疫苗', '自闭症', '接种', '研究'],
      ['手机', '辐射', '致癌', '研究', '电磁波', '能量', '基站', '信号'],
    ],
    10,
  );
  const query = new Map([
    ['隔夜菜', 1],
    ['致癌', 1],
  ]);

  it('gives the document that explains the words best 1, the others less, in (0, 1]', () => {
    const [a, b, c] = index.relativeLikelihood([0, 1, 2], query);
    expect(a).toBe(1);
    expect(c).toBeLessThan(1);
    expect(b).toBeLessThan(c as number); // 疫苗 shares neither word; 手机 at least 致癌
    expect(b).toBeGreaterThan(0);
  });

  it('scores only the documents asked for, relative to the best of them', () => {
    const [c, b] = index.relativeLikelihood([2, 1], query);
    expect(c).toBe(1);
    expect(b).toBeLessThan(1);
  });

  it('treats every document alike for a text with no words', () => {
    expect([...index.relativeLikelihood([0, 1, 2], new Map())]).toEqual([1, 1, 1]);
    expect(index.relativeLikelihood([], query)).toHaveLength(0);
  });
});
