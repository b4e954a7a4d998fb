import { DomainError } from '../domain/errors.js';
import type { RateLimit, RateLimiter, RateLimiterFactory } from './rate-limiter.js';

/** The actions Charla rate-limits, and for whom: a user (by id) or a client address. */
export type LimitedAction =
  | 'post-message'
  | 'direct-message'
  | 'typing'
  | 'create-room'
  | 'register'
  | 'login'
  /** Reports of messages and users, per reporter. */
  | 'report';

export type ActionLimits = Record<LimitedAction, RateLimit>;

/**
 * Spends one unit of an action's budget for a key, or refuses with RATE_LIMITED and
 * `retryAfterMs`. `onRefused` sees every refusal (for metrics).
 */
export type Throttle = (action: LimitedAction, key: string | number) => Promise<void>;

export function createThrottle(
  limits: ActionLimits,
  rateLimiters: RateLimiterFactory,
  onRefused: (action: LimitedAction) => void = () => {},
): Throttle {
  const limiters = new Map<LimitedAction, RateLimiter>(
    (Object.keys(limits) as LimitedAction[]).map((action) => [
      action,
      rateLimiters(`action:${action}`, limits[action]),
    ]),
  );
  return async (action, key) => {
    const decision = await (limiters.get(action) as RateLimiter).consume(String(key));
    if (!decision.allowed) {
      onRefused(action);
      throw new DomainError('RATE_LIMITED', 'Slow down: too many requests, try again shortly', {
        retryAfterMs: decision.retryAfterMs,
      });
    }
  };
}
