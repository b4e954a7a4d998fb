import type { ContactFacts, DirectMessagePolicy, RoomStanding, RoomVisibility } from './access.js';
import type { DomainError } from './errors.js';
import type { EntryWithMessage, MessageFound, MessageView } from './message-views.js';
import type { Nickname } from './nicknames.js';
import type { PageRequest } from './pagination.js';
import type { Replay } from './resume-points.js';
import type { User } from './users.js';
import type { Viewer } from './viewer.js';

/**
 * The storage ports: one small interface per aggregate, in domain types only. Each method is
 * one whole unit of work (its own transaction) and returns plain values or an outcome union.
 * Prisma implements them for SQLite and PostgreSQL (`src/storage/prisma-store.ts`); on SQLite,
 * the hot paths (token check, sends, history pages) are overridden by statements prepared on
 * Prisma's own connection, with sends committed in groups (`src/storage/sqlite-store.ts`).
 * Decisions stay out of storage: who may post or read is the access module's (access.ts, which
 * the post transaction consults on the facts it read); idempotency, errors and publishing after
 * commit are the callers'. A store only reports what it found and stores what it is given.
 */
export type Store = SessionStore &
  UserStore &
  NameKeyStore &
  RoomStore &
  MessageStore &
  ConversationStore &
  BlockStore &
  ContactStore;

/** Sessions: what proves a token, and whether the sessions live connections rely on still do. */
export type SessionStore = {
  /** The session whose token hashes to `tokenHash`, revoked or expired ones included. */
  findSession(tokenHash: string): Promise<StoredSession | null>;
  /** Which of these sessions are still valid (neither revoked nor expired) now. */
  validSessions(sessionIds: readonly number[]): Promise<Set<number>>;
  /**
   * In one transaction: forgets the user's expired sessions (revoked or not: an expired token is
   * refused anyway, so a user's rows stay bounded by their live tokens) and opens this one.
   * `taken` when a session with this token hash exists already (two first requests with one
   * company token): nothing was written.
   */
  openSession(
    session: NewSession,
  ): Promise<{ kind: 'opened'; sessionId: number } | { kind: 'taken' }>;
  /**
   * Revokes one session; its token stops working at once. True when it was valid until now
   * (false when a concurrent logout got there first). The bus announcement is the caller's.
   */
  revokeSession(sessionId: number): Promise<boolean>;
};

/**
 * Users and their accounts. Nicknames arrive parsed (`Nickname`: display form and look-alike key);
 * the unique key settles races, reported as `taken`.
 */
export type UserStore = {
  /** The user, or null when there is no such user. */
  findUser(id: number): Promise<User | null>;
  /** Users by id, in the order asked, null where absent: the shape a DataLoader batch needs. */
  findUsers(ids: readonly number[]): Promise<(User | null)[]>;
  /** The user whose nickname has this look-alike key, or null. */
  userByNicknameKey(key: string): Promise<User | null>;
  /** Up to `limit` users whose nickname key starts with `keyPrefix`, in key order. */
  searchUsers(keyPrefix: string, limit: number): Promise<User[]>;
  /** What signing in checks for the nickname with this key; null when nobody holds it. */
  credentials(nicknameKey: string): Promise<Credentials | null>;
  /**
   * In one transaction: creates the user (with its stream), joins it to the room whose name key
   * is `joinRoomKey`, and opens its first session.
   */
  createAccount(account: NewAccount): Promise<{ kind: 'created'; user: User } | { kind: 'taken' }>;
  /**
   * The user a company subject stands for, created (without a nickname, with its stream) the
   * first time it appears; a concurrent first appearance finds the other's row.
   */
  userForSubject(externalSubject: string): Promise<User>;
  /**
   * In one transaction: gives a user without a nickname this one and joins it to the room whose
   * name key is `joinRoomKey`. `named-already` when the user has a nickname: nothing was written.
   */
  claimNickname(
    userId: number,
    nickname: Nickname,
    joinRoomKey: string,
  ): Promise<{ kind: 'claimed'; user: User } | { kind: 'taken' } | { kind: 'named-already' }>;
  /** Renames the user; id, history and memberships stay, the old name becomes free. */
  renameUser(
    userId: number,
    nickname: Nickname,
  ): Promise<{ kind: 'renamed'; user: User } | { kind: 'taken' }>;
};

/**
 * Stored names and their look-alike keys (users' nicknames, rooms' names), for recomputing the
 * keys at start when the key function changes (name-rekeying.ts decides what to write).
 */
