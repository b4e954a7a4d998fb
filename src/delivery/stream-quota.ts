import { DomainError } from '../domain/errors.js';

/**
 * Counts the live streams each user holds where nothing else bounds them: an SSE stream is a
 * request of its own, so without this one token could hold thousands (a signed-in WebSocket is
 * bounded by its own subscription cap and the per-user socket cap; an operation signed in by its
 * own token on an anonymous socket counts here too). Counted per instance.
 */
export class StreamQuota {
  readonly #held = new Map<number, number>();

  /** @param maxPerUser streams one user may hold at once (`MAX_SSE_STREAMS_PER_USER`, default 50). */
  constructor(readonly maxPerUser: number) {}

  /**
   * Takes one of the user's streams, or throws TOO_MANY_SUBSCRIPTIONS when they hold them all.
   * Returns the function that gives it back (idempotent).
   */
  reserve(userId: number): () => void {
    const held = this.#held.get(userId) ?? 0;
    if (held >= this.maxPerUser) {
      throw new DomainError(
        'TOO_MANY_SUBSCRIPTIONS',
        `At most ${this.maxPerUser} subscriptions per user over SSE or signed in per operation: end one, or use one signed-in WebSocket for all of them`,
      );
    }
    this.#held.set(userId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#held.get(userId) ?? 1) - 1;
      if (left === 0) this.#held.delete(userId);
      else this.#held.set(userId, left);
    };
  }
}

/** The stream, giving `release` back when it is returned, even before it ever started. */
export function releasingOnReturn<T>(
  stream: AsyncIterableIterator<T>,
  release: () => void,
): AsyncIterableIterator<T> {
  return {
    next: () => stream.next(),
    return: (value?: unknown) => {
      release();
      return stream.return
        ? stream.return(value)
        : Promise.resolve({ done: true, value: value as T });
    },
    throw: (error?: unknown) => {
      release();
      return stream.throw ? stream.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
