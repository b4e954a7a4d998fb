import type { EventBus, StreamChange } from '../events/event-bus.js';
import type { LimitedAction, Throttle } from '../limits/action-limits.js';
import { contactRefusal, directRefusal } from './access.js';
import { badInput, notFound } from './errors.js';
import { conversationHistory, roomHistory } from './history.js';
import { checkBody, checkClientMessageId } from './message-rules.js';
import { type MessageView, toView, viewFor } from './message-views.js';
import type { PageRequest } from './pagination.js';
import type { MessageChange, Store } from './ports.js';
import type { StreamPosition } from './streams.js';
import type { User } from './users.js';
import type { Viewer } from './viewer.js';

export type Messaging = ReturnType<typeof createMessaging>;

/**
 * Posting, direct messages, edits, deletes and read markers. Every write takes its stream
 * positions in the same transaction as the row it changes, and is announced on the bus only
 * after it commits: the bus never carries anything a reader could not find in the database.
 */
export function createMessaging({
  store,
  bus,
  throttle,
}: {
  store: Store;
  bus: EventBus;
  throttle: Throttle;
}) {
  /**
   * The sender's earlier message with this idempotency key, or null once the new send may go
   * ahead. The rate limit comes after the check: a retry of an accepted message is never refused.
   */
  async function earlierSendOrThrottle(
    viewer: Viewer,
    clientMessageId: string | null,
    action: LimitedAction,
  ): Promise<MessageView | null> {
    const earlier =
      clientMessageId === null ? null : await store.ownMessage(viewer.userId, clientMessageId);
    if (!earlier) await throttle(action, viewer.userId);
    return earlier;
  }

  /** Announces committed changes; `author` is read once by the writer, not per subscriber. */
  async function announce(changes: StreamChange[], author: User | undefined): Promise<void> {
    await Promise.all(
      changes.map((change) => bus.publish('stream.changed', { ...change, author })),
    );
  }

  /**
   * Stores an edit or delete (one transaction, positions and all; see `decideChange`), then
   * announces the changed entries.
   */
  async function change(request: MessageChange): Promise<MessageView> {
    const outcome = await store.changeMessage(request);
    switch (outcome.kind) {
      case 'refused':
        throw outcome.refusal;
      case 'unchanged':
        return outcome.view;
    }
    if (outcome.changes.length > 0) await announce(outcome.changes, outcome.author);
    return outcome.view;
  }

  return {
    /** A page of a room's history, if the access rules let the viewer read it. */
    roomHistory: (viewer: Viewer, roomId: number, request: PageRequest<StreamPosition>) =>
      roomHistory(store, viewer.userId, roomId, request),

    /** A page of one of the viewer's conversations, from their own stream. */
    conversationHistory: (
      viewer: Viewer,
      conversationId: number,
      request: PageRequest<StreamPosition>,
    ) => conversationHistory(store, viewer.userId, conversationId, request),

    /**
     * Messages by id (a DataLoader batch), each as the viewer may see it or null; in chunks, one
     * after the other, so that a batch never holds the database for long.
     */
    async findVisibleMessages(viewer: Viewer | null, ids: readonly number[]) {
      if (!viewer) return ids.map(() => null);
      const found = await store.findMessages(viewer.userId, ids);
      return found.map((message) => message && viewFor(viewer.userId, message));
    },

    /** The message as the viewer may see it, or null (not found, or not theirs to see). */
    async findVisibleMessage(viewer: Viewer, messageId: number): Promise<MessageView | null> {
      const found = await store.findMessage(viewer.userId, messageId);
      return found ? viewFor(viewer.userId, found) : null;
    },

    /** Posts to a room the viewer is a member of. Idempotent per `clientMessageId`. */
    async postMessage(
      viewer: Viewer,
      roomId: number,
      bodyInput: string,
      clientMessageIdInput?: string | null,
    ): Promise<MessageView> {
      const body = checkBody(bodyInput);
      const clientMessageId = checkClientMessageId(clientMessageIdInput);
      const retried = await earlierSendOrThrottle(viewer, clientMessageId, 'post-message');
      if (retried) return retried;
      const outcome = await store.postToRoom({
        authorId: viewer.userId,
        roomId,
        body,
        clientMessageId,
      });
      switch (outcome.kind) {
        case 'refused':
          throw outcome.refusal;
        case 'retried':
          return outcome.view;
      }
      await announce([outcome.entry], outcome.author);
      return toView(outcome.entry);
    },

    /**
     * Sends a direct message; the conversation is created on first use. The message takes a
     * position in both participants' streams. Idempotent per `clientMessageId`. Refused with
     * BLOCKED (`contactRefusal`) when the recipient blocked the viewer, or when their
     * direct-message policy does not let the viewer start a conversation.
     */
    async sendDirectMessage(
      viewer: Viewer,
      recipientId: number,
      bodyInput: string,
      clientMessageIdInput?: string | null,
    ): Promise<MessageView> {
      if (recipientId === viewer.userId) throw badInput('to', 'You cannot message yourself');
      const body = checkBody(bodyInput);
      const clientMessageId = checkClientMessageId(clientMessageIdInput);
      const retried = await earlierSendOrThrottle(viewer, clientMessageId, 'direct-message');
      if (retried) return retried;
      // A block, or the recipient's policy for new conversations: BLOCKED, nothing stored.
      const refusal = contactRefusal(
        'message',
        await store.contactFacts(viewer.userId, recipientId),
        'to',
      );
      if (refusal) throw refusal;
      const outcome = await store.sendDirect({
        authorId: viewer.userId,
        recipientId,
        body,
        clientMessageId,
      });
      switch (outcome.kind) {
        case 'no-recipient':
          throw directRefusal(null, 'to');
        case 'retried':
          return outcome.view;
      }
      await announce(outcome.entries, outcome.author);
      return toView(outcome.entries[0]);
    },

    /** Replaces the body of the viewer's own message. */
    editMessage(viewer: Viewer, messageId: number, bodyInput: string): Promise<MessageView> {
      const body = checkBody(bodyInput);
      return change({ kind: 'edit', viewer, messageId, body });
    },

    /**
     * Deletes a message (its author, or the room's owner): the row stays in place with an empty
     * body and `deletedAt`. Deleting again changes nothing.
     */
    deleteMessage(viewer: Viewer, messageId: number): Promise<MessageView> {
      return change({ kind: 'delete', viewer, messageId });
    },

    /**
     * Deletes any message, as an admin resolving a report (the caller checked `adminRefusal`),
     * through the same path as every delete: new positions, announced on every stream.
     */
    deleteMessageAsAdmin(admin: Viewer, messageId: number): Promise<MessageView> {
      return change({ kind: 'delete', viewer: admin, messageId, byAdmin: true });
    },

    /**
     * Moves the viewer's read marker in the message's room or conversation up to the message.
     * Never moves it back.
     */
    async markRead(viewer: Viewer, messageId: number): Promise<boolean> {
      const view = await this.findVisibleMessage(viewer, messageId);
      if (!view) throw notFound('messageId', 'message');
      if (view.roomId !== null) {
        await store.moveReadMarker(viewer.userId, { roomId: view.roomId }, view.position);
      } else if (view.conversationId !== null) {
        await store.moveReadMarker(
          viewer.userId,
          { conversationId: view.conversationId },
          view.position,
        );
      }
      return true;
    },
  };
}
