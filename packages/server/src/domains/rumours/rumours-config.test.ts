import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';

const load = (value?: string) =>
  loadConfig({ KEPU_DATA_DIR: 'memory://', ...(value === undefined ? {} : { KEPU_REVIEW_SWEEP_MINUTES: value }) });

describe('KEPU_REVIEW_SWEEP_MINUTES', () => {
  it('defaults to hourly and takes 0 (only at start) to 1440 minutes', () => {
    expect(load().rumours.reviewSweepIntervalMs).toBe(3_600_000);
    expect(load('0').rumours.reviewSweepIntervalMs).toBe(0);
    expect(load('15').rumours.reviewSweepIntervalMs).toBe(900_000);
  });

  it.each(['1441', '-5', '1.5', 'hourly'])(
    'refuses %s with a message naming the variable and a good value',
    (value) => {
      expect(() => load(value)).toThrow(ConfigError);
      expect(() => load(value)).toThrow(
        /KEPU_REVIEW_SWEEP_MINUTES=.*Example of a good value: KEPU_REVIEW_SWEEP_MINUTES=15/,
      );
    },
  );
});
