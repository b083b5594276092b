import { segmentForSearch } from '@kepu/assistant';

/** An entry of the base as the baseline indexes it. */
export interface BaselineEntry {
  externalId: string;
  claim: string;
  explanation: string;
  analysis?: string | undefined;
}

/**
 * The reference point of issue 6: plain BM25 (MiniSearch) over jieba search-mode tokens, fields claim (boost 2),
 * explanation and analysis. Loaded lazily: `minisearch` is a development dependency, needed only for
 * `kepu eval rumours --baseline`.
 */
export async function createMiniSearchBaseline(entries: readonly BaselineEntry[]) {
  let MiniSearch: typeof import('minisearch').default;
  try {
    MiniSearch = (await import('minisearch')).default;
  } catch {
    throw new Error('--baseline needs the development dependency minisearch: run `pnpm install` in a checkout.');
  }
  const search = new MiniSearch<BaselineEntry & { id: number }>({
    fields: ['claim', 'explanation', 'analysis'],
    storeFields: ['externalId'],
    tokenize: (text) => segmentForSearch(text),
    processTerm: (term) => term,
    searchOptions: { boost: { claim: 2 }, tokenize: (text) => segmentForSearch(text), processTerm: (term) => term },
  });
  search.addAll(entries.map((e, id) => ({ ...e, id })));
  return {
    match(query: string) {
      const hits = search.search(query, { combineWith: 'OR' }).slice(0, 10);
      // The baseline has no decision of its own: its first hit is always its answer.
      return {
        decision: hits.length ? ('match' as const) : ('none' as const),
        matches: hits.map((h) => ({ externalId: String(h.externalId) })),
      };
    },
  };
}
