import { loadInChunks } from '../db/batches.js';
import { type Db, snapshotReads } from '../db/database.js';
import type { Tx } from '../storage/prisma-streams.js';
import { conversationUnreadCounts } from '../storage/prisma-unread.js';
import { type MessageView, messageSelect, toView } from './message-views.js';
import { type Page, type PageRequest, pageFromRows } from './pagination.js';
import type { StreamPosition } from './streams.js';
import type { Viewer } from './viewer.js';

/** A direct conversation as one participant (`viewerId`) sees it. */
export type ConversationView = {
  id: number;
  viewerId: number;
  peerId: number;
  /** Position, in the viewer's stream, of the latest message: the "recent activity" key. */
  lastPosition: number;
  readPosition: number;
};

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
 * The one conversation between two users, created with both participants on first use. The
 * unique (userLowId, userHighId) pair settles the race of both writing first at once: the loser
 * of the insert retries and finds the winner's row.
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

/** The viewer's conversation with `peerId`, if they have exchanged a message. */
export async function findConversationWith(
  db: Db,
  viewerId: number,
  peerId: number,
): Promise<ConversationView | null> {
  const row = await db.conversationParticipant.findUnique({
    where: { userId_peerId: { userId: viewerId, peerId } },
    select: participantSelect,
  });
  return row ? toConversationView(row) : null;
}

/** A conversation by id, only when the viewer takes part in it. */
export async function findConversationById(
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
 * The viewer's conversations, most recent activity first, keyset-paginated on the position of
 * each one's latest message in the viewer's stream.
 */
export async function listConversations(
  db: Db,
  viewerId: number,
  request: PageRequest<number>,
): Promise<Page<ConversationView> & { live: StreamPosition }> {
  return db.$transaction(async (tx) => {
    // The viewer's direct-message stream as of this read: `directMessages` resumes after it.
    const stream = await tx.stream.findUniqueOrThrow({
      where: { userId: viewerId },
      select: { id: true, lastPosition: true },
    });
    // Newest first: "after" a cursor means lower positions.
    const rows = await tx.conversationParticipant.findMany({
      where: { userId: viewerId, lastPosition: { lt: request.after, gt: request.before } },
      orderBy: { lastPosition: request.fromEnd ? 'asc' : 'desc' },
      take: request.limit + 1,
      select: participantSelect,
    });
    return {
      ...pageFromRows(rows.map(toConversationView), request),
      live: { streamId: stream.id, position: stream.lastPosition },
    };
  }, snapshotReads(db));
}

/** The latest message of a conversation, as the viewer sees it. */
export async function lastMessageOf(
  db: Db,
  conversation: ConversationView,
): Promise<MessageView | null> {
  const entry = await db.streamEntry.findFirst({
    where: { stream: { userId: conversation.viewerId }, conversationId: conversation.id },
    orderBy: { position: 'desc' },
    select: {
      streamId: true,
      position: true,
      changePosition: true,
      message: { select: messageSelect },
    },
  });
  return entry ? toView(entry) : null;
}

export type Conversations = ReturnType<typeof createConversations>;

/** The viewer's direct conversations, as the GraphQL schema reads them. */
export function createConversations({ db }: { db: Db }) {
  return {
    /**
     * Conversations by id (a DataLoader batch), as the viewer sees them; null where absent or
     * not theirs (only participants can load a conversation; signed out, none).
     */
    findConversations: (viewer: Viewer | null, ids: readonly number[]) =>
      loadInChunks(ids, (chunk) =>
        Promise.all(
          chunk.map((id) => (viewer ? findConversationById(db, viewer.userId, id) : null)),
        ),
      ),

    /** The viewer's conversation with `peerId`, or null until one of them writes. */
    conversationWith: (viewer: Viewer, peerId: number) =>
      findConversationWith(db, viewer.userId, peerId),

    /** The viewer's conversations, most recent activity first. */
    listConversations: (viewer: Viewer, request: PageRequest<number>) =>
      listConversations(db, viewer.userId, request),

    /** The newest message of a conversation, in its viewer's stream. */
    lastMessage: (conversation: ConversationView) => lastMessageOf(db, conversation),

    /** Messages from the peer after the viewer's read marker (0 signed out). */
    unreadCounts: (viewer: Viewer | null, ids: readonly number[]) =>
      viewer ? conversationUnreadCounts(db, viewer.userId, ids) : ids.map(() => 0),
  };
}
