import { DomainError } from '../domain/errors.js';
import type { MessageView } from '../domain/message-views.js';
import { LIVE_READING } from '../domain/resume-points.js';
import type { StreamChange } from '../events/event-bus.js';
import type { DeliveryHub } from './stream-hub.js';

/** What a message subscription yields: a message to deliver, or the error that ends it. */
export type StreamItem = { message: MessageView } | { end: DomainError };

/** Calls `end` when the subscriber loses the right to the stream; returns a cleanup function. */
export type AccessWatcher = (end: (reason: DomainError) => void) => () => void;

export type DeliveryLimits = {
  /** Live changes waiting for a subscriber that does not keep up; past it, SLOW_CONSUMER. */
  maxQueuedEvents: number;
  /** Bytes waiting in the connection's send buffer; past it, SLOW_CONSUMER. */
  maxBufferedBytes: number;
};

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
  watchers: AccessWatcher[];
  limits: DeliveryLimits;
  /** Bytes queued on the subscriber's connection (socket or HTTP response). */
  bufferedBytes: () => number;
  /** Ends the stream quietly (server shutdown: clients resume elsewhere). */
  signal: AbortSignal;
  /** Called for each delivered item (metrics). */
  onDelivered?: () => void;
  /** The fast path for live changes, when the connection offers one. */
  direct?: DirectSend;
};

/** How many changes one database read takes during a replay or a gap fill. */
const BATCH = 500;

export function slowConsumer(): DomainError {
  return new DomainError(
    'SLOW_CONSUMER',
    'This subscription fell too far behind and was ended: subscribe again with the last cursor you received',
  );
}

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
export function messageStream(options: MessageStreamOptions): AsyncIterableIterator<StreamItem> {
  return returnableWhileWaiting((stopped) => run(options, stopped));
}

/**
 * An async generator suspended in an `await` cannot be returned until that await settles; a
 * stream waiting for its next change would then never let go when its subscriber leaves. This
 * wrapper signals the generator to finish before returning it.
 */
export function returnableWhileWaiting<T>(
  start: (stopped: AbortSignal) => AsyncGenerator<T>,
): AsyncIterableIterator<T> {
  const stop = new AbortController();
  const generator = start(stop.signal);
  return {
    next: () => generator.next(),
    return: (value?: unknown) => {
      stop.abort();
      return generator.return(value as T);
    },
    throw: (error?: unknown) => {
      stop.abort();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

async function* run(
  options: MessageStreamOptions,
  stopped: AbortSignal,
): AsyncGenerator<StreamItem> {
  const { hub, limits, direct } = options;
  // Access was checked just now: a hold already in place is not this subscription's concern.
  const startedUnder = hub.held;
  const queue: StreamChange[] = [];
  let wake: (() => void) | undefined;
  let catchingUp = true;
  // undefined while running; null for a quiet end; an error to deliver as the last result.
  let ending: DomainError | null | undefined;
  const end = (reason: DomainError | null) => {
    if (ending === undefined) ending = reason;
    wake?.();
  };
  const fallingBehind = () => options.bufferedBytes() > limits.maxBufferedBytes;
  let last = options.after;

  const stopListening = hub.streams.add(options.streamId, (change) => {
    // Caught up, nothing queued, the generator parked: the change can go out at once, with the
    // same checks as the queued path (still entitled, next in order, keeping up).
    if (
      direct &&
      wake &&
      !hub.holdFor(startedUnder) &&
      !catchingUp &&
      ending === undefined &&
      queue.length === 0 &&
      change.changePosition === last + 1
    ) {
      if (fallingBehind()) {
        end(slowConsumer());
        return;
      }
      if (direct(change)) {
        last = change.changePosition;
        options.onDelivered?.();
        return;
      }
    }
    queue.push(change);
    if (queue.length > limits.maxQueuedEvents) end(slowConsumer());
    wake?.();
  });
  const stopWatching = options.watchers.map((watch) => watch(end));
  // The bus lost events (a Redis outage): read everything after `last` from the database.
  const stopResyncing = hub.resyncs.add('all', () => {
    catchingUp = true;
    wake?.();
  });
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
      const held = hub.holdFor(startedUnder);
      if (held) {
        // Access is being re-checked after the bus lost events: deliver nothing until it is.
        await new Promise<void>((resolve) => {
          wake = resolve;
          void held.then(resolve);
        });
        wake = undefined;
        continue;
      }
      if (catchingUp) {
        catchingUp = false;
        let interrupted = false;
        for (;;) {
          const batch = await options.load(last, BATCH);
          for (const message of batch) {
            if (ending !== undefined) break;
            if (hub.holdFor(startedUnder)) {
              catchingUp = true;
              interrupted = true;
              break;
            }
            if (message.changePosition <= last) continue;
            if (fallingBehind()) {
              end(slowConsumer());
              break;
            }
            yield { message };
            options.onDelivered?.();
            last = message.changePosition;
          }
          if (ending !== undefined || interrupted) break;
          if (batch.length < BATCH) {
            last = Math.max(last, options.settledThrough);
            break;
          }
        }
        continue;
      }
      const change = queue.shift();
      if (!change) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      if (change.changePosition <= last) continue;
      if (change.changePosition > last + 1) {
        catchingUp = true; // a gap: read everything after `last` from the database
        continue;
      }
      if (fallingBehind()) {
        end(slowConsumer());
        continue;
      }
      yield { message: viewOf(change) };
      options.onDelivered?.();
      last = change.changePosition;
    }
  } finally {
    stopListening();
    stopResyncing();
    for (const stop of stopWatching) stop();
    options.signal.removeEventListener('abort', onAbort);
    stopped.removeEventListener('abort', onAbort);
  }
}
