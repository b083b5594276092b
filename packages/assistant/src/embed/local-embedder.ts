import { segmentForSearch } from '../text/segment.js';
import { type Embedder, normalize } from './embedder.js';

/** FNV-1a, 32 bit: fast, stable across platforms and releases (the vectors are stored). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The default embedder: no model download, deterministic, fast. It is **lexical-semantic**, not a neural model:
 * jieba search-mode words and character bigrams are feature-hashed (signed) into `dimension` buckets. Texts that
 * share words or word pieces land close; synonyms without shared characters do not. It complements BM25 by
 * matching partial words ("隔夜" ~ "隔夜菜") and is replaced by the `openai` embedder for real semantics.
 */
export function createLocalEmbedder(dimension = 256): Embedder {
  const embedOne = (text: string): number[] => {
    const vector = new Array<number>(dimension).fill(0);
    const add = (feature: string, weight: number) => {
      const h = fnv1a(feature);
      vector[h % dimension] = (vector[h % dimension] ?? 0) + ((h >>> 31) & 1 ? -weight : weight);
    };
    for (const word of segmentForSearch(text)) add(`w:${word}`, 1);
    const chars = [...text.normalize('NFKC').replace(/[\p{P}\p{S}\s]+/gu, '')];
    for (let i = 0; i + 1 < chars.length; i++) add(`b:${chars[i]}${chars[i + 1]}`, 0.5);
    return normalize(vector);
  };
  return {
    model: `kepu-local-hash-v1-${dimension}`,
    dimension,
    inProcess: true,
    async embed(texts) {
      return texts.map(embedOne);
    },
  };
}
