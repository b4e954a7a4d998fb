import {
  accountSuspended,
  badInput,
  blocked,
  DomainError,
  forbidden,
  noSuchRoom,
  notFound,
} from './errors.js';
import type { Viewer } from './viewer.js';

/**
 * Who may see, post in, moderate and follow what: the only module that decides. Every path asks
 * it (queries, `node(id:)`, `_entities`, history, subscriptions and their replay, the live
 * fan-out's re-validation, and the storage transactions that post), so a new rule is one edit
 * here plus, when it needs a new fact, one more field in the facts that storage reports.
 *
 * The rules are pure functions of facts and of `now`: storage reads the facts (inside the
 * transaction that acts on them, where it matters) and these functions turn them into an answer.
 * Timed restrictions (bans, mutes, suspensions) are facts with an end; comparing that end with
 * `now` here is what makes them end by themselves, on every instance, with no timer. A refusal is
 * the error the client gets; null means allowed.
 */

export type RoomVisibility = 'PUBLIC' | 'PRIVATE';
export type RoomRole = 'OWNER' | 'MODERATOR' | 'MEMBER';

/** A restriction (ban, mute, suspension) as stored: in force until `until`, or until lifted. */
export type Restriction = { until: Date | null };

/** Whether a restriction (null: none) is in force at `now`. */
export function inForce(restriction: Restriction | null, now: Date): boolean {
  return restriction !== null && (restriction.until === null || restriction.until > now);
}

/**
 * What storage reports about one user's place in one room: every fact a room rule reads. Null
 * where a standing is expected means the room does not exist.
 */
export type RoomStanding = {
  visibility: RoomVisibility;
  /** Whether the user is a member of the room now. */
  member: boolean;
  /** The member's role (the owner is OWNER); null when not a member. */
  role: RoomRole | null;
  /** The user's ban from the room, possibly expired; null when never banned or lifted. */
  ban: Restriction | null;
  /** The member's mute, possibly expired; null when not muted. */
  mute: Restriction | null;
};

/** The standing of a member of a public room with no restriction: what tests and seeds build. */
export function plainStanding(member: boolean, role: RoomRole = 'MEMBER'): RoomStanding {
  return { visibility: 'PUBLIC', member, role: member ? role : null, ban: null, mute: null };
}

/**
 * What a viewer does with a room: `see` that it exists (its fields, `room`, `node`, lists),
 * `join` it, `read` its history and messages (history pages, `node`), `post` (and react) in it,
 * `follow` it live (`roomMessages`, `roomEvents` and their replay, typing).
 */
export type RoomAction = 'see' | 'join' | 'read' | 'post' | 'follow';

/** What a refused non-member is told to do, per action. */
const JOIN_FIRST: Record<'read' | 'post' | 'follow', string> = {
  read: 'Only members can read a room’s messages: join it first',
  post: 'Only members can post: join the room first',
  follow: 'Only members can follow a room: join it first',
};

function restrictionDetails(restriction: Restriction) {
  return restriction.until === null ? {} : { until: restriction.until.toISOString() };
}

/**
 * The refusal of `action` in a room for a user in `standing` (null: no such room), or null.
 * A private room does not exist for anyone outside it: every action answers NOT_FOUND, exactly
 * as for an id that never existed, never FORBIDDEN.
 */
export function roomRefusal(action: RoomAction, standing: null, field?: string): DomainError;
export function roomRefusal(
  action: RoomAction,
  standing: RoomStanding | null,
  field?: string,
  now?: Date,
): DomainError | null;
export function roomRefusal(
  action: RoomAction,
  standing: RoomStanding | null,
  field = 'roomId',
  now = new Date(),
): DomainError | null {
  if (standing === null) return noSuchRoom(field);
  if (standing.visibility === 'PRIVATE' && !standing.member) return noSuchRoom(field);
  if (action === 'see') return null;
  if (action === 'join') {
    // Joining again is no change; a private room is joined only by being added (above).
    if (standing.member) return null;
    if (standing.ban && inForce(standing.ban, now)) {
      return new DomainError(
        'FORBIDDEN',
        'You are banned from this room',
        restrictionDetails(standing.ban),
      );
    }
    return null;
  }
  if (!standing.member) return forbidden(JOIN_FIRST[action]);
  if (action === 'post' && standing.mute && inForce(standing.mute, now)) {
    return new DomainError(
      'FORBIDDEN',
      'You are muted in this room',
      restrictionDetails(standing.mute),
    );
  }
  return null;
}

/** Whether a user in `standing` may see the room exists (null: no such room). */
export function maySeeRoom(standing: RoomStanding | null): boolean {
  return roomRefusal('see', standing) === null;
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
  return forbidden('You are no longer a member of this room');
}

