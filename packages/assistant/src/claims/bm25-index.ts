import { Postings } from './postings.js';

/** BM25 parameters. k1 saturates term frequency; b normalises by document length. */
export interface Bm25Options {
  /** @default 1.2 */
  k1?: number;
  /** @default 0.75 */
  b?: number;
}

/**
 * An immutable inverted index over one field of a fixed set of documents, scored with Okapi BM25.
 * Built once per base version; scoring touches only the postings of the query's terms.
 * @example const index = Bm25Index.build([['隔夜', '夜菜'], ['疫苗']]); index.score(['隔夜'])
 */
export class Bm25Index {
  private constructor(
    private readonly postings: Postings,
    /** Each posting's term frequency already turned into BM25's saturated, length-normalised weight. */
    private readonly weights: Float32Array,
    private readonly idfs: Float64Array,
  ) {}

  static build(documents: readonly (readonly string[])[], options: Bm25Options = {}): Bm25Index {
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    const postings = Postings.build(documents);
    const { size, docs, counts, lengths } = postings;
    const totalLength = lengths.reduce((sum, n) => sum + n, 0);
    const averageLength = totalLength / Math.max(1, size) || 1;
    // The part of BM25 that does not depend on the query: saturated tf, normalised by the document's length.
    const norms = Float64Array.from(lengths, (length) => k1 * (1 - b + (b * length) / averageLength));
    const weights = new Float32Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      const tf = counts[i] as number;
      weights[i] = (tf * (k1 + 1)) / (tf + (norms[docs[i] as number] as number));
    }
    const idfs = new Float64Array(postings.terms);
    for (let slot = 0; slot < idfs.length; slot++) idfs[slot] = bm25Idf(size, postings.documentFrequency(slot));
    return new Bm25Index(postings, weights, idfs);
  }

  get size(): number {
    return this.postings.size;
  }

  /** Inverse document frequency of a term; unseen terms get the highest value (they would be rarest). */
  idf(term: string): number {
    const slot = this.postings.slotOf(term);
    return slot === undefined ? bm25Idf(this.size, 0) : (this.idfs[slot] as number);
  }

  has(term: string): boolean {
    return this.postings.slotOf(term) !== undefined;
  }

  /** Whether document `doc` contains `term`. */
  contains(term: string, doc: number): boolean {
    const slot = this.postings.slotOf(term);
    return slot !== undefined && this.postings.find(slot, doc) >= 0;
  }

  /**
   * Adds `weight ×` BM25 of the query's distinct terms to `into` (one slot per document), so several fields and
   * term kinds accumulate into one array without allocating.
   */
  scoreInto(into: Float64Array, queryTerms: ReadonlyMap<string, number>, weight = 1): void {
    const { starts, docs } = this.postings;
    for (const [term, qtf] of queryTerms) {
      const slot = this.postings.slotOf(term);
      if (slot === undefined) continue;
      const w = (this.idfs[slot] as number) * weight * qtf;
      const end = starts[slot + 1] as number;
      for (let i = starts[slot] as number; i < end; i++) {
        const doc = docs[i] as number;
        into[doc] = (into[doc] as number) + w * (this.weights[i] as number);
      }
    }
  }

  score(queryTerms: Iterable<string>): Float64Array {
    const out = new Float64Array(this.size);
    this.scoreInto(out, termCounts(queryTerms));
    return out;
  }
}

/** BM25's inverse document frequency of a term found in `df` of `size` documents. */
function bm25Idf(size: number, df: number): number {
  return Math.log(1 + (size - df + 0.5) / (df + 0.5));
}

/**
 * Inverse document frequencies alone (BM25's formula, as `Bm25Index.idf`), for signals that weight terms but never
 * score documents: no postings are kept.
 */
export class DocumentFrequencies {
  private constructor(
    /** Term → idf, computed once: signals look weights up for every candidate of every check. */
    private readonly idfs: Map<string, number>,
    private readonly unseen: number,
  ) {}

  /** `documents`: each document's distinct terms. */
  static count(documents: readonly ReadonlySet<string>[]): DocumentFrequencies {
    const df = new Map<string, number>();
    for (const terms of documents) for (const term of terms) df.set(term, (df.get(term) ?? 0) + 1);
    for (const [term, n] of df) df.set(term, bm25Idf(documents.length, n));
    return new DocumentFrequencies(df, bm25Idf(documents.length, 0));
  }

  idf(term: string): number {
    return this.idfs.get(term) ?? this.unseen;
  }
}

/** Distinct terms with their counts. */
export function termCounts(terms: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
