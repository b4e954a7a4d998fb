import type { RoomStore } from '../domain/ports.js';
import type { EventBus, RoomEvent } from '../events/event-bus.js';

/**
 * Turns membership changes and presence changes into the ephemeral events of the rooms they
 * concern: a join or leave goes to its room, a user coming online or going offline to every
 * room they are a member of (read through the rooms port).
 */
export function announceRoomActivity(
  rooms: Pick<RoomStore, 'memberRoomIds'>,
  bus: EventBus,
): () => void {
  const unsubscribe = [
    bus.subscribe('room.membership', ({ roomId, userId, change, byUserId, banned }) => {
      const event: RoomEvent =
        change === 'removed'
          ? { kind: 'member-removed', userId, byUserId: byUserId ?? userId, banned: !!banned }
          : { kind: change === 'joined' ? 'member-joined' : 'member-left', userId };
      void bus.publish('room.event', { roomId, event });
    }),
    bus.subscribe('presence.changed', ({ userId, online }) => {
      void rooms
        .memberRoomIds(userId)
        .then((roomIds) =>
          Promise.all(
            roomIds.map((roomId) =>
              bus.publish('room.event', { roomId, event: { kind: 'presence', userId, online } }),
            ),
          ),
        )
        .catch(() => {
          // Presence is best-effort: a failed lookup (e.g. during shutdown) only skips a hint.
        });
    }),
  ];
  return () => {
    for (const stop of unsubscribe) stop();
  };
}
