import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Counts HTTP requests being answered, leaving out event streams (SSE), which never finish by
 * themselves. Shutdown waits for these to drain so that no acknowledged write is cut off.
 */
export class InflightRequests {
  #count = 0;
  #drained: (() => void)[] = [];

  track(req: IncomingMessage, res: ServerResponse): void {
    if (req.headers.accept?.includes('text/event-stream')) return;
    this.#count += 1;
    res.once('close', () => {
      this.#count -= 1;
      if (this.#count === 0) for (const resolve of this.#drained.splice(0)) resolve();
    });
  }

  /** Resolves when no request is in flight, or after `timeoutMs`, whichever comes first. */
  drain(timeoutMs: number): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#drained.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
