import { describe, expect, it } from 'vitest';
import { TopicModel } from './topic-model.js';

describe('TopicModel', () => {
  const model = TopicModel.learn([
    { topics: ['食品安全'], claimWords: ['隔夜菜', '致癌'], bodyWords: ['亚硝酸盐', '冷藏', '剩菜', '加热'] },
    { topics: ['食品安全'], claimWords: ['添加剂', '有毒'], bodyWords: ['国家标准', '用量', '食品', '添加剂'] },
    { topics: ['医学健康'], claimWords: ['疫苗', '自闭症'], bodyWords: ['接种', '研究', '儿童', '撤稿'] },
    { topics: ['医学健康', '科学技术'], claimWords: ['手机', '辐射', '致癌'], bodyWords: ['电磁波', '研究', '能量'] },
  ]);

  it('gives the probability of each topic of the base, summing to 1', () => {
    const posterior = model.posterior(['剩菜', '冷藏', '加热']);
    expect([...posterior.keys()].sort()).toEqual(['医学健康', '科学技术', '食品安全']);
    expect([...posterior.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(posterior.get('食品安全')).toBeGreaterThan(0.9);
  });

  it('reads the angle from the words around a shared one (致癌 is in both topics)', () => {
    expect(model.posterior(['致癌', '剩菜']).get('食品安全')).toBeGreaterThan(0.5);
    const phone = model.posterior(['致癌', '电磁波']);
    expect(phone.get('医学健康')).toBeGreaterThan(phone.get('食品安全') ?? 1);
    expect(phone.get('科学技术')).toBeGreaterThan(phone.get('食品安全') ?? 1);
  });

  it('is empty for a base without topics', () => {
    expect(TopicModel.learn([]).posterior(['疫苗']).size).toBe(0);
  });
});
