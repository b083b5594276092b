/**
 * Turns texts into vectors. `model` and `dimension` are stored with every vector, so a configuration change is
 * detected and the index re-embedded.
 */
export interface Embedder {
  readonly model: string;
  readonly dimension: number;
  /**
   * true: vectors are computed in this process without I/O (the local embedder), so it may run inside a database
   * transaction. A remote embedder never does: a publish must not hold a transaction open on a network call.
   */
  readonly inProcess?: boolean;
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

/** Scales a vector to unit length (cosine distance then equals 1 − dot product). */
export function normalize(vector: number[]): number[] {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum);
  return norm === 0 ? vector : vector.map((v) => v / norm);
}
