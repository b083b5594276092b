/**
 * A configurable list of words the assistant neither accepts nor says. Questions are matched on NFKC-normalised,
 * lower-cased text with spaces and punctuation ignored ("赌 博" matches "赌博"); streamed output is matched as
 * written and masked with ＊.
 */
export interface SensitiveWordFilter {
  /** The first listed word found in `text`, or null. */
  find(text: string): string | null;
  /**
   * A filter for streamed output: push deltas, get back text that is safe to send. It holds back the last few
   * characters so a word split across two deltas is still caught; `flush()` returns the rest.
   */
  stream(): { push(delta: string): string; flush(): string };
}

const SEPARATORS = /[\s\p{P}\p{S}]/gu;
const normalizeText = (text: string) => text.normalize('NFKC').toLowerCase();

export function createSensitiveWordFilter(words: readonly string[]): SensitiveWordFilter {
  const list = [...new Set(words.map((w) => normalizeText(w).replace(SEPARATORS, '')).filter(Boolean))];
  const longest = list.reduce((n, w) => Math.max(n, w.length), 0);
  const find = (text: string): string | null => {
    if (list.length === 0) return null;
    const compact = normalizeText(text).replace(SEPARATORS, '');
    return list.find((w) => compact.includes(w)) ?? null;
  };
  const mask = (text: string): string => {
    let out = text;
    for (const w of list) out = out.split(w).join('＊'.repeat(w.length));
    return out;
  };
  return {
    find,
    stream() {
      let pending = '';
      return {
        push(delta) {
          if (list.length === 0) return delta;
          pending = mask(pending + delta);
          const keep = Math.max(longest - 1, 0);
          const out = pending.slice(0, Math.max(pending.length - keep, 0));
          pending = pending.slice(out.length);
          return out;
        },
        flush() {
          const out = mask(pending);
          pending = '';
          return out;
        },
      };
    },
  };
}
