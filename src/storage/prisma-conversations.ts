import { loadInChunks } from '../db/batches.js';
import { type Db, snapshotReads } from '../db/database.js';
import { toView } from '../domain/message-views.js';
import type { ConversationStore, ConversationView } from '../domain/ports.js';
import { Prisma } from '../generated/prisma/client.js';
import { entrySelect } from './message-selects.js';
import type { Tx } from './prisma-streams.js';

const participantSelect = {
  conversationId: true,
  userId: true,
  peerId: true,
  lastPosition: true,
  readPosition: true,
} as const;

function toConversationView(row: {
  conversationId: number;
  userId: number;
  peerId: number;
  lastPosition: number;
  readPosition: number;
}): ConversationView {
  return {
    id: row.conversationId,
    viewerId: row.userId,
    peerId: row.peerId,
    lastPosition: row.lastPosition,
    readPosition: row.readPosition,
  };
}

/**
 * The one conversation between two users, created with both participants on first use, inside
 * a send's transaction. The unique (userLowId, userHighId) pair settles the race of both
 * writing first at once: the loser of the insert retries and finds the winner's row.
 */
export async function conversationBetween(tx: Tx, a: number, b: number): Promise<number> {
  const [userLowId, userHighId] = a < b ? [a, b] : [b, a];
  const existing = await tx.conversation.findUnique({
    where: { userLowId_userHighId: { userLowId, userHighId } },
    select: { id: true },
  });
  if (existing) return existing.id;
  const created = await tx.conversation.create({
    data: {
      userLowId,
      userHighId,
      participants: {
        create: [
          { userId: a, peerId: b },
          { userId: b, peerId: a },
        ],
      },
    },
    select: { id: true },
  });
  return created.id;
}

async function findConversationById(
  db: Db,
  viewerId: number,
  conversationId: number,
): Promise<ConversationView | null> {
  const row = await db.conversationParticipant.findUnique({
    where: { conversationId_userId: { conversationId, userId: viewerId } },
    select: participantSelect,
  });
  return row ? toConversationView(row) : null;
}

/**
 * Unread direct messages per conversation: the viewer's entries after their read marker that
 * the peer wrote, one grouped query per chunk, each an index range count on (stream,
 * conversation, position, author).
 */
async function unreadCountsOf(
  db: Db,
  viewerId: number,
  conversationIds: readonly number[],
): Promise<number[]> {
  const rows = await db.$queryRaw<{ conversationId: number | bigint; unread: number | bigint }[]>`
    SELECT p."conversationId" AS "conversationId", COUNT(e."position") AS "unread"
    FROM "ConversationParticipant" p
    JOIN "Stream" s ON s."userId" = p."userId"
    JOIN "StreamEntry" e ON e."streamId" = s."id" AND e."conversationId" = p."conversationId"
      AND e."position" > p."readPosition" AND e."authorId" <> p."userId"
    WHERE p."userId" = ${viewerId} AND p."conversationId" IN (${Prisma.join([...conversationIds])})
    GROUP BY p."conversationId"`;
  const counts = new Map(rows.map((row) => [Number(row.conversationId), Number(row.unread)]));
  return conversationIds.map((id) => counts.get(id) ?? 0);
}

/** Direct conversations on Prisma (SQLite and PostgreSQL). */
export function createPrismaConversations(db: Db): ConversationStore {
  return {
    async conversationWith(viewerId, peerId) {
      const row = await db.conversationParticipant.findUnique({
        where: { userId_peerId: { userId: viewerId, peerId } },
        select: participantSelect,
      });
      return row ? toConversationView(row) : null;
    },

    findConversations: (viewerId, conversationIds) =>
      loadInChunks(conversationIds, (chunk) =>
        Promise.all(chunk.map((id) => findConversationById(db, viewerId, id))),
      ),

    conversationPage(viewerId, keys) {
      return db.$transaction(async (tx) => {
        // The viewer's direct-message stream as of this read: `directMessages` resumes after it.
        const head = await tx.stream.findUniqueOrThrow({
          where: { userId: viewerId },
          select: { id: true, lastPosition: true },
        });
        // Newest first: "after" a cursor means lower positions.
        const rows = await tx.conversationParticipant.findMany({
          where: { userId: viewerId, lastPosition: { lt: keys.after, gt: keys.before } },
          orderBy: { lastPosition: keys.fromEnd ? 'asc' : 'desc' },
          take: keys.limit + 1,
          select: participantSelect,
        });
        return { head, rows: rows.map(toConversationView) };
      }, snapshotReads(db));
    },

    async lastMessage(viewerId, conversationId) {
      const entry = await db.streamEntry.findFirst({
        where: { stream: { userId: viewerId }, conversationId },
        orderBy: { position: 'desc' },
        select: entrySelect,
      });
      return entry ? toView(entry) : null;
    },

    conversationUnreadCounts: (viewerId, conversationIds) =>
      loadInChunks(conversationIds, (chunk) => unreadCountsOf(db, viewerId, chunk)),
  };
}