/** The error that ends every subscription of a session that was revoked or expired. */
export function signedOut(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'Signed out: this token was revoked');
}

const RANK: Record<RoomRole, number> = { OWNER: 3, MODERATOR: 2, MEMBER: 1 };

/** A member's rank; 0 for someone outside the room (a ban may name a non-member). */
function rankOf(standing: RoomStanding | null): number {
  return standing?.role ? RANK[standing.role] : 0;
}

/**
 * What a member does to another user of a room: `add` them (or add themselves back: never),
 * `remove` (kick), `ban`/`unban`, `mute`/`unmute`, `set-role`, and what they do to the room:
 * `update` (name, topic), `delete-message` (any message of the room), `pin`.
 */
export type ModerationAction =
  | 'add'
  | 'remove'
  | 'ban'
  | 'unban'
  | 'mute'
  | 'unmute'
  | 'set-role'
  | 'update'
  | 'delete-message'
  | 'pin';

/**
 * The refusal of a moderation `action` by a user in `actor` (null: no such room) on a user in
 * `target` (their standing in the same room; null for actions on the room itself), or null.
 * Ranks: OWNER > MODERATOR > MEMBER. Moderators and the owner add members, remove, ban and mute
 * users of lower rank, update the room, pin, and delete any message; only the owner sets roles.
 * Nobody moderates themselves (leaving is `leaveRoom`).
 */
export function moderationRefusal(
  action: ModerationAction,
  actor: RoomStanding | null,
  target: RoomStanding | null = null,
  actorId?: number,
  targetId?: number,
): DomainError | null {
  const seen = roomRefusal('see', actor);
  if (seen) return seen;
  if (!actor?.member) return forbidden('Only members of the room can do this');
  const rank = rankOf(actor);
  if (action === 'set-role') {
    if (actor.role !== 'OWNER') return forbidden('Only the room’s owner can change roles');
    if (!target?.member) return notFound('userId', 'member');
    if (actorId !== undefined && actorId === targetId) {
      return forbidden('Hand ownership over by making another member OWNER');
    }
    return null;
  }
  if (rank < RANK.MODERATOR) return forbidden('Only the room’s owner and moderators can do this');
  if (action === 'update' || action === 'delete-message' || action === 'pin') return null;
  if (actorId !== undefined && actorId === targetId) {
    return forbidden('You cannot do this to yourself');
  }
  if (action === 'add') return null;
  if ((action === 'remove' || action === 'mute' || action === 'unmute') && !target?.member) {
    return notFound('userId', 'member');
  }
  if (rankOf(target) >= rank) {
    return forbidden('You can only moderate members of lower rank than yours');
  }
  return null;
}

/**
 * The refusal of a change of a room's name or topic by a user in `actor`, or null: moderators
 * and the owner update a room (`moderationRefusal('update')`); a PUBLIC room keeps a name (it is
 * how the directory lists it), while a PRIVATE one may drop its own.
 */
export function roomUpdateRefusal(
  actor: RoomStanding | null,
  update: { clearsName: boolean },
): DomainError | null {
  const refusal = moderationRefusal('update', actor);
  if (refusal) return refusal;
  if (update.clearsName && actor?.visibility === 'PUBLIC') {
    return badInput('name', 'A public room keeps a name');
  }
  return null;
}

/**
 * The refusal of adding a user in `target` (their standing; null: never a member) to a room, or
 * null: a ban in force keeps them out until it ends or is lifted. Whether they accept being
 * added by the actor is `contactRefusal('add', …)`.
 */
export function additionRefusal(target: RoomStanding | null, now = new Date()): DomainError | null {
  if (target?.ban && inForce(target.ban, now)) {
    return new DomainError(
      'FORBIDDEN',
      'This user is banned from this room',
      restrictionDetails(target.ban),
    );
  }
  return null;
}

/** A stored message, as far as the rules about changing it care. */
export type MessageFacts = {
  authorId: number;
  /** The viewer's standing in the message's room; null for direct messages. */
  viewerStanding: RoomStanding | null;
};

/**
 * The refusal of an edit or delete of a message the viewer can see, or null. Edits are the
 * author's; deletes the author's, or a moderator's or the owner's in a room (moderation).
 */
export function messageChangeRefusal(
  change: 'edit' | 'delete',
  viewer: Viewer,
  message: MessageFacts,
  /** Whether an admin deletes it (resolving a report): admins delete any message. */
  byAdmin = false,
): DomainError | null {
  if (message.authorId === viewer.userId) return null;
  if (change === 'delete' && byAdmin) return null;
  if (change === 'delete' && moderationRefusal('delete-message', message.viewerStanding) === null) {
    return null;
  }
  return change === 'edit'
    ? forbidden('Only the author can edit a message')
    : forbidden('Only the author, or the room’s owner or a moderator, can delete a message');
}

