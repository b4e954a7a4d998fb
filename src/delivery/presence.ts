import type { EventBus } from '../events/event-bus.js';

/**
 * Who is online: a user is online while at least one of their live connections (a signed-in
 * WebSocket, or an SSE subscription) is open. Counted per instance; going online or offline is
 * published as `presence.changed`.
 */
export class Presence {
  readonly #connections = new Map<number, number>();

  constructor(private readonly bus?: EventBus) {}

  /** Records an open connection; call the returned function once when it closes. */
  connect(userId: number): () => void {
    const before = this.#connections.get(userId) ?? 0;
    this.#connections.set(userId, before + 1);
    if (before === 0) void this.bus?.publish('presence.changed', { userId, online: true });
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const remaining = (this.#connections.get(userId) ?? 1) - 1;
      if (remaining > 0) {
        this.#connections.set(userId, remaining);
      } else {
        this.#connections.delete(userId);
        void this.bus?.publish('presence.changed', { userId, online: false });
      }
    };
  }

  isOnline(userId: number): boolean {
    return this.#connections.has(userId);
  }
}
