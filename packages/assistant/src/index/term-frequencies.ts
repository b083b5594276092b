import { segmentForSearch } from '../text/segment.js';

/** Words that carry no topic: they match everything and only add noise to BM25. */
const STOP_WORDS = new Set(
  '的 了 是 在 和 与 及 或 吗 呢 吧 啊 呀 哦 么 活动 推荐 那 那么 还有 另外 最近 近期 今天 明天 后天 周末 本周 这周 下周 听说 据说 网传 网上 传言 真的 假的 真假 靠谱 是否 几点 多少 几 介绍 科学依据 依据 什么 怎么 怎样 如何 哪些 哪里 哪儿 哪个 为什么 有没有 是不是 可以 能 会 要 想 请问 一下 一个 这个 那个 这 那 我 你 他 她 它 我们 你们 他们 有 没有 也 都 就 还 又 被 把 给 对 从 到 让 很 最 更 吗？ 呢？ the a an of to and or is are in on for'.split(
    ' ',
  ),
);

/** Search-mode tokens of a text without stop words (the lexical index and the query use the same function). */
export function lexicalTokens(text: string): string[] {
  return segmentForSearch(text).filter((t) => !STOP_WORDS.has(t));
}

export interface TermStats {
  /** Distinct terms, for the GIN index. */
  terms: string[];
  termFreqs: Record<string, number>;
  /** Document length in tokens, for BM25's length normalisation. */
  length: number;
}

export function termStats(text: string): TermStats {
  const tokens = lexicalTokens(text);
  const termFreqs: Record<string, number> = {};
  for (const t of tokens) termFreqs[t] = (termFreqs[t] ?? 0) + 1;
  return { terms: Object.keys(termFreqs), termFreqs, length: tokens.length };
}