export type DirectMessagePolicy = 'EVERYONE' | 'SHARED_ROOMS' | 'NOBODY';

/**
 * What storage reports about whether one user (the recipient) accepts contact from another (the
 * sender): every fact `contactRefusal` reads.
 */
export type ContactFacts = {
  /** Whether the recipient has blocked the sender. */
  blockedBySender: boolean;
  /** The recipient's direct-message policy. */
  policy: DirectMessagePolicy;
  /** Whether the two share a room (read only when the policy is SHARED_ROOMS). */
  shareARoom: boolean;
  /** Whether a conversation between them already exists. */
  conversationExists: boolean;
};

/**
 * What the sender does to the recipient: `message` them directly (start or continue the
 * conversation, or type in it), or `add` them to a private room.
 */
export type ContactAction = 'message' | 'add';

/**
 * The refusal of contact from a sender to a recipient (`facts` null: no such user, named by
 * `field`), or null. A block refuses everything, silently (BLOCKED, as for a policy); the policy
 * governs new conversations and additions to rooms, while existing conversations go on.
 */
export function contactRefusal(
  action: ContactAction,
  facts: ContactFacts | null,
  field: string,
): DomainError | null {
  if (facts === null) return notFound(field, 'user');
  if (facts.blockedBySender) return blocked();
  if (action === 'message' && facts.conversationExists) return null;
  if (facts.policy === 'EVERYONE') return null;
  if (facts.policy === 'SHARED_ROOMS' && facts.shareARoom) return null;
  return blocked();
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

/**
 * Whether a viewer who blocked the users in `blockedIds` sees what `authorId` wrote or did
 * (messages, typing, presence, reactions): a block hides the blocked user from the blocker
 * everywhere they share. Later features (mentions, search, notifications) ask this too.
 */
export function hidesAuthor(blockedIds: ReadonlySet<number>, authorId: number): boolean {
  return blockedIds.has(authorId);
}

/** What storage reports about an account, for the rules about using it. */
export type AccountFacts = {
  suspension: Restriction | null;
  deleted: boolean;
};

/**
 * The refusal of any use of an account (login, a call, a live connection), or null: a deleted
 * account is gone (as a revoked token), a suspended one answers ACCOUNT_SUSPENDED until its
 * suspension ends.
 */
export function accountRefusal(account: AccountFacts, now = new Date()): DomainError | null {
  if (account.deleted) return signedOut();
  if (account.suspension && inForce(account.suspension, now)) {
    return accountSuspended(account.suspension.until);
  }
  return null;
}

/**
 * Whether a user is an admin: named by the operator, by nickname (`ADMIN_NICKNAMES`, compared
 * with `nicknameKey`) or, for company identities, by a claim of the company's token.
 */
export type AdminFacts = { isAdmin: boolean };

/** The refusal of an admin-only operation, or null. */
export function adminRefusal(viewer: AdminFacts): DomainError | null {
  return viewer.isAdmin ? null : forbidden('Only admins can do this');
}

/**
 * Whether a user is an admin: their nickname's look-alike key is one the operator named
 * (`adminKeys`, from ADMIN_NICKNAMES), or the company token of the request names them (the
 * viewer only: a claim is known for the request it came with). A deleted account is no one.
 */
export function isAdmin(
  user: { nicknameKey: string | null; deleted: boolean; companyAdmin?: boolean },
  adminKeys: ReadonlySet<string>,
): boolean {
  if (user.deleted) return false;
  if (user.companyAdmin === true) return true;
  return user.nicknameKey !== null && adminKeys.has(user.nicknameKey);
}

/**
 * The refusal of an admin action on `target` (null: no such user, named by `field`), or null.
 * Admins do not suspend themselves (they would lock themselves out) nor act on a deleted account.
 */
export function adminTargetRefusal(
  actorId: number,
  target: { id: number; deleted: boolean } | null,
  field = 'userId',
): DomainError | null {
  if (target === null || target.deleted) return notFound(field, 'user');
  if (target.id === actorId) return forbidden('You cannot do this to yourself');
  return null;
}

/**
 * The refusal of a report of a user (null: no such user, or a deleted one), or null: anyone
 * signed in may report anyone but themselves.
 */
export function userReportRefusal(
  reporterId: number,
  target: { id: number; deleted: boolean } | null,
): DomainError | null {
  if (target === null || target.deleted) return notFound('userId', 'user');
  if (target.id === reporterId) return forbidden('You cannot report yourself');
  return null;
}

/** Whether a viewer (null: signed out) may see users at all: signed-in viewers only. */
export function maySeeUsers(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null;
}
