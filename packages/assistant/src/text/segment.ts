import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { DOMAIN_WORDS } from './domain-dictionary.js';

let shared: Jieba | undefined;

/** One jieba instance per process (loading the dictionary takes ~100 ms), with our domain words added. */
function jieba(): Jieba {
  if (!shared) {
    shared = Jieba.withDict(dict);
    shared.loadDict(new TextEncoder().encode(DOMAIN_WORDS.trim()));
  }
  return shared;
}

/** Characters that carry no meaning for retrieval: punctuation, symbols, emoji, whitespace. */
const NOISE = /^[\p{P}\p{S}\p{Z}\p{C}\s]+$/u;

/**
 * Segments Chinese (and mixed) text in jieba's search mode: long words also yield their sub-words
 * ("中国科学院" → 中国, 科学, 学院, 科学院, 中国科学院), which is what a search index wants.
 * Latin words are lower-cased; punctuation and emoji are dropped.
 * @example segmentForSearch('隔夜菜会致癌吗？') // ['隔夜菜', '会', '致癌', '吗']
 */
export function segmentForSearch(text: string): string[] {
  const out: string[] = [];
  for (const raw of jieba().cutForSearch(text.normalize('NFKC'), true)) {
    const token = raw.trim().toLowerCase();
    if (token && !NOISE.test(token)) out.push(token);
  }
  return out;
}

/** Plain (non-overlapping) segmentation, for display, keyword extraction and chunking. */
export function segment(text: string): string[] {
  return jieba()
    .cut(text.normalize('NFKC'), true)
    .map((t) => t.trim())
    .filter((t) => t && !NOISE.test(t));
}
