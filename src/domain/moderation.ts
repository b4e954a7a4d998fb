import type { EventBus } from '../events/event-bus.js';
import type { RoomRole } from './access.js';
import { roomRefusal } from './access.js';
import { badInput, DomainError } from './errors.js';
import { type Page, type PageRequest, pageFromRows } from './pagination.js';
import type { ModerationChange, Room, RoomMembershipView, RoomUpdate, Store } from './ports.js';
import { checkRoomName, checkTopic, roomNameKey } from './rooms.js';
import type { Viewer } from './viewer.js';

/** The longest a timed ban or mute may run: ten years (beyond that, leave `until` out). */
export const RESTRICTION_MAX_MS = 10 * 366 * 24 * 60 * 60 * 1000;
/** The longest reason a ban may give, in characters. */
export const BAN_REASON_MAX_LENGTH = 500;

/** An `until` argument: in the future and at most `RESTRICTION_MAX_MS` away (null: until lifted). */
export function checkUntil(until: Date | null | undefined, now = new Date()): Date | null {
  if (until === null || until === undefined) return null;
  if (Number.isNaN(until.getTime()) || until <= now) {
    throw badInput('until', 'A restriction ends in the future: give a later `until`, or none');
  }
  if (until.getTime() - now.getTime() > RESTRICTION_MAX_MS) {
    throw badInput(
      'until',
      'A restriction ends within ten years: leave `until` out for one that lasts until lifted',
    );
  }
  return until;
}

/** A ban's reason: at most `BAN_REASON_MAX_LENGTH` characters, well-formed (null when blank). */
export function checkReason(reason: string | null | undefined): string | null {
  if (reason === null || reason === undefined || reason.trim() === '') return null;
  if (reason.length > BAN_REASON_MAX_LENGTH * 2 || [...reason].length > BAN_REASON_MAX_LENGTH) {
    throw badInput('reason', `A reason has at most ${BAN_REASON_MAX_LENGTH} characters`);
  }
  if (!reason.isWellFormed() || reason.includes('\u0000')) {
    throw badInput('reason', 'A reason must be well-formed Unicode without NUL');
  }
  return reason;
}

export type Moderation = ReturnType<typeof createModeration>;

/**
 * Roles and moderation of rooms: kicking, banning, muting, roles, and the room's name and topic.
 * Who may do what is `moderationRefusal` (access.ts), asked by storage inside the transaction
 * that acts; every change is announced after its commit: a removal on `room.membership` (which
 * ends the removed user's streams of the room on every instance), mutes and roles as room events.
 */
export function createModeration({
  store,
  bus,
}: {
  store: Pick<Store, 'roomRoles' | 'listMemberships' | 'moderate' | 'updateRoom' | 'roomStanding'>;
  bus: EventBus;
}) {
  async function moderate(change: ModerationChange): Promise<Room> {
    const outcome = await store.moderate(change);
    if (outcome.kind === 'refused') throw outcome.refusal;
    const { roomId, actorId: byUserId, targetId: userId } = change;
    if (outcome.removed) {
      await bus.publish('room.membership', {
        roomId,
        userId,
        change: 'removed',
        byUserId,
        banned: change.kind === 'ban',
      });
    }
    if (!outcome.changed) return outcome.room;
    if (change.kind === 'mute' || change.kind === 'unmute') {
      const until = change.kind === 'mute' ? (change.until?.getTime() ?? null) : null;
      await bus.publish('room.event', {
        roomId,
        event: { kind: 'member-muted', userId, byUserId, muted: change.kind === 'mute', until },
      });
    }
    if (change.kind === 'set-role') {
      const announce = (who: number, role: RoomRole) =>
        bus.publish('room.event', {
          roomId,
          event: { kind: 'member-role-changed', userId: who, byUserId, role },
        });
      await announce(userId, change.role);
      if (change.role === 'OWNER') await announce(byUserId, 'MODERATOR');
    }
    return outcome.room;
  }

  return {
    /** The viewer's role in each room; null where not a member (or signed out). */
    viewerRoles(viewer: Viewer | null, roomIds: readonly number[]) {
      if (!viewer) return Promise.resolve(roomIds.map(() => null));
      return store.roomRoles(viewer.userId, roomIds);
    },

    /**
     * A room's memberships in the order of their user ids, keyset-paginated on that id: for
     * anyone who may see the room (members only for a PRIVATE room, NOT_FOUND for others).
     */
    async memberships(
      viewer: Viewer,
      roomId: number,
      request: PageRequest<number>,
    ): Promise<Page<RoomMembershipView>> {
      const refusal = roomRefusal('see', await store.roomStanding(roomId, viewer.userId), 'id');
      if (refusal) throw refusal;
      return pageFromRows(await store.listMemberships(roomId, request), request);
    },

    /** Removes a member of lower rank; their streams of the room end at once. */
    removeMember: (viewer: Viewer, roomId: number, userId: number) =>
      moderate({ kind: 'remove', roomId, actorId: viewer.userId, targetId: userId }),

    /** Removes a user of lower rank (member or not) and keeps them out until `until` or lifted. */
    ban: (
      viewer: Viewer,
      roomId: number,
      userId: number,
      until: Date | null | undefined,
      reason: string | null | undefined,
    ) =>
      moderate({
        kind: 'ban',
        roomId,
        actorId: viewer.userId,
        targetId: userId,
        until: checkUntil(until),
        reason: checkReason(reason),
      }),

    /** Lifts a ban (none: no change). */
    unban: (viewer: Viewer, roomId: number, userId: number) =>
      moderate({ kind: 'unban', roomId, actorId: viewer.userId, targetId: userId }),

    /** Mutes a member of lower rank: they read, but cannot post, until `until` or lifted. */
    mute: (viewer: Viewer, roomId: number, userId: number, until: Date | null | undefined) =>
      moderate({
        kind: 'mute',
        roomId,
        actorId: viewer.userId,
        targetId: userId,
        until: checkUntil(until),
      }),

    /** Lifts a mute (none: no change). */
    unmute: (viewer: Viewer, roomId: number, userId: number) =>
      moderate({ kind: 'unmute', roomId, actorId: viewer.userId, targetId: userId }),

    /** Owner only: sets a member's role; OWNER hands ownership over (the owner becomes MODERATOR). */
    setRole: (viewer: Viewer, roomId: number, userId: number, role: RoomRole) =>
      moderate({ kind: 'set-role', roomId, actorId: viewer.userId, targetId: userId, role }),

    /**
     * Moderators and the owner: renames the room and sets its topic. An argument left out stays
     * as it is; a blank topic clears it, and so does a blank name for a PRIVATE room.
     */
    async updateRoom(
      viewer: Viewer,
      roomId: number,
      nameInput: string | null | undefined,
      topicInput: string | null | undefined,
    ): Promise<Room> {
      const update: RoomUpdate = { roomId, actorId: viewer.userId };
      if (typeof nameInput === 'string') {
        if (nameInput.trim() === '') {
          update.name = { name: null, nameKey: null };
        } else {
          const name = checkRoomName(nameInput);
          update.name = { name, nameKey: roomNameKey(name) };
        }
      }
      if (topicInput !== undefined) update.topic = checkTopic(topicInput);
      const outcome = await store.updateRoom(update);
      if (outcome.kind === 'refused') throw outcome.refusal;
      if (outcome.kind === 'name-taken') {
        throw new DomainError('ROOM_NAME_TAKEN', 'A room with that name exists', { field: 'name' });
      }
      return outcome.room;
    },
  };
}
