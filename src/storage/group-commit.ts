/**
 * Group commit: units of work submitted together share one transaction, and each is answered
 * only after that transaction's COMMIT returned.
 *
 * With SQLite's `synchronous = FULL` every COMMIT waits for an fsync (with the event loop
 * blocked), so committing each send alone caps the rate at the disk's fsyncs per second. Here
 * the units submitted in one turn of the event loop, or while the connection was busy, run in
 * one transaction, each in its own savepoint so that a failing unit leaves the others alone.
 * Durability is unchanged: nothing is answered before it is on disk.
 */

/** The statements a group runs, on the connection `exclusive` hands over. */
export type GroupTransaction = {
  /** Opens the group's transaction (a writer's: `BEGIN IMMEDIATE` on SQLite). */
  begin(): void;
  /** Commits it; the group's units are answered once this returns. */
  commit(): void;
  /** Undoes the whole group, when one is open (after a failed BEGIN, savepoint or COMMIT). */
  rollback(): void;
  /** Opens a savepoint for one unit. */
  savepoint(): void;
  /** Releases that savepoint (keeps the unit's work in the group). */
  release(): void;
  /** Rolls the savepoint back (undoes the unit's work alone), leaving it open for `release`. */
  rollbackToSavepoint(): void;
};

export type GroupCommitOptions = {
  /**
   * Runs `work` once the connection is free, with nothing interleaving (work is synchronous);
   * the units queued meanwhile join the group.
   */
  exclusive<T>(work: () => T): Promise<T>;
  transaction: GroupTransaction;
  /** Most units one transaction takes; the rest go in the next group. Default 100. */
  maxGroup?: number;
};

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };
type Pending = { unit: () => unknown; settle: (settled: Settled) => void };

/** Submits a synchronous unit of work; resolves with its result after its group's COMMIT. */
export type GroupCommit = <T>(unit: () => T) => Promise<T>;

/**
 * A group committer. A unit that throws is undone alone and its promise rejects with what it
 * threw; a group whose transaction fails (BEGIN or COMMIT) rejects every unit in it, all undone.
 */
export function createGroupCommit({
  exclusive,
  transaction,
  maxGroup = 100,
}: GroupCommitOptions): GroupCommit {
  const queue: Pending[] = [];
  /** A flush is scheduled or waiting for the connection: later units join its group. */
  let flushPending = false;

  /** Runs a group in one transaction; throws (everything undone) when the transaction fails. */
  function runGroup(group: Pending[]): Settled[] {
    transaction.begin();
    try {
      const settled = group.map(({ unit }): Settled => {
        transaction.savepoint();
        try {
          const value = unit();
          transaction.release();
          return { ok: true, value };
        } catch (error) {
          transaction.rollbackToSavepoint();
          transaction.release();
          return { ok: false, error };
        }
      });
      transaction.commit();
      return settled;
    } catch (error) {
      transaction.rollback();
      throw error;
    }
  }

  function flush() {
    let group: Pending[] = [];
    exclusive(() => {
      // Taken once the connection is ours: everything queued while it was busy goes together.
      flushPending = false;
      group = queue.splice(0, maxGroup);
      if (queue.length > 0) schedule();
      return runGroup(group);
    }).then(
      (settled) => {
        for (const [index, pending] of group.entries()) pending.settle(settled[index] as Settled);
      },
      (error: unknown) => {
        for (const pending of group) pending.settle({ ok: false, error });
      },
    );
  }

  function schedule() {
    if (flushPending) return;
    flushPending = true;
    setImmediate(flush);
  }

  return async <T>(unit: () => T): Promise<T> => {
    const settled = await new Promise<Settled>((settle) => {
      queue.push({ unit, settle });
      schedule();
    });
    if (!settled.ok) throw settled.error;
    return settled.value as T;
  };
}
