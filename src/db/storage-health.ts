import { type StorageFailure, storageFailureOf } from './errors.js';

/**
 * Remembers that storage refused a write (disk full, read-only, I/O error, out of resources) so
 * that `/ready` answers 503 for a while: a load balancer then sends traffic to instances that
 * can write, and this one is tried again after `holdMs`. Nothing probes by writing: the next
 * real write after the hold tells.
 */
export class StorageHealth {
  #failedAt = Number.NEGATIVE_INFINITY;
  #failure: StorageFailure | undefined;

  /**
   * @param holdMs how long after the last failure storage counts as unable to write, in ms
   *   (`STORAGE_FAILURE_HOLD_MS`, default 10000); also the retry hint given to clients.
   */
  constructor(
    readonly holdMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records `error` when it is a storage failure, and returns which one; else undefined. */
  observe(error: unknown): StorageFailure | undefined {
    const failure = storageFailureOf(error);
    if (failure) {
      this.#failedAt = this.now();
      this.#failure = failure;
    }
    return failure;
  }

  /** The failure seen within the last `holdMs`, if any. */
  get recentFailure(): StorageFailure | undefined {
    return this.now() - this.#failedAt < this.holdMs ? this.#failure : undefined;
  }
}
