/**
 * Query likelihood with Dirichlet smoothing (Zhai & Lafferty 2001): how probable the text's words are under each
 * document's word distribution, relative to the whole base. A second view next to BM25: long texts are scored word
 * by word against the entry's whole wording, with no saturation of the entry's side.
 */
export class QueryLikelihoodIndex {
  private constructor(
    private readonly postings: Map<string, { docs: Int32Array; counts: Float32Array; collection: number }>,
    private readonly lengths: Float64Array,
    private readonly total: number,
    private readonly mu: number,
  ) {}

  /** `mu`: the Dirichlet prior, in words (about an entry's length: short entries lean on the base's distribution). */
  static build(documents: readonly (readonly string[])[], mu = 1000): QueryLikelihoodIndex {
    const collected = new Map<string, { docs: number[]; counts: number[]; collection: number }>();
    const lengths = new Float64Array(documents.length);
    const counts = new Map<string, number>();
    let total = 0;
    documents.forEach((words, doc) => {
      counts.clear();
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const [word, count] of counts) {
        let list = collected.get(word);
        if (!list) {
          list = { docs: [], counts: [], collection: 0 };
          collected.set(word, list);
        }
        list.docs.push(doc);
        list.counts.push(count);
        list.collection += count;
      }
      lengths[doc] = words.length;
      total += words.length;
    });
    const postings = new Map(
      [...collected].map(([word, list]) => [
        word,
        { docs: Int32Array.from(list.docs), counts: Float32Array.from(list.counts), collection: list.collection },
      ]),
    );
    return new QueryLikelihoodIndex(postings, lengths, total, mu);
  }

  /**
   * For each of `docs`: exp of (log P(text | doc) − the best of them) per query word, in (0, 1] — 1 for the most
   * likely, lower as a document explains the text's words less well. `queryTerms`: word → weight (its count).
   */
  relativeLikelihood(docs: readonly number[], queryTerms: ReadonlyMap<string, number>): Float64Array {
    const out = new Float64Array(docs.length);
    if (docs.length === 0) return out;
    let queryLength = 0;
    for (const [word, weight] of queryTerms) {
      queryLength += weight;
      const list = this.postings.get(word);
      if (!list) continue;
      // A word's probability in the base, smoothed so a word the base never uses does not dominate.
      const background = (list.collection + 0.5) / (this.total + 1);
      docs.forEach((doc, i) => {
        const at = indexOf(list.docs, doc);
        if (at >= 0)
          out[i] = (out[i] as number) + weight * Math.log1p((list.counts[at] as number) / (this.mu * background));
      });
    }
    if (queryLength === 0) return out.fill(1);
    let best = Number.NEGATIVE_INFINITY;
    docs.forEach((doc, i) => {
      const score = (out[i] as number) + queryLength * Math.log(this.mu / ((this.lengths[doc] as number) + this.mu));
      out[i] = score;
      best = Math.max(best, score);
    });
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(((out[i] as number) - best) / queryLength);
    return out;
  }
}

/** Position of `value` in the ascending `sorted`, or -1 (postings are in document order). */
function indexOf(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
