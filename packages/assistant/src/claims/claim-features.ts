/**
 * String similarity features of the claim re-ranker. Each compares the (cleaned) message with one short text of an
 * entry — its claim or an alias — and returns a value in [0, 1].
 */

/**
 * Length of the longest run of consecutive characters of `title` that also occurs in `text`, divided by the length
 * of `title`. A forwarded message that quotes the claim verbatim scores 1 even when it says much else around it.
 * @example commonSubstringRatio('据说隔夜菜会致癌，别吃', '隔夜菜致癌') // 0.6 (隔夜菜)
 */
export function commonSubstringRatio(text: string, title: string): number {
  const chars = [...title];
  if (chars.length === 0 || text.length === 0) return 0;
  let best = 0;
  // Titles are short (a claim is a sentence); each start extends while the piece still occurs in the text.
  for (let start = 0; start + best < chars.length; start++) {
    let end = start + best + 1;
    while (end <= chars.length && text.includes(chars.slice(start, end).join(''))) end++;
    best = Math.max(best, end - 1 - start);
  }
  return best / chars.length;
}

/** Share of `grams` that are in `present` (unweighted: trigrams are rare enough that each one counts). */
export function gramCoverage(grams: readonly string[], present: ReadonlySet<string>): number {
  if (grams.length === 0) return 0;
  let hit = 0;
  for (const g of grams) if (present.has(g)) hit++;
  return hit / grams.length;
}

/** Dice coefficient of two sets: 2|A∩B| / (|A| + |B|). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}
