import { mayReadRoom, type RoomStanding } from './access.js';
import type { Reading } from './resume-points.js';
import type { User } from './users.js';

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

/** One of a message's places: its entry in a stream, and whose stream that is (null: a room's). */
export type MessagePlace = {
  streamId: number;
  position: number;
  changePosition: number;
  userId: number | null;
};

/**
 * A stored message with every stream entry it has, and what the rules about it read: its room's
 * owner, and the standing in that room of whoever asked (room messages only).
 */
export type MessageFound = {
  message: StoredMessage;
  places: MessagePlace[];
  /** The owner of the message's room; null for direct messages and rooms without an owner. */
  roomOwnerId: number | null;
  /** The asker's standing in the message's room; absent for direct messages. */
  standing?: RoomStanding;
};

/**
 * The viewer's view of a message, or null when they may not see it: room messages to those the
 * access rules let read the room, direct messages to their two participants only (it is in
 * their streams).
 */
export function viewFor(viewerId: number, found: MessageFound): MessageView | null {
  const { message, places } = found;
  if (message.roomId !== null) {
    const place = places[0];
    return mayReadRoom(found.standing ?? null) && place ? toView({ ...place, message }) : null;
  }
  const own = places.find((place) => place.userId === viewerId);
  return own ? toView({ ...own, message }) : null;
}
