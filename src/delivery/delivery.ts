import { contactRefusal, followingEnded, roomRefusal, signedOut } from '../domain/access.js';
import { badInput, cursorExpired } from '../domain/errors.js';
import { changesAfter } from '../domain/history.js';
import type { MessageView } from '../domain/message-views.js';
import type { Store, StreamHead } from '../domain/ports.js';
import { pointAt, type Replay, type ResumePoint, replayAfter } from '../domain/resume-points.js';
import type { Viewer } from '../domain/viewer.js';
import type { RoomEvent } from '../events/event-bus.js';
import type { Throttle } from '../limits/action-limits.js';
import { eventStream } from './event-stream.js';
import { HiddenAuthors } from './hidden-authors.js';
import type { AccessWatcher, DeliveryLimits, LiveItem } from './live-queue.js';
import { type DirectSend, messageStream } from './message-stream.js';
import { type DeliveryHub, membershipKey } from './stream-hub.js';
import { releasingOnReturn, StreamQuota } from './stream-quota.js';
import type { TypingIndicators } from './typing.js';

/** The subscriber's connection, as far as delivery cares (built by server/connection.ts). */
export type Connection = {
  /**
   * `http`: an SSE response (or a single request), a connection per subscription, which the
   * per-user cap on SSE streams bounds. `websocket`: a socket signed in by `connection_init`.
   * `operation`: an operation signed in by its own token on an anonymous socket.
   */
  kind: 'websocket' | 'http' | 'operation';
  /** Bytes written but not yet sent to the client. */
  bufferedBytes: () => number;
  /**
   * Counts the user present while one subscription runs on this connection; returns the function
   * that stops. A signed-in WebSocket counts itself for as long as it is open (a no-op here).
   */
  presentWhileSubscribed: (userId: number) => () => void;
};

export type DirectTyping = { fromUserId: number; typing: boolean; expiresAt: number };

export type Delivery = ReturnType<typeof createDelivery>;

/**
 * Live delivery: the subscriptions of Charla. Access is checked when subscribing and watched
 * for the life of the subscription (leaving the room or logging out ends it at once).
 */