export type NameKeyStore = {
  /** Every named user's or room's name and stored key, in creation (id) order. */
  storedNames(kind: NamedKind): Promise<StoredName[]>;
  /**
   * In one transaction: sets each change's key (and name, where given). Swapping two keys, or
   * taking a key another row holds under the old rules, never trips the unique index.
   */
  rewriteNames(kind: NamedKind, changes: readonly NameChange[]): Promise<void>;
};

export type NewSession = { userId: number; tokenHash: string; expiresAt: Date };

/** A user and what proves it is them; `passwordHash` is null for users of the company's provider. */
export type Credentials = { user: User; passwordHash: string | null };

export type NewAccount = {
  nickname: Nickname;
  passwordHash: string;
  joinRoomKey: string;
  /** The first session's token hash and expiry. */
  session: Omit<NewSession, 'userId'>;
};

export type NamedKind = 'user' | 'room';
export type StoredName = { id: number; name: string; key: string | null };
export type NameChange = { id: number; key: string; name?: string };

/** A group room, as stored. */
export type Room = {
  id: number;
  /** Required for PUBLIC rooms; optional free text for PRIVATE ones. */
  name: string | null;
  /** The name's look-alike key (`roomNameKey` in rooms.ts), set for PUBLIC rooms only: what public names are unique on. */
  nameKey: string | null;
  visibility: RoomVisibility;
  topic: string | null;
  /** Who may delete others' messages; null for `general` and for a room left empty. */
  ownerId: number | null;
  createdAt: Date;
};

/** One user's membership of one room, as stored (a role, a mute would be fields of it). */
export type Membership = {
  roomId: number;
  userId: number;
  joinedAt: Date;
  /** The position of the room's stream up to which the member has read (`markRead`). */
  readPosition: number;
};

/** What a new room is made of; its creator becomes its first member. */
export type NewRoom = {
  name: string;
  nameKey: string;
  topic: string | null;
  /** The creator: owner and first member. */
  ownerId: number;
};

/** `name-taken`: another room has the same name key; nothing was stored. */
export type CreateRoomOutcome = { kind: 'created'; room: Room } | { kind: 'name-taken' };

/**
 * `joined`: the membership was stored (and the room adopted, see `ownerAfterJoin` in rooms.ts);
 * `room` is as it is after the join. `already-member`: nothing changed.
 */
export type JoinRoomOutcome =
  | { kind: 'joined'; room: Room; membership: Membership }
  | { kind: 'already-member'; room: Room }
  /** The access rules refused the join (no such room): nothing was stored. */
  | { kind: 'refused'; refusal: DomainError };

/**
 * `left`: the membership is gone, and `room` is as it is after the owner's hand-over, if any.
 * `not-member`: nothing changed. `no-room`: there is no such room.
 */
export type LeaveRoomOutcome =
  | { kind: 'left'; room: Room }
  | { kind: 'not-member'; room: Room }
  | { kind: 'no-room' };

/** Rooms and memberships: the facts the access rules (access.ts) read, and their changes. */
export type RoomStore = {
  /** Rooms by id, in the order asked, null where absent: the shape a DataLoader batch needs. */
  findRooms(ids: readonly number[]): Promise<(Room | null)[]>;
  /** The room whose name has this look-alike key, or null. */
  findRoomByNameKey(nameKey: string): Promise<Room | null>;
  /**
   * Up to `limit + 1` rooms with name keys strictly between `after` and `before`, in scan order
   * of the key (descending when `fromEnd`): what `pageFromRows` makes a page of.
   */
  listRooms(keys: PageRequest<string>): Promise<Room[]>;
  /** Up to `limit + 1` members of a room by user id, in scan order, as `listRooms`. */
  listMembers(roomId: number, keys: PageRequest<number>): Promise<User[]>;
  /** How many members each room has, in the order asked (0 for no such room), in chunks. */
  memberCounts(roomIds: readonly number[]): Promise<number[]>;
  /** The user's memberships of these rooms, in the order asked, null where none, in chunks. */
  memberships(userId: number, roomIds: readonly number[]): Promise<(Membership | null)[]>;
  /** The ids of the rooms the user is a member of. */
  memberRoomIds(userId: number): Promise<number[]>;
  /**
   * Messages by others after the user's read marker in each room, in the order asked (0 where
   * not a member), in chunks.
   */
  roomUnreadCounts(userId: number, roomIds: readonly number[]): Promise<number[]>;
  /** The user's standing in the room, for the access rules; null when there is no such room. */
  roomStanding(roomId: number, userId: number): Promise<RoomStanding | null>;
  /**
   * Each user's standing in the room (users with no row are not members), in chunks: the
   * re-validation of live subscriptions asks for every follower of a room at once.
   */
  roomStandings(roomId: number, userIds: readonly number[]): Promise<Map<number, RoomStanding>>;
  /**
   * The room with this name key, created (ownerless, with its stream and no members) unless it
   * exists; safe when several instances start at once.
   */
  ensureRoom(room: { name: string; nameKey: string }): Promise<Room>;
  /** In one transaction: the room, its stream and its creator's membership. */
  createRoom(room: NewRoom): Promise<CreateRoomOutcome>;
  /**
   * In one transaction: finds the room and the user's standing in it, asks the access rules
   * (`roomRefusal('join', …)`) whether they may join, and if so stores the membership and the
   * owner the room has after it (`ownerAfterJoin` in rooms.ts).
   */
  joinRoom(roomId: number, userId: number): Promise<JoinRoomOutcome>;
  /**
   * In one transaction: removes the user's membership and, when they owned the room, hands it
   * to the longest-standing remaining member (earliest `joinedAt`, then lowest user id), or to
   * no one when the room is left empty.
   */
  leaveRoom(roomId: number, userId: number): Promise<LeaveRoomOutcome>;
};

