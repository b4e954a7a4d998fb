import { loadInChunks } from '../db/batches.js';
import { type Db, snapshotReads } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { roomRefusal } from '../domain/access.js';
import { conversationBetween } from '../domain/conversations.js';
import {
  type EntryWithMessage,
  loadMessageWithEntries,
  type MessageView,
  messageSelect,
  toView,
} from '../domain/message-views.js';
import type {
  DirectPost,
  DirectPostOutcome,
  RoomPost,
  RoomPostOutcome,
  Store,
} from '../domain/ports.js';
import { findUserById } from '../domain/users.js';
import { createPrismaRoomStore } from './prisma-rooms.js';
import { advanceStreams, type Tx, userStreamId } from './prisma-streams.js';

/** How often a write is retried after losing a uniqueness race (the conversation's pair). */
const CONFLICT_RETRIES = 3;

/** The author's message with this idempotency key, read inside `tx`. */
async function ownMessageIn(
  tx: Tx,
  authorId: number,
  clientMessageId: string,
): Promise<MessageView | null> {
  const message = await tx.message.findUnique({
    where: { authorId_clientMessageId: { authorId, clientMessageId } },
    select: { id: true },
  });
  if (!message) return null;
  const loaded = await loadMessageWithEntries(tx, message.id);
  if (!loaded) return null;
  const ownEntry =
    loaded.entries.find((entry) => entry.stream.userId === authorId) ?? loaded.entries[0];
  const { entries: _entries, room: _room, ...stored } = loaded;
  return ownEntry ? toView({ ...ownEntry, message: stored }) : null;
}

async function writeRoomPost(tx: Tx, post: RoomPost): Promise<RoomPostOutcome> {
  const room = await tx.room.findUnique({
    where: { id: post.roomId },
    select: { stream: { select: { id: true } } },
  });
  if (!room?.stream) return { kind: 'refused', refusal: roomRefusal('post', null) };
  const membership = await tx.membership.findUnique({
    where: { roomId_userId: { roomId: post.roomId, userId: post.authorId } },
    select: { userId: true },
  });
  const refusal = roomRefusal('post', { member: membership !== null });
  if (refusal) return { kind: 'refused', refusal };
  const streamId = room.stream.id;
  const position = (await advanceStreams(tx, [streamId])).get(streamId) as number;
  const message = await tx.message.create({
    data: {
      authorId: post.authorId,
      roomId: post.roomId,
      body: post.body,
      clientMessageId: post.clientMessageId,
    },
    select: messageSelect,
  });
  await tx.streamEntry.create({
    data: {
      streamId,
      position,
      changePosition: position,
      messageId: message.id,
      authorId: post.authorId,
    },
  });
  const entry = { streamId, position, changePosition: position, message };
  return { kind: 'posted', entry, author: undefined };
}

async function writeDirectPost(tx: Tx, post: DirectPost): Promise<DirectPostOutcome> {
  const recipient = await tx.user.findUnique({
    where: { id: post.recipientId },
    select: { stream: { select: { id: true } } },
  });
  if (!recipient?.stream) return { kind: 'no-recipient' };
  const senderStreamId = await userStreamId(tx, post.authorId);
  const recipientStreamId = recipient.stream.id;
  const conversationId = await conversationBetween(tx, post.authorId, post.recipientId);
  const positions = await advanceStreams(tx, [senderStreamId, recipientStreamId]);
  const message = await tx.message.create({
    data: {
      authorId: post.authorId,
      recipientId: post.recipientId,
      conversationId,
      body: post.body,
      clientMessageId: post.clientMessageId,
    },
    select: messageSelect,
  });
  const places = [
    { userId: post.authorId, streamId: senderStreamId },
    { userId: post.recipientId, streamId: recipientStreamId },
  ].map((place) => ({ ...place, position: positions.get(place.streamId) as number }));
  await tx.streamEntry.createMany({
    data: places.map(({ streamId, position }) => ({
      streamId,
      position,
      changePosition: position,
      messageId: message.id,
      authorId: post.authorId,
      conversationId,
    })),
  });
  for (const { userId, position } of places) {
    await tx.conversationParticipant.update({
      where: { conversationId_userId: { conversationId, userId } },
      data: { lastPosition: position },
    });
  }
  const [sender, recipientEntry] = places.map(({ streamId, position }) => ({
    streamId,
    position,
    changePosition: position,
    message,
  })) as [EntryWithMessage, EntryWithMessage];
  return { kind: 'sent', entries: [sender, recipientEntry], author: undefined };
}

