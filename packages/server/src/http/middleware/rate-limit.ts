import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { AccessConfig } from '../../access/access-config.js';
import type { Principal } from '../../access/principal.js';
import {
  type BucketState,
  type BucketTake,
  createMemoryRateLimitStore,
  createPostgresRateLimitStore,
  type RateLimitStore,
} from '../../access/rate-limit-store.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/create-database.js';
import { organizations } from '../../db/schema/access.js';
import type { AppEnv } from '../app-env.js';
import { clientIp } from '../client-ip.js';
import { ApiError } from '../errors.js';

export type RouteGroup = 'default' | 'assistant' | 'registrations';

const ASSISTANT_PATHS = /^\/v1\/(assistant(\/|$)|chat\/completions$|rumours\/check$)/;
/** What citizens submit from browsers: registrations, shift sign-ups, rumour tips. */
const SUBMISSION_PATHS = /\/(registrations|sign-up)$|^\/v1\/rumours\/tips$/;

/**
 * Which limit applies: the assistant (and the OpenAI-compatible chat and rumour checks, which run retrieval) and
 * browser submissions are stricter than the rest. Servers with secret keys submit in the default group.
 */
export function routeGroupOf(method: string, path: string, principalKind: Principal['kind'] = 'anonymous'): RouteGroup {
  if (ASSISTANT_PATHS.test(path)) return 'assistant';
  if (method === 'POST' && principalKind !== 'secret' && SUBMISSION_PATHS.test(path)) return 'registrations';
  return 'default';
}

export interface RateLimitDeps {
  store: RateLimitStore;
  db: Db;
  limits: AccessConfig['rateLimits'];
  trustedProxyHops: number;
  timeZone: string;
  now?: () => Date;
}

/**
 * Token buckets, taken after authentication:
 * - per client and route group: a secret key, a widget session, or (publishable key or no key) the client IP;
 * - per IP for every browser request (no secret key), and per publishable key for all its visitors together;
 * - a daily assistant quota per organisation.
 * Answers 429 `rate_limited` with `Retry-After`; every limited response carries `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` of the tightest bucket.
 */
export function rateLimit(deps: RateLimitDeps): MiddlewareHandler<AppEnv> {
  const now = deps.now ?? (() => new Date());
  return async function rateLimit(c, next) {
    if (c.req.method === 'OPTIONS') return next();
    const principal = c.get('principal');
    const group = routeGroupOf(c.req.method, c.req.path, principal.kind);
    const groupLimit = deps.limits.groups[group];
    const ip = clientIp(c, deps.trustedProxyHops);
    const takes: BucketTake[] = [];
    if (groupLimit) {
      const client =
        principal.kind === 'secret'
          ? `key:${principal.keyId}`
          : principal.kind === 'session'
            ? `session:${principal.sessionId}`
            : `ip:${ip}`;
      takes.push({ key: `${group}:${client}`, limit: groupLimit });
    }
    if (principal.kind !== 'secret' && deps.limits.perIp) {
      takes.push({ key: `all:ip:${ip}`, limit: deps.limits.perIp });
    }
    if ((principal.kind === 'publishable' || principal.kind === 'session') && deps.limits.perPublishableKey) {
      takes.push({ key: `all:key:${principal.keyId}`, limit: deps.limits.perPublishableKey });
    }
    const at = now();
    const states = await deps.store.take(takes, at);
    const tightest = states.reduce<BucketState | undefined>(
      (worst, s) => (!worst || s.remaining / s.limit.capacity < worst.remaining / worst.limit.capacity ? s : worst),
      undefined,
    );
    const headers: Record<string, string> = tightest
      ? {
          'RateLimit-Limit': String(tightest.limit.capacity),
          'RateLimit-Remaining': String(tightest.remaining),
          'RateLimit-Reset': String(tightest.resetSeconds),
        }
      : {};
    const denied = states.filter((s) => !s.allowed);
    if (denied.length > 0) {
      const retryAfter = Math.max(...denied.map((s) => s.retryAfterSeconds));
      throw new ApiError(
        429,
        'rate_limited',
        `Too many requests (limit ${describe(denied[0])}). Retry after ${retryAfter} s.`,
        undefined,
        { ...headers, 'Retry-After': String(retryAfter) },
      );
    }
    if (group === 'assistant' && principal.organizationId && c.req.method === 'POST') {
      await takeDailyQuota(deps, principal.organizationId, at);
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}

function describe(state: BucketState | undefined): string {
  if (!state) return '';
  const { capacity, periodSeconds } = state.limit;
  const period = periodSeconds === 60 ? 'minute' : periodSeconds === 3600 ? 'hour' : `${periodSeconds} s`;
  return `${capacity} per ${period}`;
}

async function takeDailyQuota(deps: RateLimitDeps, organizationId: string, at: Date): Promise<void> {
  const [org] = await deps.db
    .select({ quota: organizations.assistantDailyQuota })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const quota = org?.quota ?? deps.limits.assistantDailyQuota;
  if (quota === null) return;
  const { day, secondsLeft } = dayIn(at, deps.timeZone);
  const expiresAt = new Date(at.getTime() + (secondsLeft + 86_400) * 1000);
  const counted = await deps.store.countDaily(`assistant:${organizationId}:${day}`, quota, expiresAt);
  if (!counted.allowed) {
    throw new ApiError(
      429,
      'rate_limited',
      `This partner's daily assistant quota (${quota} requests) is used up. It resets at midnight (${deps.timeZone}); ask the association to raise it.`,
      undefined,
      {
        'Retry-After': String(secondsLeft),
        'RateLimit-Limit': String(quota),
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': String(secondsLeft),
      },
    );
  }
}

/** The calendar day of `at` in `timeZone` and the seconds left in it. */
export function dayIn(at: Date, timeZone: string): { day: string; secondsLeft: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const elapsed = Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  return { day: `${parts.year}-${parts.month}-${parts.day}`, secondsLeft: Math.max(1, 86_400 - elapsed) };
}

/**
 * The rate limiter of an app, per configuration; a pass-through when `KEPU_RATE_LIMIT_STORE=off`.
 * The memory store is made here, so each app (each process) has its own.
 */
export function rateLimitFromConfig(config: Config, db: Db): MiddlewareHandler<AppEnv> {
  const { rateLimits, trustedProxyHops } = config.access;
  if (rateLimits.store === 'off') {
    return async function rateLimitOff(_c, next) {
      await next();
    };
  }
  const store = rateLimits.store === 'memory' ? createMemoryRateLimitStore() : createPostgresRateLimitStore(db);
  return rateLimit({ store, db, limits: rateLimits, trustedProxyHops, timeZone: config.timeZone });
}
