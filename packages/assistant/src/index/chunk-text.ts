/** Where a sentence ends in Chinese or Western text; the mark stays with its sentence. */
const SENTENCE_END = /(?<=[。！？!?；;…\n])|(?<=\.)\s+/u;

export interface ChunkOptions {
  /** Target size in characters (Chinese characters carry a word each, so ~300 reads as a paragraph). */
  maxChars?: number;
  /** Sentences of the previous chunk repeated at the start of the next one, so a fact split across is found. */
  overlapSentences?: number;
}

/** Splits text into sentences, keeping punctuation, dropping empty pieces. */
export function splitSentences(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Sentence-aware chunking with overlap: sentences are packed up to `maxChars`; each chunk after the first starts
 * with the last `overlapSentences` sentences of the previous one. A sentence longer than `maxChars` is cut hard.
 * @example chunkText('第一句。第二句。', { maxChars: 5 }) // ['第一句。', '第一句。第二句。'] (with overlap 1)
 */
export function chunkText(text: string, options: ChunkOptions = {}): string[] {
  const maxChars = options.maxChars ?? 300;
  const overlap = options.overlapSentences ?? 1;
  const sentences = splitSentences(text).flatMap((s) => hardSplit(s, maxChars));
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  let fresh = 0; // sentences in `current` that are not overlap
  for (const sentence of sentences) {
    if (fresh > 0 && size + sentence.length > maxChars) {
      chunks.push(current.join(''));
      current = current.slice(Math.max(current.length - overlap, 0)).filter((s) => s.length <= maxChars / 2);
      size = current.reduce((n, s) => n + s.length, 0);
      fresh = 0;
    }
    current.push(sentence);
    size += sentence.length;
    fresh++;
  }
  if (fresh > 0) chunks.push(current.join(''));
  return chunks;
}

function hardSplit(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const parts: string[] = [];
  for (let i = 0; i < sentence.length; i += maxChars) parts.push(sentence.slice(i, i + maxChars));
  return parts;
}