export function createDelivery(deps: {
  /** Where subscriptions find their streams and the facts the access rules read. */
  store: Store;
  hub: DeliveryHub;
  typing: TypingIndicators;
  limits: DeliveryLimits;
  /**
   * Subscriptions one user may hold outside a signed-in WebSocket at once: over SSE, and signed
   * in by their own token on anonymous sockets (TOO_MANY_SUBSCRIPTIONS past it).
   */
  maxEventStreamsPerUser: number;
  throttle: Throttle;
  /** Counts every event delivered to a subscriber (for metrics). */
  onDelivered?: () => void;
  /** Called when a subscription starts; the function it returns, when it ends (for metrics). */
  onSubscribed?: () => () => void;
  /** Aborted when the server shuts down: streams end, clients resume elsewhere. */
  shutdown: AbortSignal;
}) {
  const { store, hub, typing, limits, shutdown } = deps;
  const onDelivered = deps.onDelivered ?? (() => {});
  const tracked: AccessWatcher = () => deps.onSubscribed?.() ?? (() => {});
  const eventStreams = new StreamQuota(deps.maxEventStreamsPerUser);

  /**
   * Starts a subscription under the per-user cap on SSE streams: each SSE subscription is a
   * connection of its own, which no socket's subscription cap bounds. So is one signed in by its
   * own token on an anonymous socket: no per-user socket cap counts that socket, and its running
   * subscriptions keep it from closing when idle. The slot is taken before
   * anything is awaited, so that concurrent requests cannot all pass, and given back when the
   * stream ends, is returned, or fails to start.
   */
  async function quotaed<T>(
    viewer: Viewer,
    connection: Connection,
    start: (watchers: AccessWatcher[]) => Promise<AsyncIterableIterator<T>>,
  ): Promise<AsyncIterableIterator<T>> {
    if (connection.kind === 'websocket') return start([]);
    const release = eventStreams.reserve(viewer.userId);
    try {
      return releasingOnReturn(await start([() => release]), release);
    } catch (error) {
      release();
      throw error;
    }
  }

  const whileSignedIn =
    (viewer: Viewer): AccessWatcher =>
    (end) =>
      hub.sessionsRevoked.add(viewer.sessionId, () => end(signedOut()));

  const whileMember =
    (viewer: Viewer, roomId: number): AccessWatcher =>
    (end) =>
      hub.membershipsLost.add(membershipKey(roomId, viewer.userId), () => end(followingEnded()));

  /** Presence, as the connection counts it (see `Connection.presentWhileSubscribed`). */
  const counted =
    (viewer: Viewer, connection: Connection): AccessWatcher =>
    () =>
      connection.presentWhileSubscribed(viewer.userId);

  /** The room's stream, once the access rules let the viewer follow the room. */
  async function requireFollower(viewer: Viewer, roomId: number): Promise<StreamHead> {
    const stream = await store.streamHead({ roomId });
    const refusal = roomRefusal(
      'follow',
      stream ? await store.roomStanding(roomId, viewer.userId) : null,
    );
    if (refusal) throw refusal;
    return stream as StreamHead;
  }

  function startAfter(
    stream: { id: number; lastPosition: number },
    after: ResumePoint | undefined,
  ): Replay {
    // Without a cursor: live from now.
    if (!after) return replayAfter(pointAt({ streamId: stream.id, position: stream.lastPosition }));
    if (after.streamId !== stream.id) throw cursorExpired('it belongs to another stream');
    if (after.snapshot > stream.lastPosition) throw cursorExpired('it is ahead of this stream');
    return replayAfter(after);
  }

  /**
   * Whom the viewer hides (the users they blocked), kept current for the subscription's life,
   * and the watcher that keeps it so: it re-reads the set after the bus may have lost block
   * events, and stops listening when the subscription ends.
   */
  async function hiddenAuthors(viewer: Viewer): Promise<[HiddenAuthors, AccessWatcher]> {
    const hidden = await HiddenAuthors.load(store, hub, viewer.userId);
    const watcher: AccessWatcher = () => {
      const stopResync = hub.resyncs.add('all', () => {
        hidden.invalidate();
        // Streams also wait for this before reading what they missed (`load`).
        hidden.refresh().catch(() => hidden.invalidate());
      });
      return () => {
        stopResync();
        hidden.close();
      };
    };
    return [hidden, watcher];
  }

  function follow(
    viewer: Viewer,
    stream: { id: number; lastPosition: number },
    after: ResumePoint | undefined,
    connection: Connection,
    watchers: AccessWatcher[],
    direct: DirectSend | undefined,
    hidden?: HiddenAuthors,
  ): AsyncIterableIterator<LiveItem<MessageView>> {
    const replay = startAfter(stream, after);
    return messageStream({
      streamId: stream.id,
      after: replay.from,
      settledThrough: Math.max(replay.from, replay.snapshot),
      hub,
      load: async (position, limit) => {
        // After a bus outage, know whom to hide before reading what was missed.
        await hidden?.refresh();
        return changesAfter(store, stream.id, position, limit, replay);
      },
      hides: hidden && ((authorId) => hidden.hides(authorId)),
      queue: {
        watchers: [whileSignedIn(viewer), counted(viewer, connection), tracked, ...watchers],
        limits,
        bufferedBytes: connection.bufferedBytes,
        signal: shutdown,
        onDelivered,
      },
      direct,
    });
  }

  return {
    /**
     * Every post, edit and delete of a room after `after` (or from now), then live. `direct`
     * is the connection's fast path for live changes, if it has one.
     */
    async roomMessages(
      viewer: Viewer,
      roomId: number,
      after: ResumePoint | undefined,
      connection: Connection,
      direct?: DirectSend,
    ): Promise<AsyncIterableIterator<LiveItem<MessageView>>> {
      return quotaed(viewer, connection, async (quota) => {
        const stream = await requireFollower(viewer, roomId);
        const [hidden, keepHidden] = await hiddenAuthors(viewer);
        try {
          return follow(
            viewer,
            stream,
            after,
            connection,
            [...quota, whileMember(viewer, roomId), keepHidden],
            direct,
            hidden,
          );
        } catch (error) {
          hidden.close();
          throw error;
        }
      });
    },

    /** Every direct message the viewer sends or receives, in any conversation. */
    async directMessages(
      viewer: Viewer,
      after: ResumePoint | undefined,
      connection: Connection,
      direct?: DirectSend,
    ): Promise<AsyncIterableIterator<LiveItem<MessageView>>> {
      return quotaed(viewer, connection, async (quota) => {
        const stream = await store.streamHead({ userId: viewer.userId });
        if (!stream) throw new Error(`user ${viewer.userId} has no stream`);
        return follow(viewer, stream, after, connection, quota, direct);
      });
    },

    /** Typing, presence and membership events of a room; members only. */
    async roomEvents(
      viewer: Viewer,
      roomId: number,
      connection: Connection,
    ): Promise<AsyncIterableIterator<LiveItem<RoomEvent>>> {
      return quotaed(viewer, connection, async (quota) => {
        await requireFollower(viewer, roomId);
        const [hidden, keepHidden] = await hiddenAuthors(viewer);
        return eventStream<RoomEvent>({
          // Nobody needs to be told that they themselves are typing; nor of the typing and
          // presence of someone they blocked.
          listen: (deliver) =>
            hub.rooms.add(roomId, (event) => {
              if (event.kind === 'typing' && event.userId === viewer.userId) return;
              if (
                (event.kind === 'typing' || event.kind === 'presence') &&
                hidden.hides(event.userId)
              ) {
                return;
              }
              deliver(event);
            }),
          watchers: [
            keepHidden,
            ...quota,
            whileSignedIn(viewer),
            counted(viewer, connection),
            tracked,
            whileMember(viewer, roomId),
          ],
          limits,
          bufferedBytes: connection.bufferedBytes,
          signal: shutdown,
          onDelivered,
          hold: hub,
        });
      });
    },

    /** Whether `peerId` is typing to the viewer. */
    async conversationEvents(
      viewer: Viewer,
      peerId: number,
      connection: Connection,
    ): Promise<AsyncIterableIterator<LiveItem<DirectTyping>>> {
      return quotaed(viewer, connection, async (quota) =>
        eventStream<DirectTyping>({
          listen: (deliver) =>
            hub.directTyping.add(viewer.userId, (event) => {
              if (event.fromUserId === peerId) deliver(event);
            }),
          watchers: [...quota, whileSignedIn(viewer), counted(viewer, connection), tracked],
          limits,
          bufferedBytes: connection.bufferedBytes,
          signal: shutdown,
          onDelivered,
          hold: hub,
        }),
      );
    },

    /** Announces (or stops) typing in a room the viewer is in, or to another user. */
    async setTyping(
      viewer: Viewer,
      target: { roomId: number } | { peerId: number },
      isTyping: boolean,
    ): Promise<void> {
      await deps.throttle('typing', viewer.userId);
      if ('roomId' in target) {
        await requireFollower(viewer, target.roomId);
        await typing.set(viewer.userId, { roomId: target.roomId }, isTyping);
        return;
      }
      if (target.peerId === viewer.userId) {
        throw badInput('conversationWith', 'You cannot type to yourself');
      }
      // Typing is part of writing: refused (BLOCKED) when a message would be.
      const refusal = contactRefusal(
        'message',
        await store.contactFacts(viewer.userId, target.peerId),
        'conversationWith',
      );
      if (refusal) throw refusal;
      await typing.set(viewer.userId, { toUserId: target.peerId }, isTyping);
    },
  };
}
