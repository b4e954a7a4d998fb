import type { RoomRole } from '../domain/access.js';
import type { StoredMessage } from '../domain/message-views.js';
import type { User } from '../domain/users.js';

/**
 * Every topic that crosses Charla's event bus, with its payload. The bus carries only facts that
 * are already committed (or, for ephemeral events, already true), and subscribers must never
 * rely on it for completeness: it may drop events (Redis pub/sub does).
 */
export type Topics = {
  /** A session was revoked (logout): its sockets close and its subscriptions end. */
  'session.revoked': { sessionId: number };
  /**
   * A committed change (post, edit or delete) of `message` took `changePosition` in a stream,
   * where the message sits at `position`. Published after the commit, once per stream the
   * message appears in.
   */
  'stream.changed': StreamChange;
  /**
   * A user joined, left or was removed from a room (committed). Leaving or being removed (kicked
   * or banned, by `byUserId`) ends their room streams at once.
   */
  'room.membership': {
    roomId: number;
    userId: number;
    change: 'joined' | 'left' | 'removed';
    byUserId?: number;
    banned?: boolean;
  };
  /** Something ephemeral happened in a room: typing, presence, a member joining or leaving. */
  'room.event': { roomId: number; event: RoomEvent };
  /** Someone is (or stopped) typing to someone in their direct conversation. */
  'conversation.typing': {
    fromUserId: number;
    toUserId: number;
    typing: boolean;
    expiresAt: number;
  };
  /**
   * A user blocked or unblocked another (committed): the blocker's live streams on every
   * instance start or stop hiding the blocked user at once.
   */
  'user.blocks': { blockerId: number; blockedId: number; blocked: boolean };
  /** A user came online (first live connection) or went offline (last one closed). */
  'presence.changed': { userId: number; online: boolean };
};

export type StreamChange = {
  streamId: number;
  position: number;
  changePosition: number;
  message: StoredMessage;
  /** The author, read once by the writer, so that no subscriber has to load it again. */
  author?: User;
};

/** The ephemeral events of a room, as `roomEvents` delivers them. Never stored, never replayed. */
export type RoomEvent =
  | { kind: 'typing'; userId: number; typing: boolean; expiresAt: number }
  | { kind: 'presence'; userId: number; online: boolean }
  | { kind: 'member-joined'; userId: number }
  | { kind: 'member-left'; userId: number }
  | { kind: 'member-removed'; userId: number; byUserId: number; banned: boolean }
  | { kind: 'member-role-changed'; userId: number; byUserId: number; role: RoomRole }
  | {
      kind: 'member-muted';
      userId: number;
      byUserId: number;
      muted: boolean;
      /** When the mute ends, in ms since the epoch; null until lifted (or when unmuted). */
      until: number | null;
    };

export type Topic = keyof Topics;

/** Publish/subscribe between the parts of one instance, or across instances (Redis). */
export interface EventBus {
  publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void>;
  /** Calls `handler` for each event on `topic` until the returned function is called. */
  subscribe<T extends Topic>(topic: T, handler: (payload: Topics[T]) => void): () => void;
  /**
   * Calls `handler` whenever events may have been lost (a reconnect after an outage), so that
   * listeners re-read what they need from the database. Never called by the in-process bus.
   */
  onResync(handler: () => void): () => void;
  /**
   * Calls `handler` when events may start being lost (the connection that receives them
   * dropped), before the `onResync` that follows. Never called by the in-process bus.
   */
  onInterrupted(handler: () => void): () => void;
  close(): Promise<void>;
}
