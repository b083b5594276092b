import { lexicalTokens } from '../index/term-frequencies.js';

/** Share of a question's topic words a record must cover to be "about" it: both of two, two of three … */
export const TOPIC_COVERAGE = 2 / 3;

/**
 * The share of `topic` words that `text` contains. A compound topic word is covered by the same compound or by
 * pieces that together spell it (人工智能 by 人工 + 智能).
 * @example topicCoverage('星空下的深圳：冬季星座观测夜 天文', ['天文', '观测']) // 1
 */
export function topicCoverage(text: string, topic: readonly string[]): number {
  if (topic.length === 0) return 1;
  const words = new Set(lexicalTokens(text));
  const covered = topic.filter(
    (t) => words.has(t) || [...words].filter((w) => w.length < t.length && t.includes(w)).join('').length >= t.length,
  );
  return covered.length / topic.length;
}
