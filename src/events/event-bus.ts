/**
 * Every topic that crosses Charla's event bus, with its payload. The bus carries only facts that
 * are already committed (or, for ephemeral events, already true), and subscribers must never
 * rely on it for completeness: it may drop events (Redis pub/sub does).
 */
export type Topics = {
  /** A session was revoked (logout): its sockets close and its subscriptions end. */
  'session.revoked': { sessionId: number };
  /**
   * A committed change (post, edit or delete) took `position` in a stream. Published after the
   * commit, once per stream the message appears in.
   */
  'stream.changed': { streamId: number; position: number; messageId: number };
  /** A user joined or left a room (committed). Leaving ends their room streams at once. */
  'room.membership': { roomId: number; userId: number; change: 'joined' | 'left' };
};

export type Topic = keyof Topics;

/** Publish/subscribe between the parts of one instance, or across instances (Redis). */
export interface EventBus {
  publish<T extends Topic>(topic: T, payload: Topics[T]): Promise<void>;
  /** Calls `handler` for each event on `topic` until the returned function is called. */
  subscribe<T extends Topic>(topic: T, handler: (payload: Topics[T]) => void): () => void;
  close(): Promise<void>;
}
