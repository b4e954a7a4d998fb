import type { EventBus, RoomEvent, StreamChange, Topics } from '../events/event-bus.js';
import { KeyedListeners } from './keyed-listeners.js';

/**
 * One bus subscription per instance for each kind of live event, routed by key to the
 * subscriptions that want it: committed stream changes by stream, ephemeral room events by
 * room, direct typing by recipient, and the losses of access (leaving a room, logging out)
 * that must end streams at once. Resyncs after an outage of the bus are driven by
 * `AccessRevalidation`, which re-checks access before streams read what they missed.
 */
export class DeliveryHub {
  readonly streams = new KeyedListeners<number, StreamChange>();
  readonly rooms = new KeyedListeners<number, RoomEvent>();
  readonly directTyping = new KeyedListeners<
    number,
    { fromUserId: number; typing: boolean; expiresAt: number }
  >();
  readonly membershipsLost = new KeyedListeners<string, void>();
  readonly sessionsRevoked = new KeyedListeners<number, void>();
  /** Blocks and unblocks, by blocker: what their live streams hide (hidden-authors.ts). */
  readonly blocksChanged = new KeyedListeners<number, { blockedId: number; blocked: boolean }>();
  /** Listeners told that live events may have been lost: they re-read from the database. */
  readonly resyncs = new KeyedListeners<'all', void>();
  readonly #unsubscribe: (() => void)[];
  #held: { promise: Promise<void>; release: () => void } | undefined;

  /**
   * While set, revocations and departures may have been lost, so access decisions cached by
   * live subscriptions cannot be trusted: nothing may be delivered until this settles (access
   * was re-checked). Undefined the rest of the time, so that the hot path costs one read.
   */
  get held(): Promise<void> | undefined {
    return this.#held?.promise;
  }

  /**
   * The hold that applies to a subscription started while `startedUnder` was the hold (or none):
   * a subscription that checked its access after the bus was interrupted has nothing stale to
   * wait for (a client resuming during an outage still gets its replay); the next hold applies.
   */
  holdFor(startedUnder: Promise<void> | undefined): Promise<void> | undefined {
    const held = this.held;
    return held === startedUnder ? undefined : held;
  }

  /** Holds every delivery until `release()` (see `held`). */
  hold(): void {
    if (this.#held) return;
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#held = { promise, release };
  }

  release(): void {
    const held = this.#held;
    this.#held = undefined;
    held?.release();
  }

  constructor(bus: EventBus) {
    this.#unsubscribe = [
      bus.subscribe('stream.changed', (change) => this.streams.emit(change.streamId, change)),
      bus.subscribe('room.event', ({ roomId, event }) => this.rooms.emit(roomId, event)),
      bus.subscribe('conversation.typing', ({ toUserId, ...typing }) =>
        this.directTyping.emit(toUserId, typing),
      ),
      bus.subscribe('room.membership', (membership) => {
        const { roomId, userId, change } = membership;
        if (change !== 'joined')
          this.membershipsLost.emit(membershipKey(roomId, userId), undefined);
        // Told to this instance's followers only: every instance hears the membership change
        // once, so re-publishing it as a room event would repeat it once per instance.
        this.rooms.emit(roomId, membershipEvent(membership));
      }),
      bus.subscribe('session.revoked', ({ sessionId }) =>
        this.sessionsRevoked.emit(sessionId, undefined),
      ),
      bus.subscribe('user.blocks', ({ blockerId, blockedId, blocked }) =>
        this.blocksChanged.emit(blockerId, { blockedId, blocked }),
      ),
    ];
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.release();
  }
}

/** The room event that announces a membership change to the room's followers. */
function membershipEvent({
  userId,
  change,
  byUserId,
  banned,
}: Topics['room.membership']): RoomEvent {
  if (change === 'removed') {
    return { kind: 'member-removed', userId, byUserId: byUserId ?? userId, banned: !!banned };
  }
  return { kind: change === 'joined' ? 'member-joined' : 'member-left', userId };
}

export function membershipKey(roomId: number, userId: number): string {
  return `${roomId}:${userId}`;
}

/** The room and user of a `membershipKey`. */
export function parseMembershipKey(key: string): { roomId: number; userId: number } {
  const [roomId, userId] = key.split(':').map(Number);
  return { roomId: roomId as number, userId: userId as number };
}
