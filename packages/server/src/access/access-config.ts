import { z } from 'zod';
import type { RateLimit } from './rate-limit-store.js';

/** The access-control settings' environment variables (merged into `CONFIG_VARIABLES` and README's table). */
export const ACCESS_CONFIG_VARIABLES = {
  KEPU_RATE_LIMIT_STORE: {
    default: 'postgres',
    example: 'memory',
    meaning:
      'Where rate-limit buckets live: postgres (shared by every server process), memory (one process only), or off.',
  },
  KEPU_RATE_LIMIT_DEFAULT: {
    default: '600/min',
    example: '300/min',
    meaning: 'Requests per client (session, secret key, or IP without a session) to /v1 routes of no stricter group.',
  },
  KEPU_RATE_LIMIT_ASSISTANT: {
    default: '20/min',
    example: '10/min',
    meaning:
      'Requests per client to /v1/assistant/*, /v1/chat/completions and /v1/rumours/check. Format N/s, N/min, N/h or N/day; off disables a limit.',
  },
  KEPU_RATE_LIMIT_REGISTRATIONS: {
    default: '10/min',
    example: '5/min',
    meaning:
      'Browser submissions per client: registrations, shift sign-ups, rumour tips (secret keys use the default limit).',
  },
  KEPU_RATE_LIMIT_IP: {
    default: '1200/min',
    example: '600/min',
    meaning: 'All browser requests (no secret key) from one IP address together; generous for school NATs.',
  },
  KEPU_RATE_LIMIT_PUBLISHABLE_KEY: {
    default: '6000/min',
    example: '3000/min',
    meaning:
      "All requests made with one publishable key and its sessions together (every visitor of a partner's site).",
  },
  KEPU_ASSISTANT_DAILY_QUOTA: {
    default: '5000',
    example: '20000',
    meaning:
      'Assistant POSTs (chat, completions, rumour checks) per partner organisation per day (in KEPU_TIME_ZONE); per-partner override in organizations.assistant_daily_quota; off for none.',
  },
  KEPU_TRUSTED_PROXY_HOPS: {
    default: '0',
    example: '1',
    meaning:
      'Reverse proxies in front of the server. The client IP is then read from X-Forwarded-For (that many entries from the right); 0 ignores the header.',
  },
  KEPU_SESSION_TTL_SECONDS: {
    default: '900',
    example: '600',
    meaning: 'Lifetime of a widget session token (POST /v1/sessions), 60–86400 seconds.',
  },
  KEPU_REQUIRE_WIDGET_SESSIONS: {
    default: 'false',
    example: 'true',
    meaning:
      'true: a publishable key alone may only read and create widget sessions; citizen actions need the session token.',
  },
  KEPU_FRAME_ANCESTORS: {
    default: "'self'",
    example: "'self' https://www.example.org",
    meaning: "CSP frame-ancestors of every HTML page: who may frame them ('none', 'self', origins).",
  },
  KEPU_AUDIT_RETENTION_DAYS: {
    default: '365',
    example: '1095',
    meaning: 'Audit-log entries older than this are deleted (at start and daily); 0 keeps them forever.',
  },
} as const;

const RATE = /^(\d{1,9})\s*\/\s*(\d{1,6})?\s*(s|sec|second|m|min|minute|h|hour|d|day)$/;
const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hour: 3600,
  d: 86400,
  day: 86400,
};

/** Parses `20/min`, `100/10s`, `5000/day` or `off`; null when the text is not a rate. */
export function parseRateLimit(text: string): RateLimit | 'off' | null {
  const value = text.trim().toLowerCase();
  if (value === 'off') return 'off';
  const match = RATE.exec(value);
  if (!match) return null;
  const capacity = Number(match[1]);
  const periodSeconds = Number(match[2] ?? 1) * (UNIT_SECONDS[match[3] ?? ''] ?? 0);
  if (capacity < 1 || periodSeconds < 1) return null;
  return { capacity, periodSeconds };
}

