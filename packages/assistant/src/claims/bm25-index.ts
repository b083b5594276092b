/** BM25 parameters. k1 saturates term frequency; b normalises by document length. */
export interface Bm25Options {
  /** @default 1.2 */
  k1?: number;
  /** @default 0.75 */
  b?: number;
}

/**
 * An immutable inverted index over one field of a fixed set of documents, scored with Okapi BM25.
 * Built once per base version; scoring touches only the postings of the query's terms. Postings are stored in
 * three flat arrays (a term's documents, ascending, and their weights at `starts[slot]…starts[slot + 1]`): one typed
 * array per term would cost ~100 bytes of overhead each, and most terms of a field occur in one document.
 * @example const index = Bm25Index.build([['隔夜', '夜菜'], ['疫苗']]); index.score(['隔夜'])
 */
export class Bm25Index {
  private constructor(
    private readonly slots: Map<string, number>,
    private readonly starts: Int32Array,
    private readonly docs: Int32Array,
    /** Term frequency already turned into BM25's saturated, length-normalised weight. */
    private readonly weights: Float32Array,
    private readonly idfs: Float64Array,
    readonly size: number,
  ) {}

  static build(documents: readonly (readonly string[])[], options: Bm25Options = {}): Bm25Index {
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    const size = documents.length;
    const totalLength = documents.reduce((sum, d) => sum + d.length, 0);
    const averageLength = totalLength / Math.max(1, size) || 1;
    // Pass 1: each term's slot and document frequency.
    const slots = new Map<string, number>();
    let dfs: number[] = [];
    const seen = new Set<string>();
    for (const terms of documents) {
      seen.clear();
      for (const term of terms) {
        if (seen.has(term)) continue;
        seen.add(term);
        const slot = slots.get(term);
        if (slot === undefined) {
          slots.set(term, dfs.length);
          dfs.push(1);
        } else dfs[slot] = (dfs[slot] as number) + 1;
      }
    }
    const starts = new Int32Array(dfs.length + 1);
    for (let slot = 0; slot < dfs.length; slot++) starts[slot + 1] = (starts[slot] as number) + (dfs[slot] as number);
    const idfs = Float64Array.from(dfs, (df) => bm25Idf(size, df));
    dfs = [];
    // Pass 2: postings in document order, so each term's documents are ascending.
    const filled = starts.slice(0, -1);
    const docs = new Int32Array(starts[starts.length - 1] as number);
    const weights = new Float32Array(docs.length);
    const counts = new Map<string, number>();
    documents.forEach((terms, doc) => {
      counts.clear();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      // Saturated tf, normalised by this document's length (the part of BM25 that does not depend on the query).
      const norm = k1 * (1 - b + (b * terms.length) / averageLength);
      for (const [term, tf] of counts) {
        const slot = slots.get(term) as number;
        const at = filled[slot] as number;
        filled[slot] = at + 1;
        docs[at] = doc;
        weights[at] = (tf * (k1 + 1)) / (tf + norm);
      }
    });
    return new Bm25Index(slots, starts, docs, weights, idfs, size);
  }

  /** Inverse document frequency of a term; unseen terms get the highest value (they would be rarest). */
  idf(term: string): number {
    const slot = this.slots.get(term);
    return slot === undefined ? bm25Idf(this.size, 0) : (this.idfs[slot] as number);
  }

  has(term: string): boolean {
    return this.slots.has(term);
  }

  /** Whether document `doc` contains `term` (binary search in the term's postings). */
  contains(term: string, doc: number): boolean {
    const slot = this.slots.get(term);
    if (slot === undefined) return false;
    let lo = this.starts[slot] as number;
    let hi = (this.starts[slot + 1] as number) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = this.docs[mid] as number;
      if (d === doc) return true;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * Adds `weight ×` BM25 of the query's distinct terms to `into` (one slot per document), so several fields and
   * term kinds accumulate into one array without allocating.
   */
  scoreInto(into: Float64Array, queryTerms: ReadonlyMap<string, number>, weight = 1): void {
    for (const [term, qtf] of queryTerms) {
      const slot = this.slots.get(term);
      if (slot === undefined) continue;
      const w = (this.idfs[slot] as number) * weight * qtf;
      const end = this.starts[slot + 1] as number;
      for (let i = this.starts[slot] as number; i < end; i++) {
        const doc = this.docs[i] as number;
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