/** The store on Prisma: PostgreSQL's (and SQLite's, where nothing faster is wired). */
export function createPrismaStore(db: Db): Store {
  /**
   * Runs a send's transaction. Losing a race on a unique key is settled here: on the sender's
   * idempotency key, the winner's message is the answer; on anything else (two users starting
   * their conversation at once), the retry finds the winner's row.
   */
  async function writeOnce<Outcome>(
    post: { authorId: number; clientMessageId: string | null },
    write: (tx: Tx) => Promise<Outcome>,
  ): Promise<Outcome | { kind: 'retried'; view: MessageView }> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await db.$transaction(write);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const original =
          post.clientMessageId === null
            ? null
            : await ownMessageIn(db, post.authorId, post.clientMessageId);
        if (original) return { kind: 'retried', view: original };
        if (attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  const store: Store = {
    ...createPrismaRoomStore(db),

    async findSession(tokenHash) {
      const session = await db.session.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          userId: true,
          expiresAt: true,
          revokedAt: true,
          user: { select: { nickname: true } },
        },
      });
      if (!session) return null;
      const { user, ...rest } = session;
      return { ...rest, hasNickname: !!user.nickname };
    },

    ownMessage: (authorId, clientMessageId) => ownMessageIn(db, authorId, clientMessageId),

    async postToRoom(post) {
      const outcome = await writeOnce(post, (tx) => writeRoomPost(tx, post));
      if (outcome.kind !== 'posted') return outcome;
      return { ...outcome, author: (await findUserById(db, post.authorId)) ?? undefined };
    },

    async sendDirect(post) {
      const outcome = await writeOnce(post, (tx) => writeDirectPost(tx, post));
      if (outcome.kind !== 'sent') return outcome;
      return { ...outcome, author: (await findUserById(db, post.authorId)) ?? undefined };
    },

    async validSessions(sessionIds) {
      const valid = await loadInChunks(sessionIds, async (chunk) => {
        const rows = await db.session.findMany({
          where: { id: { in: chunk }, revokedAt: null, expiresAt: { gt: new Date() } },
          select: { id: true },
        });
        const found = new Set(rows.map((row) => row.id));
        return chunk.map((id) => found.has(id));
      });
      return new Set(sessionIds.filter((_id, i) => valid[i]));
    },

    async changesAfter(streamId, position, limit, replay) {
      const held =
        position < replay.snapshot
          ? {
              OR: [
                { position: { gt: replay.places } },
                { changePosition: { gt: replay.snapshot } },
              ],
            }
          : {};
      const rows = await db.streamEntry.findMany({
        where: { streamId, changePosition: { gt: position }, ...held },
        orderBy: { changePosition: 'asc' },
        take: limit,
        select: {
          streamId: true,
          position: true,
          changePosition: true,
          message: { select: messageSelect },
        },
      });
      return rows.map(toView);
    },

    streamHead: (stream) =>
      db.stream.findUnique({ where: stream, select: { id: true, lastPosition: true } }),

    findUser: (id) => findUserById(db, id),

    readPage(stream, conversationId, keys) {
      return db.$transaction(async (tx) => {
        const { id: streamId, lastPosition } = await tx.stream.findUniqueOrThrow({
          where: stream,
          select: { id: true, lastPosition: true },
        });
        const rows = await tx.streamEntry.findMany({
          where: { streamId, conversationId, position: { gt: keys.after, lt: keys.before } },
          orderBy: { position: keys.fromEnd ? 'desc' : 'asc' },
          take: keys.limit + 1,
          select: {
            streamId: true,
            position: true,
            changePosition: true,
            message: { select: messageSelect },
          },
        });
        return { streamId, lastPosition, rows: rows.map(toView) };
      }, snapshotReads(db));
    },
  };
  return store;
}
