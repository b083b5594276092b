import { splitSentences } from '../index/chunk-text.js';
import { lexicalTokens } from '../index/term-frequencies.js';

/**
 * The sentences of `text` that share the most words with the question, in their original order. Extractive: the
 * sentences are returned verbatim, so nothing is said that the source does not say.
 */
export function selectSentences(question: string, text: string, max = 2): string[] {
  const wanted = new Set(lexicalTokens(question));
  const sentences = splitSentences(text);
  const scored = sentences.map((sentence, index) => {
    const tokens = new Set(lexicalTokens(sentence));
    let score = 0;
    for (const t of tokens) if (wanted.has(t)) score += Math.min(t.length, 4);
    return { sentence, index, score };
  });
  const best = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, max)
    .sort((a, b) => a.index - b.index);
  return (best.length ? best : scored.slice(0, 1)).map((s) => s.sentence);
}
