import { DomainError } from '../domain/errors.js';

/** What a live subscription yields: a value to deliver, or the error that ends it. */
export type LiveItem<T> = { value: T } | { end: DomainError };

/** Calls `end` when the subscriber loses the right to the stream; returns a cleanup function. */
export type AccessWatcher = (end: (reason: DomainError) => void) => () => void;

export type DeliveryLimits = {
  /** Live items waiting for a subscriber that does not keep up; past it, SLOW_CONSUMER. */
  maxQueuedEvents: number;
  /** Bytes waiting in the connection's send buffer; past it, SLOW_CONSUMER. */
  maxBufferedBytes: number;
};

/** The hold the access re-validation puts on delivery (see `DeliveryHub.holdFor`). */
export type DeliveryHold = {
  readonly held: Promise<void> | undefined;
  holdFor(startedUnder: Promise<void> | undefined): Promise<void> | undefined;
};

export type LiveQueueOptions = {
  /** Each ends the stream with its error when the subscriber loses access. */
  watchers: AccessWatcher[];
  limits: DeliveryLimits;
  /** Bytes queued on the subscriber's connection (socket or HTTP response). */
  bufferedBytes: () => number;
  /** Ends the stream quietly (server shutdown: clients resume elsewhere). */
  signal: AbortSignal;
  /** While it holds, nothing is delivered (access is being re-checked). */
  hold: DeliveryHold;
  /** Called for each delivered item (metrics). */
  onDelivered?: () => void;
};

export function slowConsumer(): DomainError {
  return new DomainError(
    'SLOW_CONSUMER',
    'This subscription fell too far behind and was ended: subscribe again with the last cursor you received',
  );
}

/**
 * The skeleton every live subscription shares: a bounded queue between the listener (which
 * runs in the bus's turn) and the subscription's generator, ended by the first of its access
 * watchers, the server's shutdown, the subscriber's return, or SLOW_CONSUMER (too many items
 * queued, or too many bytes unsent on the connection). `close()` removes every listener once.
 *
 * What the generator does between waits (replaying, ordering, filling gaps) is its own:
 * see `messageStream` and `eventStream`.
 */
export class LiveQueue<T> {
  readonly #items: T[] = [];
  // The options, each kept in a field of its own: `held`, `fallingBehind` and `delivered` run for
  // every subscriber on every live change (the direct path of shared live renders), and reading
  // them through the options object instead made that path about 15 times as costly (1,000
  // streams in a micro-benchmark: ~250 ns per delivery against ~17 ns; ~20 ns before LiveQueue).
  readonly #hold: DeliveryHold;
  readonly #bufferedBytes: () => number;
  readonly #limits: DeliveryLimits;
  readonly #onDelivered: (() => void) | undefined;
  readonly #signal: AbortSignal;
  readonly #stopped: AbortSignal;
  /** The hold in place when access was checked: not this subscription's concern. */
  readonly #startedUnder: Promise<void> | undefined;
  readonly #cleanups: (() => void)[] = [];
  #wake: (() => void) | undefined;
  #closed = false;
  /** undefined while running; null for a quiet end; an error to deliver as the last result. */
  ending: DomainError | null | undefined;

  constructor(options: LiveQueueOptions, stopped: AbortSignal) {
    this.#hold = options.hold;
    this.#bufferedBytes = options.bufferedBytes;
    this.#limits = options.limits;
    this.#onDelivered = options.onDelivered;
    this.#signal = options.signal;
    this.#stopped = stopped;
    this.#startedUnder = options.hold.held;
    const end = (reason: DomainError) => this.end(reason);
    for (const watch of options.watchers) this.#cleanups.push(watch(end));
    for (const signal of [options.signal, stopped]) {
      signal.addEventListener('abort', this.#onAbort);
      if (signal.aborted) this.end(null);
    }
  }

  readonly #onAbort = () => this.end(null);

  /** Registers a listener's cleanup, run by `close()`. */
  onClose(cleanup: () => void): void {
    if (this.#closed) cleanup();
    else this.#cleanups.push(cleanup);
  }

  end(reason: DomainError | null): void {
    if (this.ending === undefined) this.ending = reason;
    this.#wake?.();
  }

  /** Queues an item for the generator; past the bound, the stream ends with SLOW_CONSUMER. */
  push(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.#limits.maxQueuedEvents) this.end(slowConsumer());
    this.#wake?.();
  }

  /** Wakes a parked generator (it has something else to do, such as a resync). */
  wake(): void {
    this.#wake?.();
  }

  shift(): T | undefined {
    return this.#items.shift();
  }

  /**
   * Nothing queued, the stream running and its generator parked waiting: an item may go out
   * at once without overtaking anything (the caller still checks `held` and `fallingBehind`).
   */
  get idle(): boolean {
    return this.#wake !== undefined && this.ending === undefined && this.#items.length === 0;
  }

  /** The hold on delivery that applies to this stream, if any. */
  held(): Promise<void> | undefined {
    return this.#hold.holdFor(this.#startedUnder);
  }

  /** Ends the stream with SLOW_CONSUMER and answers true when the connection is backed up. */
  fallingBehind(): boolean {
    if (this.#bufferedBytes() <= this.#limits.maxBufferedBytes) return false;
    this.end(slowConsumer());
    return true;
  }

  delivered(): void {
    this.#onDelivered?.();
  }

  /** Parks until something is pushed, the stream ends, or `hold` (if given) settles. */
  async wait(hold?: Promise<void>): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      void hold?.then(resolve);
    });
    this.#wake = undefined;
  }

  /** Stops every listener and watcher; safe to call more than once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const cleanup of this.#cleanups) cleanup();
    this.#signal.removeEventListener('abort', this.#onAbort);
    this.#stopped.removeEventListener('abort', this.#onAbort);
  }
}

/**
 * A live stream: `run` gets a fresh `LiveQueue` and yields the values to deliver; this ends
 * it with the queue's ending (the error as a last item, or quietly) and closes the queue.
 *
 * An async generator suspended in an `await` cannot be returned until that await settles; a
 * stream waiting for its next item would then never let go when its subscriber leaves. The
 * iterator returned signals the queue to end before returning the generator.
 */
export function liveStream<T, V>(
  options: LiveQueueOptions,
  run: (queue: LiveQueue<T>) => AsyncGenerator<LiveItem<V>>,
): AsyncIterableIterator<LiveItem<V>> {
  const stop = new AbortController();
  const generator: AsyncGenerator<LiveItem<V>> = (async function* () {
    const queue = new LiveQueue<T>(options, stop.signal);
    try {
      yield* run(queue);
      if (queue.ending) yield { end: queue.ending };
    } finally {
      queue.close();
    }
  })();
  return {
    next: () => generator.next(),
    return: (value?: unknown) => {
      stop.abort();
      return generator.return(value as LiveItem<V>);
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
