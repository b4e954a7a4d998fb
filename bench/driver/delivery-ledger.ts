/**
 * Which socket received which message of one run: every socket must see every accepted
 * sequence number exactly once. Byte flags per socket and a counter per sequence, grown by
 * doubling, so recording a delivery never allocates.
 */
export type RecordOutcome = 'ignored' | 'recorded' | 'completed';

export class DeliveryLedger {
  private seen: Uint8Array[];
  private counts = new Uint32Array(1024);
  private failed = new Set<number>();
  delivered = 0;
  duplicates = 0;
  /** Sequences outside what was published (corrupt or foreign frames). */
  strays = 0;

  constructor(readonly sockets: number) {
    this.seen = Array.from({ length: sockets }, () => new Uint8Array(64));
  }

  /**
   * Records a delivery: 'ignored' for a duplicate or a stray, 'completed' when it was the last
   * socket still waiting for `sequence`.
   */
  record(socket: number, sequence: number, published: number): RecordOutcome {
    if (sequence >= published || socket >= this.sockets) {
      this.strays++;
      return 'ignored';
    }
    let flags = this.seen[socket] as Uint8Array;
    if (sequence >= flags.length) {
      flags = grow(flags, sequence);
      this.seen[socket] = flags;
    }
    if (flags[sequence] === 1) {
      this.duplicates++;
      return 'ignored';
    }
    flags[sequence] = 1;
    this.delivered++;
    if (sequence >= this.counts.length) this.counts = grow(this.counts, sequence);
    const count = (this.counts[sequence] as number) + 1;
    this.counts[sequence] = count;
    return count === this.sockets ? 'completed' : 'recorded';
  }

  /** A publish the server refused: nobody should receive it. */
  markFailed(sequence: number): void {
    this.failed.add(sequence);
  }

  /** Whether `sequence` reached every socket, or failed to publish. */
  settled(sequence: number): boolean {
    return this.counts[sequence] === this.sockets || this.failed.has(sequence);
  }

  get failedCount(): number {
    return this.failed.size;
  }

  /** Deliveries still owed for sequences [0, published), failed publishes excepted. */
  missing(published: number): number {
    let missing = 0;
    for (let sequence = 0; sequence < published; sequence++) {
      if (this.failed.has(sequence)) continue;
      missing +=
        this.sockets - (sequence < this.counts.length ? (this.counts[sequence] as number) : 0);
    }
    return missing;
  }
}

function grow<T extends Uint8Array | Uint32Array>(array: T, index: number): T {
  let length = array.length;
  while (length <= index) length *= 2;
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}
