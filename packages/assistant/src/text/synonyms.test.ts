import { describe, expect, it } from 'vitest';
import { parseCedict, synonymsOf } from './synonyms.js';

describe('parseCedict', () => {
  // 31 words sharing the gloss word "common": one more than a synonym group may have.
  const crowd = Array.from({ length: 31 }, (_, i) => {
    const word = String.fromCodePoint(0x4e00 + 2 * i, 0x4e01 + 2 * i);
    return `${word} ${word} [yi1 yi1] /common/`;
  });
  const { glossesOf, wordsOf } = parseCedict(
    [
      '# CC-CEDICT header lines are comments',
      '屁股 屁股 [pi4 gu5] /buttocks/bottom (of sth)/',
      '臀部 臀部 [tun2 bu4] /buttocks/the bottom/',
      '屁屁 屁屁 [pi4 pi5] /(child language) buttocks/',
      '張三 张三 [Zhang1 San1] /buttocks/John Doe/',
      '乾淨 干净 [gan1 jing4] /variant of 潔淨|洁净[jie2 jing4]/clean/',
      '潔淨 洁净 [jie2 jing4] /clean/to cleanse/',
      '淨 净 [jing4] /clean/',
      'not a dictionary line',
      ...crowd,
    ].join('\n'),
  );

  it('groups words of two or more characters by the gloss words they share, parenthesised notes and stop words aside', () => {
    expect(wordsOf.get('buttocks')).toEqual(['屁股', '臀部', '屁屁']);
    expect(wordsOf.get('bottom')).toEqual(['屁股', '臀部']);
    expect(glossesOf.get('屁股')).toEqual(['buttocks', 'bottom']);
    expect(wordsOf.has('the')).toBe(false);
    expect(wordsOf.has('child')).toBe(false);
  });

  it('skips proper nouns and cross-references, and keeps single characters as words to look up', () => {
    expect(glossesOf.has('张三')).toBe(false);
    expect(wordsOf.get('clean')).toEqual(['干净', '洁净']);
    expect(glossesOf.get('净')).toEqual(['clean']);
    expect(wordsOf.get('clean')).not.toContain('净');
  });

  it('drops gloss words shared by one word only or by more than 30', () => {
    expect(wordsOf.has('cleanse')).toBe(false);
    expect(wordsOf.has('common')).toBe(false);
    expect(glossesOf.has(crowd[0]?.split(' ')[1] ?? '')).toBe(false);
  });
});

describe('synonymsOf (the CC-CEDICT shipped by hanzi)', () => {
  it('finds common paraphrases of health rumours, both ways', () => {
    for (const [a, b] of [
      ['土豆', '马铃薯'],
      ['蛀牙', '龋齿'],
      ['西红柿', '番茄'],
      ['维生素', '维他命'],
    ] as const) {
      expect(synonymsOf(a)).toContain(b);
      expect(synonymsOf(b)).toContain(a);
    }
  });

  it('never returns the word itself, and nothing for an unknown word', () => {
    expect(synonymsOf('土豆')).not.toContain('土豆');
    expect(synonymsOf('科普小程序甲')).toEqual([]);
  });

  it('leaves out gloss words too general to mean anything (shared by more than 30 words)', () => {
    // 死亡 is "to die / death": both are shared by dozens of words (去世, 牺牲, 丧生 …).
    expect(synonymsOf('死亡')).toEqual([]);
  });
});
