import { describe, expect, it } from 'vitest';
import { Bm25Index, DocumentFrequencies } from './bm25-index.js';
import { type ClaimEntry, createClaimMatcher } from './claim-matcher.js';
import { CLAIM_THRESHOLDS, decide } from './claim-thresholds.js';
import { evaluateClaimMatching } from './evaluate-claim-matching.js';

// A tiny base in our own words; the engine must rank by meaning carried in the words, not by position.
const BASE: ClaimEntry[] = [
  {
    id: 'r1',
    externalId: 'leftovers',
    claim: '隔夜菜会致癌',
    aliases: ['剩菜放一晚就有毒', '吃隔夜饭菜容易得癌症'],
    explanation: '冷藏保存的剩菜亚硝酸盐增加有限，远达不到危害健康的量；要紧的是及时冷藏、彻底加热。',
  },
  {
    id: 'r2',
    externalId: 'microwave',
    claim: '微波炉加热的食物有辐射，吃了致癌',
    aliases: ['微波炉热饭会产生致癌物'],
    explanation: '微波加热只是让水分子振动产热，食物不会带上辐射，也不会因此产生致癌物。',
  },
  {
    id: 'r3',
    externalId: 'vaccine-autism',
    claim: '接种疫苗会导致孩子自闭症',
    aliases: ['打疫苗引起自闭症'],
    explanation: '大规模研究没有发现疫苗与自闭症之间存在关联，最初的论文因造假已被撤稿。',
  },
  {
    id: 'r4',
    externalId: 'seafood-vitc',
    claim: '海鲜和维生素C同吃会砒霜中毒',
    aliases: ['虾和水果一起吃会中毒'],
    explanation: '海鲜中的砷含量很低，即使与维生素C同食，生成的三价砷也远低于中毒剂量。',
  },
];

