import type { MessageView } from '../domain/message-views.js';
import { LIVE_READING } from '../domain/resume-points.js';
import type { StreamChange } from '../events/event-bus.js';
import { type LiveItem, type LiveQueue, type LiveQueueOptions, liveStream } from './live-queue.js';
import type { DeliveryHub } from './stream-hub.js';

/**
 * Hands a live change straight to the subscriber's connection, bypassing the queue, when the
 * stream is caught up and idle. False when it cannot (the change then takes the queued path).
 * It must send synchronously: a later queued item must never overtake it.
 */
export type DirectSend = (change: StreamChange) => boolean;

export type MessageStreamOptions = {
  streamId: number;
  /** Deliver every change after this position (those `load` returns). */
  after: number;
  /**
   * The change up to which the subscriber holds whatever `load` leaves out (its cursor's
   * snapshot; `after` when it holds everything up to there). Once a read from the database has
   * caught up, changes up to it count as delivered: a late bus copy of one is a duplicate.
   */
  settledThrough: number;
  hub: DeliveryHub;
  /** Reads committed changes after a position from the database, oldest first. */
  load: (after: number, limit: number) => Promise<MessageView[]>;
  /** The queue's access watchers, limits, connection and shutdown (its `hold` is the hub). */
  queue: Omit<LiveQueueOptions, 'hold'>;
  /** The fast path for live changes, when the connection offers one. */
  direct?: DirectSend;
  /**
   * Whether the subscriber hides changes by this author (a block: hidden-authors.ts). A hidden
   * change is never sent, but the subscription's position moves past it as if it had been, so
   * every other change still arrives exactly once, in order, with no gap to fill.
   */
  hides?: (authorId: number) => boolean;
};

/** How many changes one database read takes during a replay or a gap fill. */
const BATCH = 500;

export function viewOf(change: StreamChange): MessageView {
  return {
    ...change.message,
    streamId: change.streamId,
    position: change.position,
    changePosition: change.changePosition,
    author: change.author,
    reading: LIVE_READING,
  };
}

/**
 * Every change of a stream after a position, exactly once and in position order, then live.
 *
 * It listens to the bus *before* reading the database, so that nothing committed between the
 * read and going live is missed, and it never trusts the bus for completeness: positions are
 * gapless per stream, so a live change that does not follow the last one delivered means
 * something was dropped or reordered, and the gap is filled from the database. Changes at or
 * below the last delivered position are duplicates and skipped.
 *
 * Before each delivery it checks that the subscriber still may read the stream (the watchers
 * end it when they leave the room or log out; nothing goes out while the hub holds delivery for
 * a re-check of access) and that it keeps up.
 */
export function messageStream(
  options: MessageStreamOptions,
): AsyncIterableIterator<LiveItem<MessageView>> {
  return liveStream<StreamChange, MessageView>({ ...options.queue, hold: options.hub }, (queue) =>
    follow(options, queue),
  );
}

async function* follow(
  options: MessageStreamOptions,
  queue: LiveQueue<StreamChange>,
): AsyncGenerator<LiveItem<MessageView>> {
  const { hub, direct } = options;
  const hides = options.hides ?? (() => false);
  let catchingUp = true;
  let last = options.after;

  const stopListening = hub.streams.add(options.streamId, (change) => {
    // Caught up, nothing queued, the generator parked: the change can go out at once, with the
    // same checks as the queued path (still entitled, next in order, keeping up).
    if (
      direct &&
      !catchingUp &&
      queue.idle &&
      change.changePosition === last + 1 &&
      !queue.held()
    ) {
      if (hides(change.message.authorId)) {
        last = change.changePosition;
        return;
      }
      if (queue.fallingBehind()) return;
      if (direct(change)) {
        last = change.changePosition;
        queue.delivered();
        return;
      }
    }
    queue.push(change);
  });
  queue.onClose(stopListening);
  // The bus lost events (a Redis outage): read everything after `last` from the database.
  queue.onClose(
    hub.resyncs.add('all', () => {
      catchingUp = true;
      queue.wake();
    }),
  );

  for (;;) {
    if (queue.ending !== undefined) return;
    const held = queue.held();
    if (held) {
      // Access is being re-checked after the bus lost events: deliver nothing until it is.
      await queue.wait(held);
      continue;
    }
    if (catchingUp) {
      catchingUp = false;
      let interrupted = false;
      for (;;) {
        const batch = await options.load(last, BATCH);
        for (const message of batch) {
          if (queue.ending !== undefined) break;
          if (queue.held()) {
            catchingUp = true;
            interrupted = true;
            break;
          }
          if (message.changePosition <= last) continue;
          if (hides(message.authorId)) {
            last = message.changePosition;
            continue;
          }
          if (queue.fallingBehind()) break;
          yield { value: message };
          queue.delivered();
          last = message.changePosition;
        }
        if (queue.ending !== undefined || interrupted) break;
        if (batch.length < BATCH) {
          last = Math.max(last, options.settledThrough);
          break;
        }
      }
      continue;
    }
    const change = queue.shift();
    if (!change) {
      await queue.wait();
      continue;
    }
    if (change.changePosition <= last) continue;
    if (change.changePosition > last + 1) {
      catchingUp = true; // a gap: read everything after `last` from the database
      continue;
    }
    if (hides(change.message.authorId)) {
      last = change.changePosition;
      continue;
    }
    if (queue.fallingBehind()) continue;
    yield { value: viewOf(change) };
    queue.delivered();
    last = change.changePosition;
  }
}
