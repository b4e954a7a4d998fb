import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

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

/** Counters in this process's memory (rate-limiter-flexible's RateLimiterMemory). */
export const createMemoryRateLimiter: RateLimiterFactory = (name, limit) => {
  const sustained = new RateLimiterMemory({
    keyPrefix: name,
    points: limit.points,
    duration: limit.durationSeconds,
  });
  const burst = limit.burst
    ? new RateLimiterMemory({
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
};