describe('createClaimMatcher', () => {
  const matcher = createClaimMatcher(BASE);

  it('matches a noisy forwarded paraphrase to the right entry with a verdict-level decision', () => {
    const result = matcher.match('【紧急提醒】转发！！剩菜隔了一夜千万别吃，会致癌😱😱 这是真的吗？ http://t.cn/x');
    expect(result.matches[0]?.id).toBe('r1');
    expect(result.decision).toBe('match');
    expect(result.confidence).toBeGreaterThanOrEqual(CLAIM_THRESHOLDS.match);
  });

  it('tells apart two entries that share a word (致癌)', () => {
    expect(matcher.match('用微波炉热饭，饭菜会带辐射，吃了致癌').matches[0]?.id).toBe('r2');
    expect(matcher.match('吃剩菜致癌吗').matches[0]?.id).toBe('r1');
  });

  it('answers none for a claim the base does not cover, even when a common word overlaps', () => {
    const result = matcher.match('最新消息：明天全市停水停电，请大家提前储水');
    expect(result.decision).toBe('none');
    const loose = matcher.match('听说孩子多晒太阳能长高，这是真的吗');
    expect(loose.decision).not.toBe('match');
  });

  it('answers none with no matches for empty or pure-noise text', () => {
    expect(matcher.match('')).toMatchObject({ decision: 'none', matches: [] });
    expect(matcher.match('转发！！😱😱 这是真的吗？？')).toMatchObject({ decision: 'none', matches: [] });
  });

  it('orders matches by score and honours the limit', () => {
    const result = matcher.match('疫苗 致癌 中毒 辐射', { limit: 2 });
    expect(result.matches.length).toBeLessThanOrEqual(2);
    const scores = result.matches.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("takes the vector index's hits as candidates, nearest first, without a verdict on their strength alone", () => {
    const text = '乙酸让动脉恢复弹性';
    expect(matcher.match(text).matches).toEqual([]);
    const result = matcher.match(text, {
      semantic: new Map([
        ['r1', 0.41],
        ['r3', 0.12],
        ['no-such-entry', 0.99],
      ]),
    });
    expect(result.matches.map((m) => m.id)).toEqual(['r1', 'r3']);
    expect(result.matches[0]?.signals).toMatchObject({ vector: 0.41, vectorRank: 1, lexical: 0 });
    expect(result.decision).toBe('none');
  });

  it('bridges a synonym the text uses for a word of the claim (土豆 / 马铃薯, CC-CEDICT)', () => {
    const potatoes = createClaimMatcher([
      {
        id: 'sprouted',
        claim: '发芽的马铃薯挖掉芽眼就能放心吃',
        explanation: '龙葵素分布在整个发芽或变绿的块茎里，挖掉芽眼去不干净，这样的块茎应整个丢弃。',
      },
      {
        id: 'fattening',
        claim: '土豆热量高，吃了一定发胖',
        explanation: '按同样重量算，蒸煮的块茎热量低于米饭；让人发胖的是油炸的做法和吃的总量。',
      },
    ]);
    const result = potatoes.match('土豆发芽了，把芽挖掉还能吃吗？');
    expect(result.matches[0]?.id).toBe('sprouted');
    const [first, second] = result.matches;
    // 土豆 is not written in the first claim; its synonym 马铃薯 is.
    expect(first?.signals.keyTermSynonym).toBeGreaterThan(first?.signals.keyTermTitle ?? 1);
    expect(first?.signals.synonymCoverage).toBeGreaterThan(second?.signals.synonymCoverage ?? 1);
  });

  it("feeds the text's topic (learned from the base's own topics) and its query likelihoods to the re-ranker", () => {
    const withTopics = createClaimMatcher([
      {
        ...BASE[0],
        topics: ['食品安全'],
        analysis: '剩菜冷藏保存一夜，亚硝酸盐略有增加，但远低于限量。',
      } as ClaimEntry,
      {
        ...BASE[1],
        topics: ['科学技术'],
        analysis: '微波只让食物里的水分子振动产热，不会让食物带上放射性。',
      } as ClaimEntry,
      BASE[2] as ClaimEntry,
    ]);
    const matches = withTopics.match('隔夜的剩菜冷藏保存，亚硝酸盐会增加，吃了致癌', { limit: 10 }).matches;
    const signal = (id: string) => matches.find((m) => m.id === id)?.signals;
    expect(signal('r1')?.topicProbability).toBeGreaterThan(signal('r2')?.topicProbability ?? 1);
    expect(Math.max(...matches.map((m) => m.signals.likelihood))).toBe(1);
    expect(signal('r1')?.likelihood).toBeGreaterThan(signal('r2')?.likelihood ?? 1);
    expect(signal('r1')?.analysisLikelihood).toBe(1);
    expect(signal('r2')?.analysisLikelihood).toBeLessThan(1);
    const untagged = withTopics.match('接种疫苗会导致自闭症吗', { limit: 10 }).matches.find((m) => m.id === 'r3');
    expect(untagged?.signals.topicProbability).toBe(0);
  });

  it('an empty base answers none', () => {
    expect(createClaimMatcher([]).match('隔夜菜致癌')).toMatchObject({ decision: 'none', matches: [] });
  });
});

describe('decide', () => {
  it('applies the thresholds inclusively', () => {
    const t = { match: 0.5, possible: 0.2 };
    expect(decide(0.5, t)).toBe('match');
    expect(decide(0.49, t)).toBe('possible');
    expect(decide(0.2, t)).toBe('possible');
    expect(decide(0.19, t)).toBe('none');
  });
});

describe('Bm25Index', () => {
  it('scores rarer terms higher and unseen terms zero', () => {
    const index = Bm25Index.build([
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'd'],
    ]);
    const scores = index.score(['a', 'b']);
    expect(scores[0]).toBeGreaterThan(scores[1] as number);
    expect(index.score(['zzz']).every((s) => s === 0)).toBe(true);
    expect(index.idf('b')).toBeGreaterThan(index.idf('a'));
  });

  it('answers whether a document contains a term from the postings', () => {
    const index = Bm25Index.build([['a', 'b'], ['c'], ['a', 'c', 'c'], [], ['a']]);
    expect([0, 1, 2, 3, 4].map((doc) => index.contains('a', doc))).toEqual([true, false, true, false, true]);
    expect([0, 1, 2, 3, 4].map((doc) => index.contains('c', doc))).toEqual([false, true, true, false, false]);
    expect(index.contains('zzz', 0)).toBe(false);
    expect(index.has('b')).toBe(true);
  });

  it('DocumentFrequencies gives the same idf without keeping postings', () => {
    const docs = [
      ['a', 'b', 'b'],
      ['a', 'c'],
      ['a', 'd'],
    ];
    const index = Bm25Index.build(docs);
    const df = DocumentFrequencies.count(docs.map((d) => new Set(d)));
    for (const term of ['a', 'b', 'c', 'unseen']) expect(df.idf(term)).toBeCloseTo(index.idf(term), 12);
  });
});

describe('evaluateClaimMatching', () => {
  it('computes recall, MRR, false matches and match precision from the answers', async () => {
    const matcher = createClaimMatcher(BASE);
    const report = await evaluateClaimMatching(
      [
        { query: '隔夜的剩菜吃了会得癌症', expectedExternalId: 'leftovers' },
        { query: '打完疫苗孩子得了自闭症', expectedExternalId: 'vaccine-autism' },
        { query: '明天全市停水停电', expectedExternalId: null },
      ],
      (q) => matcher.match(q, { limit: 10 }),
    );
    expect(report).toMatchObject({ n: 3, covered: 2, uncovered: 1, recallAt1: 1, recallAt5: 1, mrrAt10: 1 });
    expect(report.falseMatchRate).toBe(0);
    expect(report.p95Ms).toBeGreaterThanOrEqual(report.p50Ms);
  });

  it('counts a wrong first entry and an uncovered match against the engine', async () => {
    const report = await evaluateClaimMatching(
      [
        { query: 'x', expectedExternalId: 'a' },
        { query: 'y', expectedExternalId: null },
      ],
      (q) =>
        q === 'x'
          ? { decision: 'match', matches: [{ externalId: 'b' }, { externalId: 'a' }] }
          : { decision: 'match', matches: [{ externalId: 'c' }] },
    );
    expect(report).toMatchObject({ recallAt1: 0, recallAt5: 1, mrrAt10: 0.5, falseMatchRate: 1, matchPrecision: 0 });
  });
});
