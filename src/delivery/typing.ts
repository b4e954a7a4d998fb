import type { EventBus } from '../events/event-bus.js';

export type TypingTarget = { roomId: number } | { toUserId: number };

export type TypingOptions = {
  /** How long "typing" lasts without a new setTyping, in ms. */
  ttlMs: number;
  /** At most one "typing" announcement per user and target per this many ms. */
  throttleMs: number;
};

type Indicator = { timer: NodeJS.Timeout; announcedAt: number };

/**
 * Typing indicators. `setTyping(true)` announces at most once per `throttleMs` while it keeps
 * being called, and the indicator expires by itself `ttlMs` after the last call, announcing
 * "stopped". Nothing is stored.
 */
export class TypingIndicators {
  readonly #indicators = new Map<string, Indicator>();

  constructor(
    private readonly bus: EventBus,
    private readonly options: TypingOptions,
  ) {}

  async set(userId: number, target: TypingTarget, typing: boolean): Promise<void> {
    const key =
      'roomId' in target ? `${userId}:room:${target.roomId}` : `${userId}:user:${target.toUserId}`;
    const current = this.#indicators.get(key);
    if (!typing) {
      if (!current) return;
      clearTimeout(current.timer);
      this.#indicators.delete(key);
      await this.#announce(userId, target, false, Date.now());
      return;
    }
    const now = Date.now();
    if (current) clearTimeout(current.timer);
    const timer = setTimeout(() => {
      this.#indicators.delete(key);
      void this.#announce(userId, target, false, Date.now());
    }, this.options.ttlMs);
    timer.unref();
    const announce = !current || now - current.announcedAt >= this.options.throttleMs;
    this.#indicators.set(key, {
      timer,
      announcedAt: announce ? now : (current?.announcedAt ?? now),
    });
    if (announce) await this.#announce(userId, target, true, now + this.options.ttlMs);
  }

  /** Stops every timer (at shutdown). */
  close(): void {
    for (const { timer } of this.#indicators.values()) clearTimeout(timer);
    this.#indicators.clear();
  }

  #announce(userId: number, target: TypingTarget, typing: boolean, expiresAt: number) {
    if ('roomId' in target) {
      return this.bus.publish('room.event', {
        roomId: target.roomId,
        event: { kind: 'typing', userId, typing, expiresAt },
      });
    }
    return this.bus.publish('conversation.typing', {
      fromUserId: userId,
      toUserId: target.toUserId,
      typing,
      expiresAt,
    });
  }
}
