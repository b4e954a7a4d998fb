import type {
  ContactFacts,
  DirectMessagePolicy,
  Restriction,
  RoomRole,
  RoomStanding,
  RoomVisibility,
} from './access.js';
import type { DomainError } from './errors.js';
import type {
  EntryWithMessage,
  MessageFound,
  MessageView,
  StoredMessage,
} from './message-views.js';
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
  ModerationStore &
  MessageStore &
  ConversationStore &
  ContactStore &
  GroupStore &
  InboxStore &
  BlockStore &
  SafetyStore;

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
  /**
   * In one transaction: finds the room and the user's standing in it, asks the access rules
   * (`roomRefusal('join', …)`) whether they may join, and if so stores the membership and the
   * owner the room has after it (`ownerAfterJoin` in rooms.ts).
   */
  joinRoom(roomId: number, userId: number): Promise<JoinRoomOutcome>;
  /**
   * In one transaction: removes the user's membership and, when they owned the room, hands it
   * to the longest-standing remaining moderator, else member (earliest `joinedAt`, then lowest
   * user id), or to no one when the room is left empty.
   */
  leaveRoom(roomId: number, userId: number): Promise<LeaveRoomOutcome>;
};

/** One membership of a room as its member list shows it. */
export type RoomMembershipView = {
  user: User;
  /** OWNER for the room's owner, else the stored role. */
  role: RoomRole;
  joinedAt: Date;
  /** The member's mute, possibly expired; null when not muted. */
  mute: Restriction | null;
};

/**
 * A change a member makes to another user's place in a room (moderation.ts): `remove` (kick),
 * `ban` (removes, and keeps out until `until` or lifted), `unban`, `mute` (until `until` or
 * lifted), `unmute`, `set-role` (OWNER hands ownership over).
 */
export type ModerationChange = { roomId: number; actorId: number; targetId: number } & (
  | { kind: 'remove' }
  | { kind: 'ban'; until: Date | null; reason: string | null }
  | { kind: 'unban' }
  | { kind: 'mute'; until: Date | null }
  | { kind: 'unmute' }
  | { kind: 'set-role'; role: RoomRole }
);

/**
 * `done`: the change is stored (or was no change: `changed` false); `room` is as it is after it;
 * `removed`: the target's membership was deleted (their streams of the room must end).
 * `refused`: the access rules refused it (or there is no such room or user): nothing was stored.
 */
export type ModerationOutcome =
  | { kind: 'done'; room: Room; changed: boolean; removed: boolean }
  | { kind: 'refused'; refusal: DomainError };

/** A change of a room's name or topic; a field left undefined stays as it is. */
export type RoomUpdate = {
  roomId: number;
  actorId: number;
  /** The new name and its key (null key for a PRIVATE room: only public names are unique). */
  name?: { name: string | null; nameKey: string | null };
  topic?: string | null;
};

export type UpdateRoomOutcome =
  | { kind: 'updated'; room: Room }
  | { kind: 'name-taken' }
  | { kind: 'refused'; refusal: DomainError };

