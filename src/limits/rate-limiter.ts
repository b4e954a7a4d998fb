import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** At most `points` per `durationSeconds`, counted per key in fixed windows. */
export type RateLimit = { points: number; durationSeconds: number };

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

/** Counters in this process's memory (rate-limiter-flexible's RateLimiterMemory). */
export const createMemoryRateLimiter: RateLimiterFactory = (name, limit) => {
  const limiter = new RateLimiterMemory({
    keyPrefix: name,
    points: limit.points,
    duration: limit.durationSeconds,
  });
  return {
    async consume(key, points = 1) {
      try {
        await limiter.consume(key, points);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterMs: Math.max(1, rejection.msBeforeNext) };
        }
        throw rejection;
      }
    },
    async check(key) {
      const state = await limiter.get(key);
      if (state && state.consumedPoints >= limit.points) {
        return { allowed: false, retryAfterMs: Math.max(1, state.msBeforeNext) };
      }
      return { allowed: true };
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
};
