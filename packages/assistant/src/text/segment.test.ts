import { describe, expect, it } from 'vitest';
import { segment, segmentForSearch } from './segment.js';

describe('Chinese segmentation', () => {
  it('splits a run of CJK characters into words, not one token', () => {
    const tokens = segmentForSearch('深圳市科学馆的科普活动');
    expect(tokens).toEqual(expect.arrayContaining(['深圳市', '科学馆', '科普', '活动']));
    expect(tokens).not.toContain('深圳市科学馆的科普活动');
  });

  it('yields sub-words in search mode and keeps domain words whole', () => {
    expect(segmentForSearch('中国科学院')).toEqual(expect.arrayContaining(['中国', '科学', '科学院', '中国科学院']));
    expect(segment('隔夜菜会致癌吗')).toEqual(['隔夜菜', '会', '致癌', '吗']);
  });

  it('drops punctuation and emoji and lower-cases Latin words', () => {
    expect(segmentForSearch('转发！！😱 AI 真的会取代医生吗？？')).toEqual(
      expect.arrayContaining(['转发', 'ai', '取代', '医生']),
    );
    expect(segmentForSearch('！！😱？？')).toEqual([]);
  });
});
