/** Median of a non-empty list (NaN for an empty one). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Latency summary in milliseconds. */
export type Percentiles = { count: number; p50: number; p99: number; max: number };

/** Percentiles by the nearest-rank method, over the first `count` values of `samples`. */
export function percentiles(samples: Float64Array, count = samples.length): Percentiles {
  if (count === 0) return { count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = samples.slice(0, count).sort();
  const rank = (q: number) => sorted[Math.min(count - 1, Math.ceil(q * count) - 1)] as number;
  return { count, p50: rank(0.5), p99: rank(0.99), max: sorted[count - 1] as number };
}

/** A Float64Array that grows as samples are pushed, so hot loops do not allocate per sample. */
export class SampleBuffer {
  private buffer: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Float64Array(initialCapacity);
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }

  summary(): Percentiles {
    return percentiles(this.buffer, this.length);
  }
}