/** Messages and the streams that order them. */
export type MessageStore = {
  /**
   * Up to `limit` entries of a stream changed after `position`, in change order, each in its
   * latest state, leaving out those a subscriber resumed from `replay` already holds (at or
   * before its `places`, unchanged since its `snapshot`).
   */
  changesAfter(
    streamId: number,
    position: number,
    limit: number,
    replay: Replay,
  ): Promise<MessageView[]>;
  /** The author's message with this idempotency key, as the author sees it. */
  ownMessage(authorId: number, clientMessageId: string): Promise<MessageView | null>;
  /**
   * In one transaction: finds the room's stream and the author's standing in it, asks the access
   * rules (`roomRefusal('post', …)`) whether they may post, and if so takes the stream's next
   * position and stores the message at it. Resolves once that is committed.
   */
  postToRoom(post: RoomPost): Promise<RoomPostOutcome>;
  /**
   * In one transaction: finds the recipient's stream, the conversation (created with both
   * participants on first use), takes the next position of both users' streams and stores the
   * message at them, moving both participants' `lastPosition`. Resolves once committed.
   */
  sendDirect(post: DirectPost): Promise<DirectPostOutcome>;
  /** The head of a room's or a user's stream; null when there is no such stream. */
  streamHead(stream: { roomId: number } | { userId: number }): Promise<StreamHead | null>;
  /**
   * In one snapshot: the stream's head, and up to `limit + 1` of its entries strictly between
   * `after` and `before`, in scan order (descending when `fromEnd`), limited to one conversation
   * when `conversationId` is given. With `hiddenFor`, entries by users that user blocked are
   * left out in the same statement (`hidesAuthor` in access.ts), so pages stay full.
   */
  readPage(
    stream: { roomId: number } | { userId: number },
    conversationId: number | undefined,
    keys: PageRequest<number>,
    hiddenFor?: number,
  ): Promise<StoredPage>;
  /**
   * The message with its places, and the asker's standing in its room, for the access rules to
   * decide what they may see (`viewFor`); null when there is no such message.
   */
  findMessage(viewerId: number, messageId: number): Promise<MessageFound | null>;
  /** `findMessage` for many (a DataLoader batch), in the order asked, in chunks. */
  findMessages(viewerId: number, messageIds: readonly number[]): Promise<(MessageFound | null)[]>;
  /**
   * In one transaction: reads the message as `findMessage` does, asks the rules
   * (`decideChange`) what the change does, and if it changes the message, takes the next
   * position of every stream holding it, moves its entries there and stores the change.
   * Resolves once committed (losing a race on a unique key is retried).
   */
  changeMessage(change: MessageChange): Promise<MessageChangeOutcome>;
  /** Moves the user's read marker in a room or conversation up to `position`, never back. */
  moveReadMarker(
    userId: number,
    place: { roomId: number } | { conversationId: number },
    position: number,
  ): Promise<void>;
};

/** An edit or a delete of a message, as a viewer asks for it. */
export type MessageChange =
  | { kind: 'edit'; viewer: Viewer; messageId: number; body: string }
  | { kind: 'delete'; viewer: Viewer; messageId: number };

/**
 * `changed`: the viewer's view of the changed message, and its entries at their new change
 * positions to announce (with its author). `unchanged`: nothing to store (a second delete).
 * `refused`: the rules refused (not visible, not theirs, already deleted): nothing was stored.
 */
export type MessageChangeOutcome =
  | { kind: 'changed'; view: MessageView; changes: EntryWithMessage[]; author: User | undefined }
  | { kind: 'unchanged'; view: MessageView }
  | { kind: 'refused'; refusal: DomainError };

