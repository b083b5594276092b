/**
 * An inverted index's raw material, shared by the scorers (BM25, query likelihood): for each term, the documents
 * that contain it (ascending) and its count in each, in three flat arrays — a term's entries are at
 * `starts[slot]…starts[slot + 1]`. One typed array per term would cost ~100 bytes of overhead each, and most terms of
 * a field occur in one document.
 */
export class Postings {
  private constructor(
    private readonly slots: Map<string, number>,
    /** Where each term's entries start in `docs` and `counts`; one more entry than terms. */
    readonly starts: Int32Array,
    readonly docs: Int32Array,
    readonly counts: Int32Array,
    /** Each document's length in terms. */
    readonly lengths: Int32Array,
  ) {}

  static build(documents: readonly (readonly string[])[]): Postings {
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
    dfs = [];
    // Pass 2: entries in document order, so each term's documents are ascending.
    const filled = starts.slice(0, -1);
    const docs = new Int32Array(starts[starts.length - 1] as number);
    const counts = new Int32Array(docs.length);
    const lengths = new Int32Array(documents.length);
    const perDocument = new Map<string, number>();
    documents.forEach((terms, doc) => {
      perDocument.clear();
      for (const term of terms) perDocument.set(term, (perDocument.get(term) ?? 0) + 1);
      for (const [term, count] of perDocument) {
        const slot = slots.get(term) as number;
        const at = filled[slot] as number;
        filled[slot] = at + 1;
        docs[at] = doc;
        counts[at] = count;
      }
      lengths[doc] = terms.length;
    });
    return new Postings(slots, starts, docs, counts, lengths);
  }

  get size(): number {
    return this.lengths.length;
  }

  get terms(): number {
    return this.starts.length - 1;
  }

  slotOf(term: string): number | undefined {
    return this.slots.get(term);
  }

  /** How many documents contain the term of `slot`. */
  documentFrequency(slot: number): number {
    return (this.starts[slot + 1] as number) - (this.starts[slot] as number);
  }

  /** Where document `doc` is among the entries of the term of `slot` (binary search), or -1. */
  find(slot: number, doc: number): number {
    let lo = this.starts[slot] as number;
    let hi = (this.starts[slot + 1] as number) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = this.docs[mid] as number;
      if (d === doc) return mid;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
