import { DomainError, forbidden, noSuchRoom, notFound } from './errors.js';
import type { Viewer } from './viewer.js';

/**
 * Who may see, post in, moderate and follow what: the only module that decides. Every path asks
 * it (queries, `node(id:)`, `_entities`, history, subscriptions and their replay, the live
 * fan-out's re-validation, and the storage transactions that post), so a new rule (a private
 * room, a role, a ban, a block) is one edit here plus, when it needs a new fact, one more field
 * in the standing that storage reports.
 *
 * The rules are pure functions of facts: storage reads the facts (inside the transaction that
 * acts on them, where it matters) and these functions turn them into an answer. A refusal is the
 * error the client gets; null means allowed.
 */

/**
 * What storage reports about one user's place in one room: every fact a room rule reads. Null
 * where a standing is expected means the room does not exist.
 */
export type RoomStanding = {
  /** Whether the user is a member of the room now. */
  member: boolean;
};

/**
 * What a viewer does with a room: `join` it, `read` its history and messages (history pages,
 * `node`), `post` to it, `follow` it live (`roomMessages`, `roomEvents` and their replay,
 * typing).
 */
export type RoomAction = 'join' | 'read' | 'post' | 'follow';

/** What a refused non-member is told to do, per action. */
const JOIN_FIRST: Record<Exclude<RoomAction, 'join'>, string> = {
  read: 'Only members can read a room’s messages: join it first',
  post: 'Only members can post: join the room first',
  follow: 'Only members can follow a room: join it first',
};

/** The refusal of `action` in a room for a user in `standing` (null: no such room), or null. */
export function roomRefusal(action: RoomAction, standing: null, field?: string): DomainError;
export function roomRefusal(
  action: RoomAction,
  standing: RoomStanding | null,
  field?: string,
): DomainError | null;
export function roomRefusal(
  action: RoomAction,
  standing: RoomStanding | null,
  field = 'roomId',
): DomainError | null {
  if (standing === null) return noSuchRoom(field);
  // Every room is public: anyone signed in may join (again: no change).
  if (action === 'join') return null;
  if (!standing.member) return forbidden(JOIN_FIRST[action]);
  return null;
}

/** Whether a user in `standing` may read the room's messages (null: no such room). */
export function mayReadRoom(standing: RoomStanding | null): boolean {
  return roomRefusal('read', standing) === null;
}

/**
 * Whether a live subscription that relies on `standing` may go on: the re-validation of the
 * live fan-out asks this when a membership event may have been missed.
 */
export function mayKeepFollowing(standing: RoomStanding | null): boolean {
  return roomRefusal('follow', standing) === null;
}

/** The error that ends a room subscription whose follower lost the standing to follow it. */
export function followingEnded(): DomainError {
  return forbidden('You left the room');
}

/** The error that ends every subscription of a session that was revoked or expired. */
export function signedOut(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'Signed out: this token was revoked');
}

/** A stored message, as far as the rules about changing it care. */
export type MessageFacts = {
  authorId: number;
  /** The owner of the message's room; null for direct messages and rooms without an owner. */
  roomOwnerId: number | null;
};

/**
 * The refusal of an edit or delete of a message the viewer can see, or null. Edits are the
 * author's; deletes the author's or the room owner's (moderation).
 */
export function messageChangeRefusal(
  change: 'edit' | 'delete',
  viewer: Viewer,
  message: MessageFacts,
): DomainError | null {
  if (message.authorId === viewer.userId) return null;
  if (change === 'delete' && message.roomOwnerId === viewer.userId) return null;
  return change === 'edit'
    ? forbidden('Only the author can edit a message')
    : forbidden('Only the author, or the room’s owner, can delete a message');
}

/**
 * The refusal of a direct message (or typing) from the viewer to a user, or null. `recipient`
 * is null when no such user exists; `field` names the argument that named them.
 */
export function directRefusal(recipient: null, field: string): DomainError;
export function directRefusal(recipient: { id: number } | null, field: string): DomainError | null;
export function directRefusal(recipient: { id: number } | null, field: string): DomainError | null {
  return recipient === null ? notFound(field, 'user') : null;
}

/** Whether a viewer (null: signed out) may see users at all: signed-in viewers only. */
export function maySeeUsers(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null;
}