/** Direct conversations, as each participant sees theirs. */
export type ConversationStore = {
  /** The user's conversation with `peerId`, null until one of them writes. */
  conversationWith(viewerId: number, peerId: number): Promise<ConversationView | null>;
  /**
   * Conversations by id as the user sees them, in the order asked, null where absent or not
   * theirs; in chunks (a DataLoader batch).
   */
  findConversations(
    viewerId: number,
    conversationIds: readonly number[],
  ): Promise<(ConversationView | null)[]>;
  /**
   * In one snapshot: the head of the user's stream, and up to `limit + 1` of their
   * conversations strictly between the `after` and `before` keys (the position of each one's
   * latest message in that stream), newest first (oldest first when `fromEnd`).
   */
  conversationPage(
    viewerId: number,
    keys: PageRequest<number>,
  ): Promise<{ head: StreamHead; rows: ConversationView[] }>;
  /** The newest message of the user's conversation, from their own stream. */
  lastMessage(viewerId: number, conversationId: number): Promise<MessageView | null>;
  /** Messages from the peer after the user's read marker, per conversation, in chunks. */
  conversationUnreadCounts(viewerId: number, conversationIds: readonly number[]): Promise<number[]>;
};

/** A direct conversation as one participant (`viewerId`) sees it. */
export type ConversationView = {
  id: number;
  viewerId: number;
  peerId: number;
  /** Position, in the viewer's stream, of the latest message: the "recent activity" key. */
  lastPosition: number;
  readPosition: number;
};

/** A stream and the newest position it has handed out (0 for an empty stream). */
export type StreamHead = { id: number; lastPosition: number };

export type StoredSession = {
  id: number;
  userId: number;
  expiresAt: Date;
  revokedAt: Date | null;
  /** False for a user known only through the company's identity provider, not yet named. */
  hasNickname: boolean;
};

export type RoomPost = {
  authorId: number;
  roomId: number;
  body: string;
  clientMessageId: string | null;
};

/**
 * `posted`: the stored message at its place in the room's stream, and its author for the
 * announcement. `retried`: a concurrent send with the same idempotency key was stored first;
 * its message is the answer.
 */
export type RoomPostOutcome =
  | { kind: 'posted'; entry: EntryWithMessage; author: User | undefined }
  | { kind: 'retried'; view: MessageView }
  /** The access rules refused the post (no such room, not a member): nothing was stored. */
  | { kind: 'refused'; refusal: DomainError };

export type DirectPost = {
  authorId: number;
  recipientId: number;
  body: string;
  clientMessageId: string | null;
};

/** `sent`: the message in the sender's stream, then in the recipient's. */
export type DirectPostOutcome =
  | { kind: 'sent'; entries: [EntryWithMessage, EntryWithMessage]; author: User | undefined }
  | { kind: 'retried'; view: MessageView }
  | { kind: 'no-recipient' };

/** A stream's head and a page's rows, as read together. */
export type StoredPage = { streamId: number; lastPosition: number; rows: MessageView[] };

/** `blocked`/`unblocked`: the block was stored or removed; `unchanged`: it already was so. */
export type BlockOutcome =
  | { kind: 'changed'; user: User }
  | { kind: 'unchanged'; user: User }
  | { kind: 'no-user' };

/** Blocks between users and each user's direct-message policy. */
export type BlockStore = {
  /** Stores a block of `blockedId` by `blockerId`, unless it exists; `no-user` when no such user. */
  block(blockerId: number, blockedId: number): Promise<BlockOutcome>;
  /** Removes the block, if any; `no-user` when no such user. */
  unblock(blockerId: number, blockedId: number): Promise<BlockOutcome>;
  /** The ids of every user `blockerId` blocked: whom that user's live streams hide. */
  blockedIds(blockerId: number): Promise<number[]>;
  /** Whether the viewer blocked each of these users, in the order asked, in chunks. */
  blockedAmong(blockerId: number, userIds: readonly number[]): Promise<boolean[]>;
  /** Up to `limit + 1` users the viewer blocked, by user id, in scan order (as `listMembers`). */
  listBlocked(blockerId: number, keys: PageRequest<number>): Promise<User[]>;
  /** The user's direct-message policy; null when no such user. */
  directMessagePolicy(userId: number): Promise<DirectMessagePolicy | null>;
  /** Stores the user's direct-message policy. */
  setDirectMessagePolicy(userId: number, policy: DirectMessagePolicy): Promise<void>;
};

/** Whether one user accepts contact from another: what `contactRefusal` reads. */
export type ContactStore = {
  /**
   * In one snapshot: whether `recipientId` blocked `senderId`, the recipient's direct-message
   * policy, whether they share a room, and whether a conversation between them exists; null
   * when there is no such recipient.
   */
  contactFacts(senderId: number, recipientId: number): Promise<ContactFacts | null>;
};