const rateLimit = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const parsed = parseRateLimit(text);
      if (parsed === null) {
        ctx.addIssue({ code: 'custom', message: 'is not a rate like 20/min, 100/10s, 5000/day, or off' });
        return z.NEVER;
      }
      return parsed === 'off' ? null : parsed;
    });

/** zod fields of the access settings, spread into the config schema. */
export const ACCESS_CONFIG_FIELDS = {
  KEPU_RATE_LIMIT_STORE: z.enum(['postgres', 'memory', 'off']).default('postgres'),
  KEPU_RATE_LIMIT_DEFAULT: rateLimit('600/min'),
  KEPU_RATE_LIMIT_ASSISTANT: rateLimit('20/min'),
  KEPU_RATE_LIMIT_REGISTRATIONS: rateLimit('10/min'),
  KEPU_RATE_LIMIT_IP: rateLimit('1200/min'),
  KEPU_RATE_LIMIT_PUBLISHABLE_KEY: rateLimit('6000/min'),
  KEPU_ASSISTANT_DAILY_QUOTA: z
    .string()
    .default('5000')
    .transform((text, ctx) => {
      if (text.trim().toLowerCase() === 'off') return null;
      if (!/^\d{1,9}$/.test(text.trim())) {
        ctx.addIssue({ code: 'custom', message: 'is not a whole number of requests per day, or off' });
        return z.NEVER;
      }
      return Number(text);
    }),
  KEPU_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  KEPU_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  KEPU_REQUIRE_WIDGET_SESSIONS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  KEPU_FRAME_ANCESTORS: z
    .string()
    .trim()
    .default("'self'")
    .refine(
      (v) => v.split(/\s+/).every((s) => /^'(self|none)'$/.test(s) || /^https?:\/\/[a-z0-9.*-]+(:\d{1,5})?$/.test(s)),
      "must be 'none', 'self' or origins like https://www.example.org, separated by spaces",
    )
    .refine((v) => !v.includes("'none'") || v === "'none'", "'none' cannot be combined with other sources"),
  KEPU_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(365),
};

type AccessFields = z.output<z.ZodObject<typeof ACCESS_CONFIG_FIELDS>>;

export interface AccessConfig {
  rateLimits: {
    store: 'postgres' | 'memory' | 'off';
    /** Per route group; null = no limit for the group. */
    groups: { default: RateLimit | null; assistant: RateLimit | null; registrations: RateLimit | null };
    perIp: RateLimit | null;
    perPublishableKey: RateLimit | null;
    assistantDailyQuota: number | null;
  };
  trustedProxyHops: number;
  sessionTtlSeconds: number;
  auditRetentionDays: number;
  /** Whether citizen actions from browsers must use a widget session rather than the publishable key itself. */
  requireWidgetSessions: boolean;
  /** CSP `frame-ancestors` of HTML pages. */
  frameAncestors: string;
}

export function accessConfigFrom(c: AccessFields): AccessConfig {
  return {
    rateLimits: {
      store: c.KEPU_RATE_LIMIT_STORE,
      groups: {
        default: c.KEPU_RATE_LIMIT_DEFAULT,
        assistant: c.KEPU_RATE_LIMIT_ASSISTANT,
        registrations: c.KEPU_RATE_LIMIT_REGISTRATIONS,
      },
      perIp: c.KEPU_RATE_LIMIT_IP,
      perPublishableKey: c.KEPU_RATE_LIMIT_PUBLISHABLE_KEY,
      assistantDailyQuota: c.KEPU_ASSISTANT_DAILY_QUOTA,
    },
    trustedProxyHops: c.KEPU_TRUSTED_PROXY_HOPS,
    sessionTtlSeconds: c.KEPU_SESSION_TTL_SECONDS,
    auditRetentionDays: c.KEPU_AUDIT_RETENTION_DAYS,
    requireWidgetSessions: c.KEPU_REQUIRE_WIDGET_SESSIONS,
    frameAncestors: c.KEPU_FRAME_ANCESTORS,
  };
}
