import { z } from 'zod';

/**
 * Verdict of a reviewed rumour entry (schema.org ClaimReview `reviewRating`). Numeric scale, for ClaimReview's
 * `ratingValue` (worst 1, best 5): false 1 · misleading 2 · mixed 3 · unproven 3 · true 5.
 */
export const RumourRating = z.enum(['false', 'misleading', 'mixed', 'true', 'unproven']).meta({ id: 'RumourRating' });
export type RumourRating = z.infer<typeof RumourRating>;

/** Chinese labels shown to citizens. */
export const RUMOUR_RATING_LABELS: Record<RumourRating, { 'zh-CN': string; en: string }> = {
  false: { 'zh-CN': '谣言', en: 'False' },
  misleading: { 'zh-CN': '误导', en: 'Misleading' },
  mixed: { 'zh-CN': '部分正确', en: 'Partly true' },
  true: { 'zh-CN': '属实', en: 'True' },
  unproven: { 'zh-CN': '尚无定论', en: 'Unproven' },
};
