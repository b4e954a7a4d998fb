import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { EventBus, StreamChange } from '../events/event-bus.js';
import type { LimitedAction, Throttle } from '../limits/action-limits.js';
import { advanceStreams, type Tx } from '../storage/prisma-streams.js';
import { directRefusal, messageChangeRefusal } from './access.js';
import { badInput, notFound } from './errors.js';
import { conversationHistory, roomHistory } from './history.js';
import { checkBody, checkClientMessageId } from './message-rules.js';
import {
  loadMessageWithEntries,
  type MessageView,
  messageSelect,
  toView,
  viewFor,
} from './message-views.js';
import type { PageRequest } from './pagination.js';
import type { Store } from './ports.js';
import type { StreamPosition } from './streams.js';
import { findUserById, type User } from './users.js';
import type { Viewer } from './viewer.js';

/** A committed write: what to answer, and the stream changes to announce after the commit. */
type Written = { view: MessageView; changes: StreamChange[] };

/** What the access rules read about a loaded message. */
function factsOf(loaded: { authorId: number; room: { ownerId: number | null } | null }) {
  return { authorId: loaded.authorId, roomOwnerId: loaded.room?.ownerId ?? null };
}

/** How often an edit or delete is retried after losing a race on a unique key. */
const CONFLICT_RETRIES = 3;

export type Messaging = ReturnType<typeof createMessaging>;

/**
 * Posting, direct messages, edits, deletes and read markers. Every write takes its stream
 * positions in the same transaction as the row it changes, and is announced on the bus only
 * after it commits: the bus never carries anything a reader could not find in the database.
 */
export function createMessaging({
  db,
  store,
  bus,
  throttle,
}: {
  db: Db;
  store: Store;
  bus: EventBus;
  throttle: Throttle;
}) {
  /** Announces committed changes; `author` is read once by the writer, not per subscriber. */
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

  async function announce(changes: StreamChange[], author: User | undefined): Promise<void> {
    await Promise.all(
      changes.map((change) => bus.publish('stream.changed', { ...change, author })),
    );
  }

  async function commit(write: (tx: Tx) => Promise<Written>): Promise<MessageView> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const written = await db.$transaction(write);
        if (written.changes.length > 0) {
          await announce(
            written.changes,
            (await findUserById(db, written.view.authorId)) ?? undefined,
          );
        }
        return written.view;
      } catch (error) {
        // Lost a race on a unique key: the retry finds the winner's row.
        if (!isUniqueViolation(error) || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  /** Re-positions every entry of a changed message and returns the viewer's view of it. */
  async function recordChange(
    tx: Tx,
    viewer: Viewer,
    loaded: NonNullable<Awaited<ReturnType<typeof loadMessageWithEntries>>>,
    data: { body: string; editedAt?: Date; deletedAt?: Date },
  ): Promise<Written> {
    const positions = await advanceStreams(
      tx,
      loaded.entries.map((entry) => entry.streamId),
    );
    for (const entry of loaded.entries) {
      await tx.streamEntry.update({
        where: { streamId_position: { streamId: entry.streamId, position: entry.position } },
        data: { changePosition: positions.get(entry.streamId) as number },
      });
    }
    const message = await tx.message.update({
      where: { id: loaded.id },
      data,
      select: messageSelect,
    });
    const changes = loaded.entries.map((entry) => ({
      streamId: entry.streamId,
      position: entry.position,
      changePosition: positions.get(entry.streamId) as number,
      message,
    }));
    const own =
      loaded.entries.find((entry) => entry.stream.userId === viewer.userId) ?? loaded.entries[0];
    if (!own) throw new Error(`message ${loaded.id} has no stream entry`);
    return {
      view: toView({
        streamId: own.streamId,
        position: own.position,
        changePosition: positions.get(own.streamId) as number,
        message,
      }),
      changes,
    };
  }

  async function loadVisible(tx: Tx, viewer: Viewer, messageId: number) {
    const loaded = await loadMessageWithEntries(tx, messageId);
    const view = loaded ? await viewFor(tx, viewer.userId, loaded) : null;
    if (!loaded || !view) throw notFound('id', 'message');
    return { loaded, view };
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
    findVisibleMessages(viewer: Viewer | null, ids: readonly number[]) {
      return loadInChunks(ids, (chunk) =>
        Promise.all(chunk.map((id) => (viewer ? this.findVisibleMessage(viewer, id) : null))),
      );
    },

    /** The message as the viewer may see it, or null (not found, or not theirs to see). */
    async findVisibleMessage(viewer: Viewer, messageId: number): Promise<MessageView | null> {
      const loaded = await loadMessageWithEntries(db, messageId);
      return loaded ? viewFor(db, viewer.userId, loaded) : null;
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
     * position in both participants' streams. Idempotent per `clientMessageId`.
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
      return commit(async (tx) => {
        const { loaded } = await loadVisible(tx, viewer, messageId);
        const refusal = messageChangeRefusal('edit', viewer, factsOf(loaded));
        if (refusal) throw refusal;
        if (loaded.deletedAt) throw badInput('id', 'A deleted message cannot be edited');
        return recordChange(tx, viewer, loaded, { body, editedAt: new Date() });
      });
    },

    /**
     * Deletes a message (its author, or the room's owner): the row stays in place with an empty
     * body and `deletedAt`. Deleting again changes nothing.
     */
    deleteMessage(viewer: Viewer, messageId: number): Promise<MessageView> {
      return commit(async (tx) => {
        const { loaded, view } = await loadVisible(tx, viewer, messageId);
        const refusal = messageChangeRefusal('delete', viewer, factsOf(loaded));
        if (refusal) throw refusal;
        if (loaded.deletedAt) return { view, changes: [] };
        return recordChange(tx, viewer, loaded, { body: '', deletedAt: new Date() });
      });
    },

    /**
     * Moves the viewer's read marker in the message's room or conversation up to the message.
     * Never moves it back.
     */
    async markRead(viewer: Viewer, messageId: number): Promise<boolean> {
      const view = await this.findVisibleMessage(viewer, messageId);
      if (!view) throw notFound('messageId', 'message');
      if (view.roomId !== null) {
        await db.membership.updateMany({
          where: {
            roomId: view.roomId,
            userId: viewer.userId,
            readPosition: { lt: view.position },
          },
          data: { readPosition: view.position },
        });
      } else if (view.conversationId !== null) {
        await db.conversationParticipant.updateMany({
          where: {
            conversationId: view.conversationId,
            userId: viewer.userId,
            readPosition: { lt: view.position },
          },
          data: { readPosition: view.position },
        });
      }
      return true;
    },
  };
}
