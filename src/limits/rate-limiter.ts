import type { Redis } from 'ioredis';
import {
  BurstyRateLimiter,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/**
 * At most `points` per `durationSeconds`, counted per key in fixed windows; with `burst`, a
 * second budget that absorbs short bursts above the sustained rate (e.g. 5 per second sustained,
 * 15 more per 3 seconds: bursts of 20).
 */
export type RateLimit = {
  points: number;
  durationSeconds: number;
  burst?: { points: number; durationSeconds: number };
};

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A counter per key with a budget per window. Charla's limits (failed logins, posting…) are all
 * built on this; the in-memory implementation serves one instance, a Redis one several.
 */
export interface RateLimiter {
  /** Spends `points` (default 1); refused once the window's budget is spent. */
  consume(key: string, points?: number): Promise<RateDecision>;
  /** Whether the key still has budget, without spending any. */
  check(key: string): Promise<RateDecision>;
  /** Forgets the key's spending (e.g. after a successful login). */
  reset(key: string): Promise<void>;
}

/** Makes a limiter for one named purpose; the name keeps the purposes' counters apart. */
export type RateLimiterFactory = (name: string, limit: RateLimit) => RateLimiter;

function refused(rejection: unknown): RateDecision {
  if (rejection instanceof RateLimiterRes) {
    return { allowed: false, retryAfterMs: Math.max(1, rejection.msBeforeNext) };
  }
  throw rejection;
}

type Store = (options: {
  keyPrefix: string;
  points: number;
  duration: number;
}) => RateLimiterAbstract;

/** Counters in this process's memory (rate-limiter-flexible's RateLimiterMemory). */
export const createMemoryRateLimiter: RateLimiterFactory = (name, limit) =>
  limiterOn((options) => new RateLimiterMemory(options), name, limit);

/** Counters in Redis, shared by every instance (rate-limiter-flexible's RateLimiterRedis). */
export function redisRateLimiters(client: Redis, prefix: string): RateLimiterFactory {
  return (name, limit) =>
    limiterOn(
      (options) =>
        new RateLimiterRedis({
          ...options,
          keyPrefix: `${prefix}rate:${options.keyPrefix}`,
          storeClient: client,
          // While Redis is down, count in this instance's memory instead of failing requests.
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        }),
      name,
      limit,
    );
}

function limiterOn(store: Store, name: string, limit: RateLimit): RateLimiter {
  const sustained = store({
    keyPrefix: name,
    points: limit.points,
    duration: limit.durationSeconds,
  });
  const burst = limit.burst
    ? store({
        keyPrefix: `${name}:burst`,
        points: limit.burst.points,
        duration: limit.burst.durationSeconds,
      })
    : undefined;
  const spender = burst ? new BurstyRateLimiter(sustained, burst) : sustained;

  return {
    async consume(key, points = 1) {
      try {
        await spender.consume(key, points);
        return { allowed: true };
      } catch (rejection) {
        return refused(rejection);
      }
    },
    async check(key) {
      const state = await sustained.get(key);
      if (!state || state.consumedPoints < limit.points) return { allowed: true };
      const extra = burst ? await burst.get(key) : null;
      if (limit.burst && (!extra || extra.consumedPoints < limit.burst.points)) {
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterMs: Math.max(1, Math.min(state.msBeforeNext, extra?.msBeforeNext ?? Infinity)),
      };
    },
    async reset(key) {
      await Promise.all([sustained.delete(key), burst?.delete(key)]);
    },
  };
}
