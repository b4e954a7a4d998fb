import { type LiveItem, type LiveQueueOptions, liveStream } from './live-queue.js';

export type EventStreamOptions<E> = LiveQueueOptions & {
  /** Starts listening; returns the function that stops. */
  listen: (deliver: (event: E) => void) => () => void;
};

/**
 * Live ephemeral events (typing, presence, members coming and going): delivered as they
 * happen, never stored or replayed, ended like message streams when access is lost or the
 * subscriber falls behind.
 */
export function eventStream<E>(options: EventStreamOptions<E>): AsyncIterableIterator<LiveItem<E>> {
  return liveStream<E, E>(options, async function* (queue) {
    queue.onClose(options.listen((event) => queue.push(event)));
    for (;;) {
      if (queue.ending !== undefined) return;
      const held = queue.held();
      if (held) {
        await queue.wait(held);
        continue;
      }
      const event = queue.shift();
      if (event === undefined) {
        await queue.wait();
        continue;
      }
      if (queue.fallingBehind()) continue;
      yield { value: event };
      queue.delivered();
    }
  });
}
