import type { EventBus, RoomEvent, StreamChange } from '../events/event-bus.js';
import { KeyedListeners } from './keyed-listeners.js';

/**
 * One bus subscription per instance for each kind of live event, routed by key to the
 * subscriptions that want it: committed stream changes by stream, ephemeral room events by
 * room, direct typing by recipient, and the losses of access (leaving a room, logging out)
 * that must end streams at once.
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
  /** Listeners told that live events may have been lost: they re-read from the database. */
  readonly resyncs = new KeyedListeners<'all', void>();
  readonly #unsubscribe: (() => void)[];

  constructor(bus: EventBus) {
    this.#unsubscribe = [
      bus.subscribe('stream.changed', (change) => this.streams.emit(change.streamId, change)),
      bus.subscribe('room.event', ({ roomId, event }) => this.rooms.emit(roomId, event)),
      bus.subscribe('conversation.typing', ({ toUserId, ...typing }) =>
        this.directTyping.emit(toUserId, typing),
      ),
      bus.subscribe('room.membership', ({ roomId, userId, change }) => {
        if (change === 'left') this.membershipsLost.emit(membershipKey(roomId, userId), undefined);
      }),
      bus.subscribe('session.revoked', ({ sessionId }) =>
        this.sessionsRevoked.emit(sessionId, undefined),
      ),
      bus.onResync(() => this.resyncs.emit('all', undefined)),
    ];
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}

export function membershipKey(roomId: number, userId: number): string {
  return `${roomId}:${userId}`;
}
