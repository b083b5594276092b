import { Postings } from './postings.js';

/**
 * Query likelihood with Dirichlet smoothing (Zhai & Lafferty 2001): how probable the text's words are under each
 * document's word distribution, relative to the whole base. A second view next to BM25: long texts are scored word
 * by word against the entry's whole wording, with no saturation of the entry's side.
 */
export class QueryLikelihoodIndex {
  private constructor(
    private readonly postings: Postings,
    /** Each term's count in the whole base. */
    private readonly collection: Float64Array,
    private readonly total: number,
    private readonly mu: number,
  ) {}

  /** `mu`: the Dirichlet prior, in words (about an entry's length: short entries lean on the base's distribution). */
  static build(documents: readonly (readonly string[])[], mu = 1000): QueryLikelihoodIndex {
    const postings = Postings.build(documents);
    const { starts, counts, lengths } = postings;
    const collection = new Float64Array(postings.terms);
    for (let slot = 0; slot < collection.length; slot++) {
      let sum = 0;
      for (let i = starts[slot] as number; i < (starts[slot + 1] as number); i++) sum += counts[i] as number;
      collection[slot] = sum;
    }
    const total = lengths.reduce((sum, n) => sum + n, 0);
    return new QueryLikelihoodIndex(postings, collection, total, mu);
  }

  /**
   * For each of `docs`: exp of (log P(text | doc) − the best of them) per query word, in (0, 1] — 1 for the most
   * likely, lower as a document explains the text's words less well. `queryTerms`: word → weight (its count).
   */
  relativeLikelihood(docs: readonly number[], queryTerms: ReadonlyMap<string, number>): Float64Array {
    const out = new Float64Array(docs.length);
    if (docs.length === 0) return out;
    const { counts, lengths } = this.postings;
    let queryLength = 0;
    for (const [word, weight] of queryTerms) {
      queryLength += weight;
      const slot = this.postings.slotOf(word);
      if (slot === undefined) continue;
      // A word's probability in the base, smoothed so a word the base never uses does not dominate.
      const background = ((this.collection[slot] as number) + 0.5) / (this.total + 1);
      docs.forEach((doc, i) => {
        const at = this.postings.find(slot, doc);
        if (at >= 0) out[i] = (out[i] as number) + weight * Math.log1p((counts[at] as number) / (this.mu * background));
      });
    }
    if (queryLength === 0) return out.fill(1);
    let best = Number.NEGATIVE_INFINITY;
    docs.forEach((doc, i) => {
      const score = (out[i] as number) + queryLength * Math.log(this.mu / ((lengths[doc] as number) + this.mu));
      out[i] = score;
      best = Math.max(best, score);
    });
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(((out[i] as number) - best) / queryLength);
    return out;
  }
}
