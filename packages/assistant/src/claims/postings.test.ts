import { describe, expect, it } from 'vitest';
import { Postings } from './postings.js';

describe('Postings', () => {
  const postings = Postings.build([['a', 'b', 'a'], ['c'], ['a', 'c', 'c'], []]);

  it('keeps each term’s documents ascending with their counts, and each document’s length', () => {
    const slot = postings.slotOf('a') as number;
    const entries = [];
    for (let i = postings.starts[slot] as number; i < (postings.starts[slot + 1] as number); i++) {
      entries.push([postings.docs[i], postings.counts[i]]);
    }
    expect(entries).toEqual([
      [0, 2],
      [2, 1],
    ]);
    expect(postings.documentFrequency(slot)).toBe(2);
    expect([...postings.lengths]).toEqual([3, 1, 3, 0]);
    expect(postings.size).toBe(4);
    expect(postings.terms).toBe(3);
  });

  it('finds a document among a term’s entries, or answers -1', () => {
    const c = postings.slotOf('c') as number;
    expect(postings.counts[postings.find(c, 2)]).toBe(2);
    expect(postings.find(c, 0)).toBe(-1);
    expect(postings.find(c, 3)).toBe(-1);
    expect(postings.slotOf('zzz')).toBeUndefined();
  });
});
