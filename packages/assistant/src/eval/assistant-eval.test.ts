import { describe, expect, it } from 'vitest';
import { type AssistantEvalObservation, percentile, scoreAssistant } from './assistant-eval.js';

const obs = (o: Partial<AssistantEvalObservation>): AssistantEvalObservation => ({
  intent: 'science_qa',
  citedExternalIds: [],
  rating: null,
  noAnswer: false,
  firstByteMs: 10,
  doneMs: 20,
  error: null,
  ...o,
});

describe('scoreAssistant', () => {
  it('computes each figure over the cases that expect it', () => {
    const report = scoreAssistant(
      [
        { question: 'a', expectIntent: 'rumour_check', expectRating: 'false', expectSourceExternalIds: ['R1'] },
        { question: 'b', expectIntent: 'place_lookup', expectSourceExternalIds: ['P1'] },
        { question: 'c', expectNoAnswer: true },
        { question: 'd' },
      ],
      [
        obs({ intent: 'rumour_check', rating: 'false', citedExternalIds: ['X', 'Y', 'R1'] }),
        obs({ intent: 'science_qa', citedExternalIds: ['X', 'Y', 'Z', 'P1'], firstByteMs: 100 }),
        obs({ noAnswer: true }),
        obs({ noAnswer: true }),
      ],
    );
    expect(report).toMatchObject({
      intentAccuracy: 0.5,
      sourceHitAt3: 0.5,
      verdictAccuracy: 1,
      noAnswerPrecision: 0.5,
      noAnswerRecall: 1,
      firstByteP95Ms: 100,
    });
    expect(report.failures.map((f) => f.question)).toEqual(['b', 'd']);
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([], 95)).toBe(0);
  });
});
