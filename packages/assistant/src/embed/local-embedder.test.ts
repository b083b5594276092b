import { describe, expect, it } from 'vitest';
import { rankByReciprocalFusion } from '../retrieve/reciprocal-rank-fusion.js';
import { createLocalEmbedder } from './local-embedder.js';

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

describe('local embedder and fusion', () => {
  it('is deterministic, unit-length, and puts texts that share words closer', async () => {
    const embedder = createLocalEmbedder(256);
    const [a, b, c, a2] = await embedder.embed([
      '隔夜菜会致癌吗',
      '隔夜菜里的亚硝酸盐',
      '天文台观星活动',
      '隔夜菜会致癌吗',
    ]);
    expect(a).toEqual(a2);
    expect(a).toHaveLength(256);
    expect(Math.abs(dot(a ?? [], a ?? []) - 1)).toBeLessThan(1e-9);
    expect(dot(a ?? [], b ?? [])).toBeGreaterThan(dot(a ?? [], c ?? []));
  });

  it('fuses rankings by reciprocal rank: agreement beats a single first place', () => {
    const fused = rankByReciprocalFusion([
      [
        { chunkId: 'x', score: 9 },
        { chunkId: 'y', score: 5 },
      ],
      [
        { chunkId: 'y', score: 0.9 },
        { chunkId: 'z', score: 0.8 },
      ],
    ]);
    expect(fused.map((f) => f.chunkId)).toEqual(['y', 'x', 'z']);
  });
});
