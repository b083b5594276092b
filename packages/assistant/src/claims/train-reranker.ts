import type { ClaimSignals } from './claim-matcher.js';
import { SIGNAL_NAMES, type SignalWeights } from './rerank-weights.js';

/** The candidates the engine re-ranked for one query, and which of them is right (null: none is). */
export interface RerankSample {
  candidates: readonly { id: string; signals: ClaimSignals }[];
  expectedId: string | null;
}

export interface TrainOptions {
  /** Signals left out of the model (their weight stays 0). */
  exclude?: readonly (keyof ClaimSignals)[];
  /** L2 penalty on the weights, per query. @default 1e-5 */
  l2?: number;
  /**
   * Signals whose weight may not be negative: a similarity is never evidence against an entry. A weight that comes
   * out negative is dropped and the model refitted without it, until none is negative. @default ['vector', 'vectorRank']
   */
  nonNegative?: readonly (keyof ClaimSignals)[];
}

export interface RankFigures {
  /** Queries whose right entry is among the candidates at all. */
  covered: number;
  recallAt1: number;
  recallAt5: number;
}

type Prepared = { x: Float64Array[]; y: number };

function prepare(samples: readonly RerankSample[], names: readonly (keyof ClaimSignals)[]): Prepared[] {
  return samples.flatMap((s) => {
    if (s.expectedId === null) return [];
    return [
      {
        x: s.candidates.map((c) => Float64Array.from(names, (n) => c.signals[n])),
        y: s.candidates.findIndex((c) => c.id === s.expectedId),
      },
    ];
  });
}

function dot(w: Float64Array, x: Float64Array): number {
  let z = 0;
  for (let k = 0; k < w.length; k++) z += (w[k] as number) * (x[k] as number);
  return z;
}

/** Mean softmax loss of the right entries, its gradient and Hessian (listwise: one softmax per query). */
function lossGradHessian(data: readonly Prepared[], w: Float64Array, l2: number, withHessian: boolean) {
  const d = w.length;
  let loss = 0;
  const grad = new Float64Array(d);
  const hess = new Float64Array(withHessian ? d * d : 0);
  for (const { x, y } of data) {
    const z = x.map((xi) => dot(w, xi));
    const top = Math.max(...z);
    const e = z.map((zi) => Math.exp(zi - top));
    const sum = e.reduce((acc, v) => acc + v, 0);
    loss += Math.log(sum) + top - (z[y] as number);
    const mu = new Float64Array(d);
    for (let i = 0; i < x.length; i++) {
      const p = (e[i] as number) / sum;
      const xi = x[i] as Float64Array;
      for (let k = 0; k < d; k++) {
        mu[k] = (mu[k] as number) + p * (xi[k] as number);
        if (withHessian) {
          for (let l = 0; l < d; l++)
            hess[k * d + l] = (hess[k * d + l] as number) + p * (xi[k] as number) * (xi[l] as number);
        }
      }
    }
    const xy = x[y] as Float64Array;
    for (let k = 0; k < d; k++) {
      grad[k] = (grad[k] as number) + (mu[k] as number) - (xy[k] as number);
      if (withHessian) {
        for (let l = 0; l < d; l++)
          hess[k * d + l] = (hess[k * d + l] as number) - (mu[k] as number) * (mu[l] as number);
      }
    }
  }
  const n = Math.max(1, data.length);
  for (let k = 0; k < d; k++) {
    grad[k] = (grad[k] as number) / n + 2 * l2 * (w[k] as number);
    if (withHessian) {
      for (let l = 0; l < d; l++) hess[k * d + l] = (hess[k * d + l] as number) / n + (k === l ? 2 * l2 + 1e-9 : 0);
    }
  }
  let penalty = 0;
  for (const v of w) penalty += l2 * v * v;
  return { loss: loss / n + penalty, grad, hess };
}

/** Solves `A x = b` for a symmetric positive definite `A` (Cholesky); the feature count is small. */
function solve(a: Float64Array, b: Float64Array): Float64Array {
  const d = b.length;
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * d + k] as number) * (l[j * d + k] as number);
      l[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * d + j] as number);
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * d + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * d + i] as number);
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < d; k++) sum -= (l[k * d + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * d + i] as number);
  }
  return x;
}

/**
 * Learns the re-ranker's weights from covered queries by listwise softmax regression (maximising the right entry's
 * share of the softmax over its query's candidates; Newton's method, the loss is convex), then scales them and sets
 * the bias (Platt) so that the score is the probability that a candidate is the right entry, fitted over all
 * candidates, uncovered queries included.
 */
export function trainRerankWeights(samples: readonly RerankSample[], options: TrainOptions = {}): SignalWeights {
  const nonNegative = options.nonNegative ?? ['vector', 'vectorRank'];
  const exclude = [...(options.exclude ?? [])];
  for (;;) {
    // Dropping one signal can turn another negative: refit until none is (at most one round per signal).
    const weights = fit(samples, exclude, options.l2 ?? 1e-5);
    const negative = nonNegative.filter((n) => weights[n] < 0);
    if (negative.length === 0) return weights;
    exclude.push(...negative);
  }
}

