import type { DomainError } from '../domain/errors.js';
import {
  type AccessWatcher,
  type DeliveryLimits,
  returnableWhileWaiting,
  slowConsumer,
} from './message-stream.js';

/** What an ephemeral-event subscription yields: an event, or the error that ends it. */
export type EventItem<E> = { event: E } | { end: DomainError };

export type EventStreamOptions<E> = {
  /** Starts listening; returns the function that stops. */
  listen: (deliver: (event: E) => void) => () => void;
  watchers: AccessWatcher[];
  limits: DeliveryLimits;
  bufferedBytes: () => number;
  signal: AbortSignal;
  onDelivered?: () => void;
  /** While it returns a promise, access is being re-checked: nothing is delivered until it settles. */
  held?: () => Promise<void> | undefined;
};

/**
 * Live ephemeral events (typing, presence, members coming and going): delivered as they
 * happen, never stored or replayed, ended like message streams when access is lost or the
 * subscriber falls behind.
 */
export function eventStream<E>(
  options: EventStreamOptions<E>,
): AsyncIterableIterator<EventItem<E>> {
  return returnableWhileWaiting(async function* (stopped) {
    const queue: E[] = [];
    let wake: (() => void) | undefined;
    let ending: DomainError | null | undefined;
    const end = (reason: DomainError | null) => {
      if (ending === undefined) ending = reason;
      wake?.();
    };
    const stopListening = options.listen((event) => {
      queue.push(event);
      if (queue.length > options.limits.maxQueuedEvents) end(slowConsumer());
      wake?.();
    });
    const stopWatching = options.watchers.map((watch) => watch(end));
    const onAbort = () => end(null);
    for (const signal of [options.signal, stopped]) {
      signal.addEventListener('abort', onAbort);
      if (signal.aborted) end(null);
    }
    try {
      for (;;) {
        if (ending !== undefined) {
          if (ending) yield { end: ending };
          return;
        }
        const held = options.held?.();
        if (held) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            void held.then(resolve);
          });
          wake = undefined;
          continue;
        }
        const event = queue.shift();
        if (event === undefined) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        if (options.bufferedBytes() > options.limits.maxBufferedBytes) {
          end(slowConsumer());
          continue;
        }
        yield { event };
        options.onDelivered?.();
      }
    } finally {
      stopListening();
      for (const stop of stopWatching) stop();
      options.signal.removeEventListener('abort', onAbort);
      stopped.removeEventListener('abort', onAbort);
    }
  });
}
