import type { EngineCitation } from '../engine/events.js';
import type { SourceRef } from '../tools/types.js';

/**
 * Numbers sources in the order an answer first cites them; citing the same record again reuses its number.
 * @example const c = createCitationRegistry(); c.cite(src) // { n: 1, fresh: true }
 */
export function createCitationRegistry() {
  const byKey = new Map<string, EngineCitation>();
  return {
    cite(source: SourceRef): { citation: EngineCitation; fresh: boolean } {
      const key = `${source.type}:${source.id}`;
      const found = byKey.get(key);
      if (found) return { citation: found, fresh: false };
      const citation = { n: byKey.size + 1, source };
      byKey.set(key, citation);
      return { citation, fresh: true };
    },
    all(): EngineCitation[] {
      return [...byKey.values()];
    },
  };
}
export type CitationRegistry = ReturnType<typeof createCitationRegistry>;

const MARKER = /\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]|【(\d{1,3})】/g;

/**
 * Rewrites a model's citation markers, streamed in arbitrary pieces: `[k]` that names one of the sources given to
 * the model becomes our `[n]` (emitting the citation the first time), anything else is removed. A marker split
 * across deltas is held back until it is complete.
 */
export function createCitationMapper(sources: () => readonly SourceRef[], registry: CitationRegistry) {
  let pending = '';
  const rewrite = (text: string, fresh: EngineCitation[]) =>
    text.replace(MARKER, (_m, list: string | undefined, single: string | undefined) => {
      const numbers = (list ?? single ?? '').split(/[,，、]/).map((s) => Number(s.trim()));
      const out: string[] = [];
      for (const k of numbers) {
        const source = sources()[k - 1];
        if (!source) continue; // unmappable: the model cited something it was not given
        const { citation, fresh: isNew } = registry.cite(source);
        if (isNew) fresh.push(citation);
        if (!out.includes(`[${citation.n}]`)) out.push(`[${citation.n}]`);
      }
      return out.join('');
    });
  return {
    push(delta: string): { text: string; citations: EngineCitation[] } {
      pending += delta;
      // Hold back an unfinished marker at the end ("…[1", "…【").
      const open = Math.max(pending.lastIndexOf('['), pending.lastIndexOf('【'));
      let ready = pending;
      if (open >= 0 && !/[\]】]/.test(pending.slice(open)) && pending.length - open <= 12) {
        ready = pending.slice(0, open);
      }
      pending = pending.slice(ready.length);
      const citations: EngineCitation[] = [];
      return { text: rewrite(ready, citations), citations };
    },
    flush(): { text: string; citations: EngineCitation[] } {
      const citations: EngineCitation[] = [];
      const text = rewrite(pending, citations);
      pending = '';
      return { text, citations };
    },
  };
}
