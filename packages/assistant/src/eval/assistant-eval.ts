import { ChatContext, Intent } from '@kepu/sdk/schema';
import { z } from 'zod';

/** One line of an evaluation file (`kepu eval assistant --cases <file.jsonl>`). */
export const AssistantEvalCase = z.object({
  question: z.string().min(1, 'question must not be empty').max(2000),
  context: ChatContext.optional(),
  expectIntent: Intent.optional(),
  expectSourceExternalIds: z.array(z.string().min(1)).min(1).optional(),
  expectRating: z.enum(['false', 'misleading', 'mixed', 'true', 'unproven']).optional(),
  expectNoAnswer: z.boolean().optional(),
});
export type AssistantEvalCase = z.infer<typeof AssistantEvalCase>;

/** What one streamed answer showed, as the evaluator observed it over HTTP. */
export interface AssistantEvalObservation {
  intent: string | null;
  /** externalIds (or ids when a record has none) of the citations, in answer order. */
  citedExternalIds: string[];
  rating: string | null;
  /** No citation and no card: the answer said it does not know (or declined). */
  noAnswer: boolean;
  firstByteMs: number;
  doneMs: number;
  error: string | null;
}

export interface AssistantEvalReport {
  cases: number;
  errors: number;
  intentAccuracy: number | null;
  sourceHitAt3: number | null;
  verdictAccuracy: number | null;
  noAnswerPrecision: number | null;
  noAnswerRecall: number | null;
  firstByteP50Ms: number;
  firstByteP95Ms: number;
  doneP50Ms: number;
  doneP95Ms: number;
  /** Each case with what was expected and observed, for reading failures. */
  failures: { question: string; problems: string[] }[];
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[rank] ?? 0) * 10) / 10;
}

const ratio = (hit: number, n: number) => (n === 0 ? null : Math.round((hit / n) * 1000) / 1000);

/**
 * Scores observations against cases: intent accuracy, source hit@3 (one of the expected records among the first
 * three citations), verdict accuracy, no-answer precision and recall (a case without `expectNoAnswer` expects an
 * answer), and latency percentiles of the first streamed byte and of `done`.
 */
export function scoreAssistant(
  cases: readonly AssistantEvalCase[],
  observations: readonly AssistantEvalObservation[],
): AssistantEvalReport {
  let intentN = 0;
  let intentHit = 0;
  let sourceN = 0;
  let sourceHit = 0;
  let verdictN = 0;
  let verdictHit = 0;
  let predictedNo = 0;
  let trueNo = 0;
  let expectedNo = 0;
  const failures: AssistantEvalReport['failures'] = [];
  cases.forEach((c, i) => {
    const o = observations[i];
    if (!o) return;
    const problems: string[] = [];
    if (o.error) problems.push(`error: ${o.error}`);
    if (c.expectIntent) {
      intentN++;
      if (o.intent === c.expectIntent) intentHit++;
      else problems.push(`intent ${o.intent} ≠ ${c.expectIntent}`);
    }
    if (c.expectSourceExternalIds) {
      sourceN++;
      if (o.citedExternalIds.slice(0, 3).some((id) => c.expectSourceExternalIds?.includes(id))) sourceHit++;
      else
        problems.push(
          `sources [${o.citedExternalIds.slice(0, 3).join(', ')}] miss [${c.expectSourceExternalIds.join(', ')}]`,
        );
    }
    if (c.expectRating) {
      verdictN++;
      if (o.rating === c.expectRating) verdictHit++;
      else problems.push(`rating ${o.rating} ≠ ${c.expectRating}`);
    }
    const expectNo = c.expectNoAnswer === true;
    if (expectNo) expectedNo++;
    if (o.noAnswer) predictedNo++;
    if (o.noAnswer && expectNo) trueNo++;
    if (o.noAnswer !== expectNo) problems.push(expectNo ? 'answered, expected no answer' : 'no answer, expected one');
    if (problems.length) failures.push({ question: c.question, problems });
  });
  const firstBytes = observations.map((o) => o.firstByteMs);
  const dones = observations.map((o) => o.doneMs);
  return {
    cases: cases.length,
    errors: observations.filter((o) => o.error).length,
    intentAccuracy: ratio(intentHit, intentN),
    sourceHitAt3: ratio(sourceHit, sourceN),
    verdictAccuracy: ratio(verdictHit, verdictN),
    noAnswerPrecision: ratio(trueNo, predictedNo),
    noAnswerRecall: ratio(trueNo, expectedNo),
    firstByteP50Ms: percentile(firstBytes, 50),
    firstByteP95Ms: percentile(firstBytes, 95),
    doneP50Ms: percentile(dones, 50),
    doneP95Ms: percentile(dones, 95),
    failures,
  };
}
