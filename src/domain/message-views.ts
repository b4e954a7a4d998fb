import type { Tx } from '../storage/prisma-streams.js';
import { mayReadRoom } from './access.js';
import type { Reading } from './resume-points.js';
import type { User } from './users.js';

/** The columns of a message every reader needs. */
export const messageSelect = {
  id: true,
  authorId: true,
  roomId: true,
  recipientId: true,
  conversationId: true,
  body: true,
  clientMessageId: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
} as const;

export type StoredMessage = {
  id: number;
  authorId: number;
  roomId: number | null;
  recipientId: number | null;
  conversationId: number | null;
  body: string;
  clientMessageId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
};

/**
 * A message as seen in one stream: the room's for a room message, the viewer's own for a direct
 * message. `position` orders history; `changePosition` is its latest change, the order of live
 * delivery and replay.
 */
export type MessageView = StoredMessage & {
  streamId: number;
  position: number;
  changePosition: number;
  /** The author, when whoever read the message had it at hand (live deliveries, some pages). */
  author?: User;
  /** How it was read (a page, a subscription), for its cursor; absent when read on its own. */
  reading?: Reading;
};

/** A message at its place in one stream, as stored. */
export type EntryWithMessage = {
  streamId: number;
  position: number;
  changePosition: number;
  message: StoredMessage;
};

export function toView(entry: EntryWithMessage): MessageView {
  return {
    ...entry.message,
    streamId: entry.streamId,
    position: entry.position,
    changePosition: entry.changePosition,
  };
}

/** A message with every stream entry it has and whose streams they are. */
export async function loadMessageWithEntries(db: Tx, messageId: number) {
  return db.message.findUnique({
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
}

type LoadedMessage = NonNullable<Awaited<ReturnType<typeof loadMessageWithEntries>>>;

/**
 * The viewer's view of a message, or null when they may not see it: room messages to those the
 * access rules let read the room, direct messages to their two participants only (it is in
 * their streams).
 */
export async function viewFor(
  db: Tx,
  viewerId: number,
  loaded: LoadedMessage,
): Promise<MessageView | null> {
  const { entries, room: _room, ...message } = loaded;
  if (message.roomId !== null) {
    const membership = await db.membership.findUnique({
      where: { roomId_userId: { roomId: message.roomId, userId: viewerId } },
      select: { userId: true },
    });
    const entry = entries[0];
    return mayReadRoom({ member: membership !== null }) && entry
      ? toView({ ...entry, message })
      : null;
  }
  const own = entries.find((entry) => entry.stream.userId === viewerId);
  return own ? toView({ ...own, message }) : null;
}
