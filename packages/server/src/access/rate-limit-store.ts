import { sql } from 'drizzle-orm';
import type { Db } from '../db/create-database.js';

/** A token bucket: `capacity` requests at once, refilled continuously at `capacity / periodSeconds` per second. */
export interface RateLimit {
  capacity: number;
  periodSeconds: number;
}

export interface BucketTake {
  key: string;
  limit: RateLimit;
}

export interface BucketState {
  key: string;
  limit: RateLimit;
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one token is available (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Where buckets and daily counters live. `postgres` shares them between server processes; `memory` is for one
 * process (and loses them on restart).
 */
export interface RateLimitStore {
  /** Takes one token from each bucket, atomically per bucket. */
  take(buckets: readonly BucketTake[], now: Date): Promise<BucketState[]>;
  /** Counts one use of a daily quota; `allowed: false` (and nothing counted) once `limit` is reached. */
  countDaily(key: string, limit: number, expiresAt: Date): Promise<{ allowed: boolean; used: number }>;
  /** Forgets buckets untouched since `before` and expired counters. */
  prune(before: Date): Promise<void>;
}

const rate = (limit: RateLimit) => limit.capacity / limit.periodSeconds;

function stateOf(key: string, limit: RateLimit, tokens: number, allowed: boolean): BucketState {
  const perSecond = rate(limit);
  return {
    key,
    limit,
    allowed,
    remaining: Math.max(0, Math.floor(tokens)),
    resetSeconds: Math.max(0, Math.ceil((limit.capacity - tokens) / perSecond)),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / perSecond)),
  };
}

/** Buckets in the `rate_limit_buckets` table, refilled and taken in one upsert so concurrent processes agree. */
export function createPostgresRateLimitStore(db: Db): RateLimitStore {
  return {
    async take(buckets, now) {
      if (buckets.length === 0) return [];
      const at = now.toISOString();
      const rows = sql.join(
        buckets.map(
          (b) =>
            sql`(${b.key}, ${b.limit.capacity - 1}::float8, ${b.limit.capacity}::float8, ${rate(b.limit)}::float8, true, ${at}::timestamptz)`,
        ),
        sql`, `,
      );
      // Refill by the time elapsed (never negative: clocks of several processes differ), cap at capacity, then
      // take one token if there is one. Every SET expression sees the old row, so `allowed` matches `tokens`.
      const refilled = sql`least(excluded.capacity, b.tokens + greatest(0, extract(epoch from (excluded.updated_at - b.updated_at))) * excluded.refill_per_second)`;
      const result = await db.execute<{ key: string; tokens: number; allowed: boolean }>(sql`
        insert into rate_limit_buckets as b (key, tokens, capacity, refill_per_second, allowed, updated_at)
        values ${rows}
        on conflict (key) do update set
          tokens = case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end,
          allowed = ${refilled} >= 1,
          capacity = excluded.capacity,
          refill_per_second = excluded.refill_per_second,
          updated_at = greatest(b.updated_at, excluded.updated_at)
        returning key, tokens, allowed`);
      const byKey = new Map(result.rows.map((r) => [r.key, r]));
      return buckets.map((b) => {
        const row = byKey.get(b.key);
        if (!row) throw new Error(`rate limit upsert returned no row for ${b.key}`);
        return stateOf(b.key, b.limit, Number(row.tokens), Boolean(row.allowed));
      });
    },
    async countDaily(key, limit, expiresAt) {
      const result = await db.execute<{ used: number }>(sql`
        insert into quota_usage as q (key, used, expires_at) values (${key}, 1, ${expiresAt.toISOString()}::timestamptz)
        on conflict (key) do update set used = q.used + 1 where q.used < ${limit}
        returning used`);
      const row = result.rows[0];
      if (row && limit >= 1) return { allowed: true, used: Number(row.used) };
      return { allowed: false, used: limit };
    },
    async prune(before) {
      await db.execute(sql`delete from rate_limit_buckets where updated_at < ${before.toISOString()}::timestamptz`);
      await db.execute(sql`delete from quota_usage where expires_at < ${before.toISOString()}::timestamptz`);
    },
  };
}

const MEMORY_STORE_MAX_BUCKETS = 50_000;

/** Buckets in this process's memory: for a single process, or when the database should not be written per request. */
export function createMemoryRateLimitStore(): RateLimitStore {
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  const counters = new Map<string, { used: number; expiresAt: number }>();
  return {
    async take(takes, now) {
      const at = now.getTime();
      // Many distinct IPs would grow the map without end: forget buckets idle for an hour (they are full again).
      if (buckets.size > MEMORY_STORE_MAX_BUCKETS) {
        for (const [key, bucket] of buckets) if (at - bucket.updatedAt > 3_600_000) buckets.delete(key);
      }
      return takes.map(({ key, limit }) => {
        const previous = buckets.get(key);
        const refilled = previous
          ? Math.min(limit.capacity, previous.tokens + (Math.max(0, at - previous.updatedAt) / 1000) * rate(limit))
          : limit.capacity;
        const allowed = refilled >= 1;
        const tokens = allowed ? refilled - 1 : refilled;
        buckets.set(key, { tokens, updatedAt: Math.max(at, previous?.updatedAt ?? at) });
        return stateOf(key, limit, tokens, allowed);
      });
    },
    async countDaily(key, limit, expiresAt) {
      const counter = counters.get(key) ?? { used: 0, expiresAt: expiresAt.getTime() };
      if (counter.used >= limit) return { allowed: false, used: counter.used };
      counter.used += 1;
      counters.set(key, counter);
      return { allowed: true, used: counter.used };
    },
    async prune(before) {
      const cutoff = before.getTime();
      for (const [key, bucket] of buckets) if (bucket.updatedAt < cutoff) buckets.delete(key);
      for (const [key, counter] of counters) if (counter.expiresAt < cutoff) counters.delete(key);
    },
  };
}