function fit(samples: readonly RerankSample[], exclude: readonly (keyof ClaimSignals)[], l2: number): SignalWeights {
  const names = SIGNAL_NAMES.filter((n) => !exclude.includes(n));
  const data = prepare(samples, names).filter((q) => q.y >= 0);
  let w = new Float64Array(names.length);
  let current = lossGradHessian(data, w, l2, true);
  for (let iter = 0; iter < 50 && data.length; iter++) {
    const direction = solve(current.hess, current.grad);
    let step = 1;
    let next = w;
    let trial = current;
    // Backtracking: a full Newton step can overshoot where the softmax saturates.
    for (; step > 1e-4; step /= 2) {
      next = w.map((v, k) => v - step * (direction[k] as number));
      trial = lossGradHessian(data, next, l2, false);
      if (trial.loss < current.loss) break;
    }
    if (!(trial.loss < current.loss)) break;
    const gain = current.loss - trial.loss;
    w = next;
    current = lossGradHessian(data, w, l2, true);
    if (gain < 1e-7) break;
  }
  const { scale, bias } = plattScaling(samples, names, w);
  const weights = Object.fromEntries(SIGNAL_NAMES.map((n) => [n, 0])) as Record<keyof ClaimSignals, number>;
  names.forEach((n, k) => {
    weights[n] = round((w[k] as number) * scale);
  });
  return { bias: round(bias), ...weights };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Fits `sigmoid(scale × z + bias)` to "is the right entry" over every candidate: Newton steps on the two parameters
 * of the standardised score, halved while they do not lower the log loss (saturated scores make plain Newton jump).
 */
function plattScaling(
  samples: readonly RerankSample[],
  names: readonly (keyof ClaimSignals)[],
  w: Float64Array,
): { scale: number; bias: number } {
  const z: number[] = [];
  const t: number[] = [];
  for (const s of samples) {
    for (const c of s.candidates) {
      z.push(
        dot(
          w,
          Float64Array.from(names, (n) => c.signals[n]),
        ),
      );
      t.push(c.id === s.expectedId ? 1 : 0);
    }
  }
  if (z.length === 0) return { scale: 1, bias: 0 };
  const mean = z.reduce((x, y) => x + y, 0) / z.length;
  const sd = Math.sqrt(z.reduce((x, y) => x + (y - mean) ** 2, 0) / z.length) || 1;
  const u = z.map((zi) => (zi - mean) / sd);
  const logLoss = (a: number, b: number) =>
    u.reduce((sum, ui, i) => {
      const m = a * ui + b;
      // log(1 + e^m) − t·m, computed without overflow
      return sum + (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - (t[i] as number) * m;
    }, 0);
  let a = 1;
  let b = 0;
  let loss = logLoss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    u.forEach((ui, i) => {
      const p = 1 / (1 + Math.exp(-(a * ui + b)));
      const r = p - (t[i] as number);
      const h = p * (1 - p);
      ga += r * ui;
      gb += r;
      haa += h * ui * ui;
      hab += h * ui;
      hbb += h;
    });
    const det = haa * hbb - hab * hab;
    if (det <= 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    while (step > 1e-6 && logLoss(a - step * da, b - step * db) > loss) step /= 2;
    const next = logLoss(a - step * da, b - step * db);
    if (loss - next < 1e-9) break;
    a -= step * da;
    b -= step * db;
    loss = next;
  }
  // Back from the standardised score to the raw one: a·(z − mean)/sd + b.
  return { scale: a / sd, bias: b - (a * mean) / sd };
}

/** Recall@1/@5 of `weights` on `samples` (covered queries; ties count against the right entry). */
export function rankFigures(samples: readonly RerankSample[], weights: SignalWeights): RankFigures {
  let covered = 0;
  let at1 = 0;
  let at5 = 0;
  for (const s of samples) {
    if (s.expectedId === null) continue;
    covered++;
    const score = (c: RerankSample['candidates'][number]) =>
      SIGNAL_NAMES.reduce((z, n) => z + weights[n] * c.signals[n], weights.bias);
    const right = s.candidates.find((c) => c.id === s.expectedId);
    if (!right) continue;
    const target = score(right);
    const rank = s.candidates.filter((c) => c.id !== s.expectedId && score(c) >= target).length;
    if (rank === 0) at1++;
    if (rank < 5) at5++;
  }
  return { covered, recallAt1: covered ? at1 / covered : 0, recallAt5: covered ? at5 / covered : 0 };
}

/**
 * k-fold cross-validation: trains on k−1 folds, measures on the held-out one, and pools the held-out figures. The
 * folds are a fixed pseudo-random permutation of the samples (`seed`), so a run is repeatable.
 */
export function crossValidateReranker(
  samples: readonly RerankSample[],
  options: TrainOptions & { folds?: number; seed?: number } = {},
): RankFigures {
  const k = options.folds ?? 5;
  const order = samples.map((_, i) => i);
  let state = (options.seed ?? 1) >>> 0 || 1;
  for (let i = order.length - 1; i > 0; i--) {
    // xorshift32: a deterministic shuffle without a dependency.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  let covered = 0;
  let at1 = 0;
  let at5 = 0;
  for (let f = 0; f < k; f++) {
    const test = order.filter((_, i) => i % k === f).map((i) => samples[i] as RerankSample);
    const train = order.filter((_, i) => i % k !== f).map((i) => samples[i] as RerankSample);
    const figures = rankFigures(test, trainRerankWeights(train, options));
    covered += figures.covered;
    at1 += figures.recallAt1 * figures.covered;
    at5 += figures.recallAt5 * figures.covered;
  }
  return { covered, recallAt1: covered ? at1 / covered : 0, recallAt5: covered ? at5 / covered : 0 };
}
