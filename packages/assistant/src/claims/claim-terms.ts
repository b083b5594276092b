import { segment } from '../text/segment.js';

/**
 * Words that say nothing about which claim is meant: particles, pronouns and the filler of forwarded messages.
 * BM25's idf already discounts them; dropping them also keeps postings lists short, which is where time goes.
 */
const STOP_WORDS = new Set(
  (
    '的 了 是 在 吗 呢 啊 吧 呀 哦 嘛 和 与 及 或 就 都 也 还 又 很 太 更 最 会 能 要 让 把 被 给 对 从 向 到 于 为 以 ' +
    '这 那 这个 那个 这些 那些 这样 那样 这种 那种 我 你 他 她 它 我们 你们 他们 大家 自己 一个 一些 一种 一下 有 没有 ' +
    '不 没 个 之 其 而 但 但是 所以 因为 如果 可以 可能 已经 就是 还是 还有 什么 怎么 为什么 如何 吗 么 着 过 等 等等 ' +
    '说 看 来 去 上 下 中 里 后 前 时 时候 真的 其实 然后 并 且 并且 而且 因此 非常 一定 一样 哪些 多少'
  ).split(/\s+/u),
);

/**
 * Jieba words of `text` (already cleaned), lower-cased, without stop words. Plain mode, not search mode: a compound
 * such as 碳水化合物 counts once here, and its pieces are matched by the character bigrams instead of twice over.
 */
export function wordTerms(text: string): string[] {
  return segment(text)
    .map((t) => t.toLowerCase())
    .filter((t) => !STOP_WORDS.has(t));
}

/** Runs of Han characters, Latin letters or digits: n-grams never span punctuation or a script change. */
const RUN_PATTERN = /\p{Script=Han}+|[a-z]+|\d+(?:\.\d+)?/gu;

/**
 * Overlapping character n-grams of each Han run (a run shorter than `n` yields itself), plus Latin words and numbers
 * whole. Bigrams catch paraphrases that segment differently ("隔夜菜致癌" vs "隔夜的菜会致癌") and words missing from
 * the dictionary.
 * @example charNgrams('隔夜菜致癌', 2) // ['隔夜', '夜菜', '菜致', '致癌']
 */
export function charNgrams(text: string, n = 2): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(RUN_PATTERN)) {
    const run = [...match[0]];
    if (!/\p{Script=Han}/u.test(run[0] ?? '')) {
      out.push(match[0]);
      continue;
    }
    if (run.length <= n) {
      out.push(run.join(''));
      continue;
    }
    for (let i = 0; i + n <= run.length; i++) out.push(run.slice(i, i + n).join(''));
  }
  return out;
}