/** Roles and moderation: what the moderation rules (access.ts `moderationRefusal`) act on. */
export type ModerationStore = {
  /** The user's role in each room (OWNER for its owner), in the order asked, null where not a member. */
  roomRoles(userId: number, roomIds: readonly number[]): Promise<(RoomRole | null)[]>;
  /** Up to `limit + 1` memberships of a room by user id, in scan order, as `listMembers`. */
  listMemberships(roomId: number, keys: PageRequest<number>): Promise<RoomMembershipView[]>;
  /**
   * In one transaction: reads the actor's and the target's standings, asks the access rules
   * (`moderationRefusal`) whether the actor may make the change, and if so stores it: a removal
   * or ban deletes the membership; a ban is stored with its end and reason; handing ownership
   * over makes the old owner a MODERATOR.
   */
  moderate(change: ModerationChange): Promise<ModerationOutcome>;
  /**
   * In one transaction: checks the actor may update the room (`moderationRefusal('update')`),
   * then stores the change; `name-taken` when another public room holds the name key.
   */
  updateRoom(update: RoomUpdate): Promise<UpdateRoomOutcome>;
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
  | {
      kind: 'delete';
      viewer: Viewer;
      messageId: number;
      /** Set when an admin deletes it (`resolveReport`), wherever it is: checked by the caller. */
      byAdmin?: boolean;
    };

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

/**
 * Whether one user accepts contact from another: the facts `contactRefusal` (access.ts) reads.
 * Direct messages (starting a conversation) and additions to rooms both ask.
 */
export type ContactStore = {
  /** What the recipient's blocks and policy say about the sender; null: no such (live) user. */
  contactFacts(senderId: number, recipientId: number): Promise<ContactFacts | null>;
  /** `contactFacts` for many recipients, in the order asked, in a few statements. */
  contactFactsMany(
    senderId: number,
    recipientIds: readonly number[],
  ): Promise<(ContactFacts | null)[]>;
};

/** A room created with its first members (a group chat, or any room with `memberIds`). */
export type NewGroupRoom = {
  /** Null: an unnamed PRIVATE room (it shows its members' nicknames). */
  name: string | null;
  /** The look-alike key of a PUBLIC room's name; null for PRIVATE rooms (never "taken"). */
  nameKey: string | null;
  visibility: RoomVisibility;
  topic: string | null;
  /** The creator: owner and first member. */
  ownerId: number;
  /** The other first members: distinct, without the owner. */
  memberIds: readonly number[];
  /** The argument that named them, for errors. */
  membersField: string;
};

/**
 * `created`: the room, its stream and every membership were stored. `name-taken`: a PUBLIC room
 * with that name key exists. `refused`: a listed user is unknown or does not accept being added
 * by the creator (`contactRefusal('add', …)`): nothing was stored.
 */
export type CreateGroupRoomOutcome =
  | { kind: 'created'; room: Room }
  | { kind: 'name-taken' }
  | { kind: 'refused'; refusal: DomainError };

/**
 * `added`: the room after the change and the users who became members (those already members
 * are left out). `refused`: the rules refused (the actor may not add; a user is unknown, banned,
 * or does not accept it): nothing was stored.
 */
export type AddMembersOutcome =
  | { kind: 'added'; room: Room; addedIds: number[] }
  | { kind: 'refused'; refusal: DomainError };

/** The named members of a room, for naming an unnamed one. */
export type RoomMemberNames = {
  /** Up to the asked number of members' nicknames other than the viewer's, in nickname-key order. */
  names: string[];
  /** How many named members other than the viewer the room has. */
  others: number;
  /** The viewer's own nickname, when they are a member (a room of one shows it). */
  own: string | null;
};

/** Private rooms and group chats: creating them with members, adding members, seeing them. */
export type GroupStore = {
  /**
   * In one transaction: reads the contact facts of every listed member towards the owner, asks
   * the rules (`contactRefusal('add', …)`), and stores the room, its stream and the memberships.
   */
  createGroupRoom(room: NewGroupRoom): Promise<CreateGroupRoomOutcome>;
  /**
   * In one transaction: the actor's standing (`moderationRefusal('add', …)`), each user's
   * standing (`additionRefusal`) and contact facts towards the actor (`contactRefusal('add',
   * …)`); if every user passes, the memberships of those not yet members. `field` names the
   * argument that listed the users.
   */
  addRoomMembers(
    roomId: number,
    actorId: number,
    userIds: readonly number[],
    field: string,
  ): Promise<AddMembersOutcome>;
  /** The user's standing in each room, in the order asked (null: no such room), in chunks. */
  standingsIn(userId: number, roomIds: readonly number[]): Promise<(RoomStanding | null)[]>;
  /** For each room (in the order asked), up to `limit` nicknames of its members but `viewerId`. */
  memberNames(
    viewerId: number,
    roomIds: readonly number[],
    limit: number,
  ): Promise<RoomMemberNames[]>;
};

/** One room or conversation of a user's inbox, and when something last happened in it. */
export type InboxActivity = {
  kind: 'room' | 'conversation';
  id: number;
  /** The latest message's time; for a room without messages, when the user joined it. */
  at: Date;
};

/** The inbox: every room and conversation of a user with its last activity. */
export type InboxStore = {
  /**
   * Every room the user is a member of and every conversation they have, with its last
   * activity: two statements, each an index seek per room or conversation (never a scan of
   * their messages).
   */
  inboxActivity(userId: number): Promise<InboxActivity[]>;
};

/** An account as the safety rules read it (access.ts: `accountRefusal`, `isAdmin`). */
export type AccountState = {
  id: number;
  nicknameKey: string | null;
  /** Null for accounts of the company's identity provider. */
  passwordHash: string | null;
  suspension: (Restriction & { since: Date; reason: string | null }) | null;
  deleted: boolean;
};

/** A report as stored; its reporter, user and message become null when they are gone. */
export type StoredReport = {
  id: number;
  reporterId: number | null;
  userId: number | null;
  messageId: number | null;
  reason: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedById: number | null;
  resolution: string | null;
};

export type NewReport = {
  reporterId: number;
  /** The reported user (for a message: its author). */
  userId: number;
  messageId: number | null;
  reason: string;
};

/** One admin action, as recorded. */
export type StoredAdminAction = {
  id: number;
  adminId: number | null;
  action: string;
  targetUserId: number | null;
  messageId: number | null;
  reportId: number | null;
  detail: string | null;
  createdAt: Date;
};

export type NewAdminAction = Omit<StoredAdminAction, 'id' | 'createdAt'>;

/** `suspended`: the sessions this revoked, to announce on the bus. */
export type SuspendOutcome =
  | { kind: 'suspended'; revokedSessionIds: number[] }
  | { kind: 'no-user' };

/** What a deleted account's first step did: sessions to announce, rooms it must leave. */
export type DeletionStarted = { revokedSessionIds: number[]; roomIds: number[] };

/** Everything Charla holds about one user, read for `exportMyData` (bounded by `limit`). */
export type AccountExport = {
  user: {
    id: number;
    nickname: string | null;
    createdAt: Date;
    directMessagePolicy: DirectMessagePolicy;
    company: boolean;
    suspension: { since: Date; until: Date | null; reason: string | null } | null;
  };
  memberships: {
    roomId: number;
    roomName: string | null;
    visibility: RoomVisibility;
    joinedAt: Date;
    role: string;
  }[];
  blocks: { userId: number; nickname: string | null; createdAt: Date }[];
  reports: {
    id: number;
    userId: number | null;
    messageId: number | null;
    reason: string;
    createdAt: Date;
    resolvedAt: Date | null;
  }[];
};

/**
 * Reports, suspensions, the admins' log, account deletion and export (issue 17): the facts the
 * safety rules read (access.ts) and their changes, each method one transaction.
 */
export type SafetyStore = {
  /** The account's state, or null when there is no such user. */
  accountState(userId: number): Promise<AccountState | null>;
  /** `accountState` for many (a DataLoader batch), in the order asked, in chunks. */
  accountStates(userIds: readonly number[]): Promise<(AccountState | null)[]>;
  /** Stores a report. */
  fileReport(report: NewReport): Promise<StoredReport>;
  /** Up to `limit + 1` reports (open ones only when `open`), by id in scan order. */
  listReports(open: boolean, keys: PageRequest<number>): Promise<StoredReport[]>;
  /** Reports by id, in the order asked, null where absent (a DataLoader batch). */
  findReport(id: number): Promise<StoredReport | null>;
  /**
   * In one transaction: marks the report resolved (unless it was already: then `null`, nothing
   * stored) and records the admin's action.
   */
  resolveReport(
    reportId: number,
    resolution: string,
    action: NewAdminAction,
  ): Promise<StoredReport | null>;
  /**
   * In one transaction: suspends the user (until `until`, null: until lifted), revokes every
   * session of theirs, and records the admin's action.
   */
  suspendUser(
    userId: number,
    suspension: { until: Date | null; reason: string | null },
    action: NewAdminAction,
  ): Promise<SuspendOutcome>;
  /** In one transaction: lifts the user's suspension and records the admin's action. */
  unsuspendUser(userId: number, action: NewAdminAction): Promise<boolean>;
  /** Records an admin's action on its own. */
  recordAdminAction(action: NewAdminAction): Promise<void>;
  /** Up to `limit + 1` admin actions, by id in scan order. */
  listAdminActions(keys: PageRequest<number>): Promise<StoredAdminAction[]>;
  /**
   * In one transaction, the first step of deleting an account: marks it deleted (nickname shown
   * as `displayName`, its key, password and company subject freed), revokes every session,
   * removes its blocks (both ways) and its own stream (its copies of direct messages: nobody can
   * write to it any more). Returns the sessions to announce and the rooms it still belongs to
   * (left one by one with `leaveRoom`, which passes ownership on).
   */
  startAccountDeletion(userId: number, displayName: string): Promise<DeletionStarted>;
  /**
   * In one transaction: empties up to `limit` of the user's messages not yet deleted, each
   * taking a new change position in every stream that holds it (as a delete does), in
   * message order. Returns the changed entries to announce; none when all are done.
   */
  deleteAuthoredMessages(userId: number, limit: number): Promise<EntryWithMessage[]>;
  /**
   * Deleted accounts with messages not yet emptied (a deletion cut short by a crash), at most
   * `limit`: finished at start.
   */
  unfinishedDeletions(limit: number): Promise<number[]>;
  /** The account's own data, for its export (messages are read with `authoredMessages`). */
  accountExport(userId: number): Promise<AccountExport | null>;
  /**
   * Up to `limit` messages of the user's own, or of their direct conversations (both sides),
   * with ids above `afterId`, by id: the export reads them page by page.
   */
  exportMessages(userId: number, afterId: number, limit: number): Promise<StoredMessage[]>;
};

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
