import { loadInChunks } from '../db/batches.js';
import { type Db, snapshotReads } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { roomRefusal } from '../domain/access.js';
import { decideChange } from '../domain/message-changes.js';
import {
  type EntryWithMessage,
  type MessageFound,
  type MessageView,
  toView,
} from '../domain/message-views.js';
import type {
  DirectPost,
  DirectPostOutcome,
  MessageChange,
  MessageChangeOutcome,
  MessageStore,
  RoomPost,
  RoomPostOutcome,
} from '../domain/ports.js';
import { entrySelect, messageSelect } from './message-selects.js';
import { conversationBetween } from './prisma-conversations.js';
import { findUserById } from './prisma-identity.js';
import { advanceStreams, type Tx, userStreamId } from './prisma-streams.js';
import { membershipFactsSelect, readStanding, standingFrom } from './room-standings.js';

/** How often a write is retried after losing a uniqueness race (the conversation's pair). */
const CONFLICT_RETRIES = 3;

/** A message with every stream entry it has, whose streams they are, and its room's owner. */
async function loadMessageWithEntries(
  tx: Tx,
  messageId: number,
): Promise<Omit<MessageFound, 'standing'> | null> {
  const loaded = await tx.message.findUnique({
    where: { id: messageId },
    select: {
      ...messageSelect,
      room: { select: { ownerId: true } },
      entries: {
        select: {
          streamId: true,
          position: true,
          changePosition: true,
          stream: { select: { userId: true } },
        },
      },
    },
  });
  if (!loaded) return null;
  const { entries, room, ...message } = loaded;
  return {
    message,
    places: entries.map(({ stream, ...place }) => ({ ...place, userId: stream.userId })),
    roomOwnerId: room?.ownerId ?? null,
  };
}

/** The message, and the asker's standing in its room (room messages only), read inside `tx`. */
async function findMessageIn(
  tx: Tx,
  viewerId: number,
  messageId: number,
): Promise<MessageFound | null> {
  const loaded = await loadMessageWithEntries(tx, messageId);
  if (!loaded || loaded.message.roomId === null) return loaded;
  return {
    ...loaded,
    standing: (await readStanding(tx, loaded.message.roomId, viewerId)) ?? undefined,
  };
}

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
  const own = loaded.places.find((place) => place.userId === authorId) ?? loaded.places[0];
  return own ? toView({ ...own, message: loaded.message }) : null;
}

async function writeRoomPost(tx: Tx, post: RoomPost): Promise<RoomPostOutcome> {
  const room = await tx.room.findUnique({
    where: { id: post.roomId },
    select: {
      visibility: true,
      ownerId: true,
      stream: { select: { id: true } },
      members: { where: { userId: post.authorId }, select: membershipFactsSelect },
    },
  });
  if (!room?.stream) return { kind: 'refused', refusal: roomRefusal('post', null) };
  // A ban removes the membership, so a post needs no ban row: a non-member is refused anyway.
  const standing = standingFrom(room, post.authorId, room.members[0] ?? null, null);
  const refusal = roomRefusal('post', standing);
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

/**
 * An edit or delete, inside `tx`: the rules decide on what was read (`decideChange`); an update
 * re-positions every entry of the message at its streams' next positions.
 */
async function writeChange(
  tx: Tx,
  change: MessageChange,
): Promise<Exclude<MessageChangeOutcome, { kind: 'changed' }> | Written> {
  const found = await findMessageIn(tx, change.viewer.userId, change.messageId);
  const decision = decideChange(change, found);
  if (decision.kind !== 'update') return decision;
  if (!found) throw new Error(`message ${change.messageId} was not found yet changed`);
  const positions = await advanceStreams(
    tx,
    found.places.map((place) => place.streamId),
  );
  for (const place of found.places) {
    await tx.streamEntry.update({
      where: { streamId_position: { streamId: place.streamId, position: place.position } },
      data: { changePosition: positions.get(place.streamId) as number },
    });
  }
  const message = await tx.message.update({
    where: { id: change.messageId },
    data: decision.update,
    select: messageSelect,
  });
  const changes = found.places.map((place) => ({
    streamId: place.streamId,
    position: place.position,
    changePosition: positions.get(place.streamId) as number,
    message,
  }));
  const own =
    found.places.find((place) => place.userId === change.viewer.userId) ?? found.places[0];
  if (!own) throw new Error(`message ${change.messageId} has no stream entry`);
  const view = toView({
    streamId: own.streamId,
    position: own.position,
    changePosition: positions.get(own.streamId) as number,
    message,
  });
  return { kind: 'written', view, changes };
}

type Written = { kind: 'written'; view: MessageView; changes: EntryWithMessage[] };

/** Messages and their streams on Prisma: PostgreSQL's, and SQLite's where nothing faster is wired. */
export function createPrismaMessages(db: Db): MessageStore {
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

  return {
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
        select: entrySelect,
      });
      return rows.map(toView);
    },

    streamHead: (stream) =>
      db.stream.findUnique({ where: stream, select: { id: true, lastPosition: true } }),

    readPage(stream, conversationId, keys, hiddenFor) {
      return db.$transaction(async (tx) => {
        const { id: streamId, lastPosition } = await tx.stream.findUniqueOrThrow({
          where: stream,
          select: { id: true, lastPosition: true },
        });
        const hidden =
          hiddenFor === undefined
            ? []
            : (
                await tx.block.findMany({
                  where: { blockerId: hiddenFor },
                  select: { blockedId: true },
                })
              ).map((row) => row.blockedId);
        const rows = await tx.streamEntry.findMany({
          where: {
            streamId,
            conversationId,
            position: { gt: keys.after, lt: keys.before },
            // Blocked authors (hidesAuthor in access.ts), left out by the page query itself
            // on the entries' own (indexed) author column.
            ...(hidden.length > 0 ? { authorId: { notIn: hidden } } : {}),
          },
          orderBy: { position: keys.fromEnd ? 'desc' : 'asc' },
          take: keys.limit + 1,
          select: entrySelect,
        });
        return { streamId, lastPosition, rows: rows.map(toView) };
      }, snapshotReads(db));
    },

    findMessage: (viewerId, messageId) => findMessageIn(db, viewerId, messageId),

    // One chunk's lookups start in the same tick, so that Prisma batches them.
    findMessages: (viewerId, messageIds) =>
      loadInChunks(messageIds, (chunk) =>
        Promise.all(chunk.map((id) => findMessageIn(db, viewerId, id))),
      ),

    async changeMessage(change) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const outcome = await db.$transaction((tx) => writeChange(tx, change));
          if (outcome.kind !== 'written') return outcome;
          const author = (await findUserById(db, outcome.view.authorId)) ?? undefined;
          return { kind: 'changed', view: outcome.view, changes: outcome.changes, author };
        } catch (error) {
          // Lost a race on a unique key: the retry finds the winner's row.
          if (!isUniqueViolation(error) || attempt >= CONFLICT_RETRIES) throw error;
        }
      }
    },

    async moveReadMarker(userId, place, position) {
      if ('roomId' in place) {
        await db.membership.updateMany({
          where: { roomId: place.roomId, userId, readPosition: { lt: position } },
          data: { readPosition: position },
        });
      } else {
        await db.conversationParticipant.updateMany({
          where: { conversationId: place.conversationId, userId, readPosition: { lt: position } },
          data: { readPosition: position },
        });
      }
    },
  };
}
