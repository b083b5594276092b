import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

const base = { KEPU_DATA_DIR: 'memory://' };

describe('access settings', () => {
  it('has safe defaults', () => {
    const { access } = loadConfig(base);
    expect(access.rateLimits).toMatchObject({
      store: 'postgres',
      groups: {
        default: { capacity: 600, periodSeconds: 60 },
        assistant: { capacity: 20, periodSeconds: 60 },
        registrations: { capacity: 10, periodSeconds: 60 },
      },
      assistantDailyQuota: 5000,
    });
    expect(access).toMatchObject({
      trustedProxyHops: 0,
      sessionTtlSeconds: 900,
      auditRetentionDays: 365,
      frameAncestors: "'self'",
    });
  });

  it('reads rates, off and quotas', () => {
    const { access } = loadConfig({
      ...base,
      KEPU_RATE_LIMIT_STORE: 'memory',
      KEPU_RATE_LIMIT_ASSISTANT: '100/10s',
      KEPU_RATE_LIMIT_IP: 'off',
      KEPU_ASSISTANT_DAILY_QUOTA: 'off',
    });
    expect(access.rateLimits.store).toBe('memory');
    expect(access.rateLimits.groups.assistant).toEqual({ capacity: 100, periodSeconds: 10 });
    expect(access.rateLimits.perIp).toBeNull();
    expect(access.rateLimits.assistantDailyQuota).toBeNull();
  });

  it('stops on bad values with the variable, the problem and a good example', () => {
    for (const [name, value, problem] of [
      ['KEPU_RATE_LIMIT_ASSISTANT', 'lots', 'is not a rate'],
      ['KEPU_RATE_LIMIT_STORE', 'redis', 'KEPU_RATE_LIMIT_STORE'],
      ['KEPU_ASSISTANT_DAILY_QUOTA', '-5', 'whole number'],
      ['KEPU_SESSION_TTL_SECONDS', '5', 'KEPU_SESSION_TTL_SECONDS'],
      ['KEPU_TRUSTED_PROXY_HOPS', 'yes', 'KEPU_TRUSTED_PROXY_HOPS'],
      ['KEPU_FRAME_ANCESTORS', '*', 'must be'],
    ] as const) {
      const attempt = () => loadConfig({ ...base, [name]: value });
      expect(attempt, name).toThrow(ConfigError);
      expect(attempt, name).toThrow(problem);
      expect(attempt, name).toThrow(`Example of a good value: ${name}=`);
    }
  });
});
