/** BM25 parameters. k1 saturates term frequency; b normalises by document length. */
export interface Bm25Options {
  /** @default 1.2 */
  k1?: number;
  /** @default 0.75 */
  b?: number;
}

interface Postings {
  docs: Int32Array;
  /** Term frequency already turned into BM25's saturated, length-normalised weight. */
  weights: Float32Array;
  idf: number;
}

/**
 * An immutable inverted index over one field of a fixed set of documents, scored with Okapi BM25.
 * Built once per base version; scoring touches only the postings of the query's terms.
 * @example const index = Bm25Index.build([['隔夜', '夜菜'], ['疫苗']]); index.score(['隔夜'])
 */
export class Bm25Index {
  private constructor(
    private readonly postings: Map<string, Postings>,
    readonly size: number,
  ) {}

  static build(documents: readonly (readonly string[])[], options: Bm25Options = {}): Bm25Index {
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    const size = documents.length;
    const totalLength = documents.reduce((sum, d) => sum + d.length, 0);
    const averageLength = totalLength / Math.max(1, size) || 1;
    const collected = new Map<string, { docs: number[]; tfs: number[] }>();
    // One counting map for every document: building is allocation-bound (2,000 entries, ~9 indexes).
    const counts = new Map<string, number>();
    documents.forEach((terms, doc) => {
      counts.clear();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      // Saturated tf, normalised by this document's length (the part of BM25 that does not depend on the query).
      const norm = k1 * (1 - b + (b * terms.length) / averageLength);
      for (const [term, tf] of counts) {
        let list = collected.get(term);
        if (!list) {
          list = { docs: [], tfs: [] };
          collected.set(term, list);
        }
        list.docs.push(doc);
        list.tfs.push((tf * (k1 + 1)) / (tf + norm));
      }
    });
    const postings = new Map<string, Postings>();
    for (const [term, list] of collected) {
      const df = list.docs.length;
      postings.set(term, {
        docs: Int32Array.from(list.docs),
        weights: Float32Array.from(list.tfs),
        idf: bm25Idf(size, df),
      });
    }
    return new Bm25Index(postings, size);
  }

  /** Inverse document frequency of a term; unseen terms get the highest value (they would be rarest). */
  idf(term: string): number {
    return this.postings.get(term)?.idf ?? bm25Idf(this.size, 0);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * Adds `weight ×` BM25 of the query's distinct terms to `into` (one slot per document), so several fields and
   * term kinds accumulate into one array without allocating.
   */
  scoreInto(into: Float64Array, queryTerms: ReadonlyMap<string, number>, weight = 1): void {
    for (const [term, qtf] of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const w = list.idf * weight * qtf;
      const { docs, weights } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] as number;
        into[doc] = (into[doc] as number) + w * (weights[i] as number);
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
    private readonly df: Map<string, number>,
    readonly size: number,
  ) {}

  /** `documents`: each document's distinct terms. */
  static count(documents: readonly ReadonlySet<string>[]): DocumentFrequencies {
    const df = new Map<string, number>();
    for (const terms of documents) for (const term of terms) df.set(term, (df.get(term) ?? 0) + 1);
    return new DocumentFrequencies(df, documents.length);
  }

  idf(term: string): number {
    return bm25Idf(this.size, this.df.get(term) ?? 0);
  }
}

/** Distinct terms with their counts. */
export function termCounts(terms: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
