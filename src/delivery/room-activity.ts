import type { RoomStore } from '../domain/ports.js';
import type { EventBus } from '../events/event-bus.js';

/**
 * Turns presence changes into the ephemeral events of the rooms they concern: a user coming
 * online or going offline goes to every room they are a member of (read through the rooms
 * port). Membership changes become room events in the hub of each instance (stream-hub.ts).
 */
export function announceRoomActivity(
  rooms: Pick<RoomStore, 'memberRoomIds'>,
  bus: EventBus,
): () => void {
  const unsubscribe = [
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
