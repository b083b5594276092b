export type ClaimDecision = 'match' | 'possible' | 'none';

export interface ClaimThresholds {
  /** Confidence at or above which the first entry is the answer and its verdict is shown. */
  match: number;
  /** Confidence at or above which the entries are shown as "possibly related", with no verdict claimed. */
  possible: number;
}

/**
 * Calibrated on the development set (docs/rumours.md, "Thresholds"): at `match` 0.10, 1.2% of uncovered messages
 * were answered `match` and 95.8% of `match` answers named the right entry; at `possible` 0.06, 17% of uncovered
 * messages reach `possible` or better (related entries, never a verdict for the text) and 2.5% of covered messages
 * fall below it. Change them only with a new measurement (`pnpm kepu eval rumours`).
 */
export const CLAIM_THRESHOLDS: ClaimThresholds = { match: 0.1, possible: 0.06 };

export function decide(confidence: number, thresholds: ClaimThresholds): ClaimDecision {
  if (confidence >= thresholds.match) return 'match';
  if (confidence >= thresholds.possible) return 'possible';
  return 'none';
}
