import { z } from 'zod';

/** The health-expert base's environment variables (merged into `CONFIG_VARIABLES` and README's table). */
export const RUMOURS_CONFIG_VARIABLES = {
  KEPU_REVIEW_SWEEP_MINUTES: {
    default: '60',
    example: '15',
    meaning:
      'How often (minutes, 1–1440) the review sweep flags health resources past their review date and takes them out of the assistant index; it also runs at start. 0: only at start.',
  },
} as const;

export const RUMOURS_CONFIG_FIELDS = {
  KEPU_REVIEW_SWEEP_MINUTES: z.coerce
    .number({ error: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(0, 'must be 0 (only at start) or 1–1440 minutes')
    .max(1440, 'must be at most 1440 (a day)')
    .default(60),
};

type RumoursFields = z.output<z.ZodObject<typeof RUMOURS_CONFIG_FIELDS>>;

export interface RumoursConfig {
  /** Interval of the review sweep in milliseconds; 0 runs it only at start. */
  reviewSweepIntervalMs: number;
}

export function rumoursConfigFrom(c: RumoursFields): RumoursConfig {
  return { reviewSweepIntervalMs: c.KEPU_REVIEW_SWEEP_MINUTES * 60_000 };
}
