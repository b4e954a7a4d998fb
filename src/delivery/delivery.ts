import type { Db } from '../db/database.js';
import { DomainError } from '../domain/errors.js';
import { changesAfter } from '../domain/history.js';
import type { MessageView } from '../domain/message-views.js';
import { pointAt, type Replay, type ResumePoint, replayAfter } from '../domain/resume-points.js';
import type { Viewer } from '../domain/sessions.js';
import type { RoomEvent } from '../events/event-bus.js';
import type { Throttle } from '../limits/action-limits.js';
import { eventStream } from './event-stream.js';
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

const cursorExpired = (why: string) =>
  new DomainError(
    'CURSOR_EXPIRED',
    `This cursor cannot be resumed (${why}): reload history and subscribe after its endCursor`,
  );

/**
 * Live delivery: the subscriptions of Charla. Access is checked when subscribing and watched
 * for the life of the subscription (leaving the room or logging out ends it at once).
 */
export function createDelivery(deps: {
  db: Db;
  hub: DeliveryHub;
  typing: TypingIndicators;
  limits: DeliveryLimits;
  /** Subscriptions one user may hold over SSE at once (TOO_MANY_SUBSCRIPTIONS past it). */
  maxEventStreamsPerUser: number;
  throttle: Throttle;
  /** Counts every event delivered to a subscriber (for metrics). */
  onDelivered?: () => void;
  /** Called when a subscription starts; the function it returns, when it ends (for metrics). */
  onSubscribed?: () => () => void;
  /** Aborted when the server shuts down: streams end, clients resume elsewhere. */
  shutdown: AbortSignal;
}) {
  const { db, hub, typing, limits, shutdown } = deps;
  const onDelivered = deps.onDelivered ?? (() => {});
  const tracked: AccessWatcher = () => deps.onSubscribed?.() ?? (() => {});
  const eventStreams = new StreamQuota(deps.maxEventStreamsPerUser);

  /**
   * Starts a subscription under the per-user cap on SSE streams: each SSE subscription is a
   * connection of its own, which no socket's subscription cap bounds. The slot is taken before
   * anything is awaited, so that concurrent requests cannot all pass, and given back when the
   * stream ends, is returned, or fails to start.
   */
  async function quotaed<T>(
    viewer: Viewer,
    connection: Connection,
    start: (watchers: AccessWatcher[]) => Promise<AsyncIterableIterator<T>>,
  ): Promise<AsyncIterableIterator<T>> {
    if (connection.kind !== 'http') return start([]);
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
      hub.sessionsRevoked.add(viewer.sessionId, () =>
        end(new DomainError('UNAUTHENTICATED', 'Signed out: this token was revoked')),
      );

  const whileMember =
    (viewer: Viewer, roomId: number): AccessWatcher =>
    (end) =>
      hub.membershipsLost.add(membershipKey(roomId, viewer.userId), () =>
        end(new DomainError('FORBIDDEN', 'You left the room')),
      );

  /** Presence, as the connection counts it (see `Connection.presentWhileSubscribed`). */
  const counted =
    (viewer: Viewer, connection: Connection): AccessWatcher =>
    () =>
      connection.presentWhileSubscribed(viewer.userId);

  async function requireMembership(viewer: Viewer, roomId: number) {
    const room = await db.room.findUnique({
      where: { id: roomId },
      select: { stream: { select: { id: true, lastPosition: true } } },
    });
    if (!room?.stream) throw new DomainError('NOT_FOUND', 'No such room', { field: 'roomId' });
    const membership = await db.membership.findUnique({
      where: { roomId_userId: { roomId, userId: viewer.userId } },
      select: { userId: true },
    });
    if (!membership)
      throw new DomainError('FORBIDDEN', 'Only members can follow a room: join it first');
    return room.stream;
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

  function follow(
    viewer: Viewer,
    stream: { id: number; lastPosition: number },
    after: ResumePoint | undefined,
    connection: Connection,
    watchers: AccessWatcher[],
    direct: DirectSend | undefined,
  ): AsyncIterableIterator<LiveItem<MessageView>> {
    const replay = startAfter(stream, after);
    return messageStream({
      streamId: stream.id,
      after: replay.from,
      settledThrough: Math.max(replay.from, replay.snapshot),
      hub,
      load: (position, limit) => changesAfter(db, stream.id, position, limit, replay),
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
        const stream = await requireMembership(viewer, roomId);
        return follow(
          viewer,
          stream,
          after,
          connection,
          [...quota, whileMember(viewer, roomId)],
          direct,
        );
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
        const stream = await db.stream.findUniqueOrThrow({
          where: { userId: viewer.userId },
          select: { id: true, lastPosition: true },
        });
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
        await requireMembership(viewer, roomId);
        return eventStream<RoomEvent>({
          // Nobody needs to be told that they themselves are typing.
          listen: (deliver) =>
            hub.rooms.add(roomId, (event) => {
              if (!(event.kind === 'typing' && event.userId === viewer.userId)) deliver(event);
            }),
          watchers: [
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
        await requireMembership(viewer, target.roomId);
        await typing.set(viewer.userId, { roomId: target.roomId }, isTyping);
        return;
      }
      if (target.peerId === viewer.userId) {
        throw new DomainError('BAD_USER_INPUT', 'You cannot type to yourself', {
          field: 'conversationWith',
        });
      }
      const peer = await db.user.findUnique({ where: { id: target.peerId }, select: { id: true } });
      if (!peer) throw new DomainError('NOT_FOUND', 'No such user', { field: 'conversationWith' });
      await typing.set(viewer.userId, { toUserId: target.peerId }, isTyping);
    },
  };
}
