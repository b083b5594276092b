import { describe, expect, it } from 'vitest';
import type { ClaimSignals } from './claim-matcher.js';
import { HAND_SET_WEIGHTS, rerankScore, SIGNAL_NAMES } from './rerank-weights.js';
import { crossValidateReranker, type RerankSample, rankFigures, trainRerankWeights } from './train-reranker.js';

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const signals = (values: Partial<ClaimSignals>): ClaimSignals =>
  ({ ...Object.fromEntries(SIGNAL_NAMES.map((n) => [n, 0])), ...values }) as ClaimSignals;

/**
 * Queries whose right entry is told apart by `commonSubstring` (it quotes the claim), while the lexical score —
 * which the hand-set weights trust most — is a coin toss between the right entry and a decoy.
 */
function samples(count: number, seed: number): RerankSample[] {
  const rnd = random(seed);
  return Array.from({ length: count }, (_, q) => ({
    expectedId: q % 10 === 9 ? null : `right-${q}`,
    candidates: [
      { id: `right-${q}`, signals: signals({ lexical: 0.6 + 0.4 * rnd(), commonSubstring: 0.5 + 0.5 * rnd() }) },
      { id: `decoy-${q}`, signals: signals({ lexical: 0.6 + 0.4 * rnd(), commonSubstring: 0.4 * rnd() }) },
      { id: `far-${q}`, signals: signals({ lexical: 0.3 * rnd(), commonSubstring: 0.2 * rnd() }) },
    ],
  }));
}

describe('trainRerankWeights', () => {
  it('learns the signal that separates the right entries, where the hand-set weights guess', () => {
    const train = samples(200, 1);
    const weights = trainRerankWeights(train);
    expect(weights.commonSubstring).toBeGreaterThan(weights.lexical);
    const test = samples(100, 2);
    expect(rankFigures(test, weights).recallAt1).toBe(1);
    expect(rankFigures(test, HAND_SET_WEIGHTS).recallAt1).toBeLessThan(0.8);
  });

  it('leaves excluded signals at zero and calibrates the score as a probability', () => {
    const train = samples(200, 3);
    const weights = trainRerankWeights(train, { exclude: ['commonSubstring'] });
    expect(weights.commonSubstring).toBe(0);
    const full = trainRerankWeights(train);
    const rerank = { lexicalOnly: full, withVector: full };
    // One right entry among three candidates: the mean score over all candidates is about a third (Platt).
    const all = train.flatMap((s) => s.candidates.map((c) => rerankScore(c.signals, rerank, false)));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    expect(mean).toBeGreaterThan(0.2);
    expect(mean).toBeLessThan(0.4);
  });
});

describe('trainRerankWeights on similarity signals', () => {
  it('never gives a similarity a negative weight, even where the training data would', () => {
    // The vector rank runs against the right entry in these samples (a poor embedder): dropped, not inverted.
    const data = samples(200, 5).map((s) => ({
      ...s,
      candidates: s.candidates.map((c) => ({
        ...c,
        signals: { ...c.signals, vectorRank: c.id.startsWith('right') ? 0.5 : 1 },
      })),
    }));
    expect(trainRerankWeights(data, { nonNegative: [] }).vectorRank).toBeLessThan(0);
    expect(trainRerankWeights(data).vectorRank).toBe(0);
  });
});

describe('crossValidateReranker', () => {
  it('measures on held-out folds only and is repeatable', () => {
    const data = samples(150, 4);
    const first = crossValidateReranker(data, { folds: 5, seed: 7 });
    expect(first.covered).toBe(data.filter((s) => s.expectedId !== null).length);
    expect(first.recallAt1).toBeGreaterThan(0.95);
    expect(crossValidateReranker(data, { folds: 5, seed: 7 })).toEqual(first);
  });
});
