import type { EventBus } from '../events/event-bus.js';
import { plainStanding, roomRefusal } from './access.js';
import { badInput, noSuchRoom } from './errors.js';
import { lookAlikeKey } from './look-alikes.js';
import { type Page, type PageRequest, pageFromRows } from './pagination.js';
import type { Room, RoomStore } from './ports.js';
import type { User } from './users.js';
import type { Viewer } from './viewer.js';

/** The room every user belongs to; it exists from the first start and never has an owner. */
export const GENERAL_ROOM_NAME = 'general';
const TOPIC_MAX_LENGTH = 250;

const ROOM_NAME = /^[\p{L}\p{Nd}_-]{2,64}$/u;

/**
 * The key room names are unique on: the nickname's look-alike key (look-alikes.ts), so that a
 * `generaI` (capital I), `genera1` or Cyrillic `gеneral` cannot pass for `general`. Stored in
 * `Room.nameKey`; recomputed at start when it changes (name-rekeying.ts).
 */
export function roomNameKey(name: string): string {
  return lookAlikeKey(name);
}

/** A PUBLIC room's name, normalized (NFKC); BAD_USER_INPUT when it breaks the rules. */
export function checkRoomName(input: string): string {
  const name = input.length <= 256 && input.isWellFormed() ? input.normalize('NFKC') : '';
  if (!ROOM_NAME.test(name)) {
    throw badInput('name', 'A room name has 2 to 64 letters, digits, "-" or "_"');
  }
  return name;
}

/** A topic (null when blank); BAD_USER_INPUT when too long or malformed. */
export function checkTopic(input: string | null | undefined): string | null {
  if (input === null || input === undefined || input.trim() === '') return null;
  if (input.length > TOPIC_MAX_LENGTH * 2 || [...input].length > TOPIC_MAX_LENGTH) {
    throw badInput('topic', `A topic has at most ${TOPIC_MAX_LENGTH} characters`);
  }
  if (!input.isWellFormed() || input.includes('\u0000')) {
    throw badInput('topic', 'A topic must be well-formed Unicode without NUL');
  }
  return input;
}

/** Creates the `general` room (with its stream) unless it exists. Safe at every start. */
export function ensureGeneralRoom(store: RoomStore): Promise<Room> {
  return store.ensureRoom({ name: GENERAL_ROOM_NAME, nameKey: roomNameKey(GENERAL_ROOM_NAME) });
}

/**
 * Who owns `room` once `userId` has joined it: its owner if it has one; else the joiner, who
 * adopts a room left empty. `general` never has an owner.
 */
export function ownerAfterJoin(room: Room, userId: number): number | null {
  if (room.ownerId !== null || room.nameKey === roomNameKey(GENERAL_ROOM_NAME)) return room.ownerId;
  return userId;
}

export type Rooms = ReturnType<typeof createRooms>;

/** Longest room name input worth looking up; longer ones cannot match any stored name. */
const LOOKUP_MAX_LENGTH = 256;

/**
 * Creating, joining and leaving rooms. Ownership: the creator owns a room; when the owner
 * leaves, the longest-standing remaining moderator (else member) becomes owner; a room left empty has no owner
 * until someone joins it (`ownerAfterJoin`). `general` never has an owner.
 */
export function createRooms({ store, bus }: { store: RoomStore; bus: EventBus }) {
  const announce = (roomId: number, userId: number, change: 'joined' | 'left') =>
    bus.publish('room.membership', { roomId, userId, change });

  return {
    /** Rooms by id, in the order asked, null where absent (a DataLoader batch). */
    findRooms: (ids: readonly number[]) => store.findRooms(ids),

    /** The room with this name (compared by its look-alike key), or null. */
    findRoomByName(name: string): Promise<Room | null> {
      if (name.length > LOOKUP_MAX_LENGTH || !name.isWellFormed()) return Promise.resolve(null);
      return store.findRoomByNameKey(roomNameKey(name));
    },

    /** Every room, in alphabetical order of name key, keyset-paginated on that key. */
    async listRooms(request: PageRequest<string>): Promise<Page<Room>> {
      return pageFromRows(await store.listRooms(request), request);
    },

    /** How many members each room has. */
    memberCounts: (roomIds: readonly number[]) => store.memberCounts(roomIds),

    /** Whether the viewer (never, signed out) is a member of each room. */
    async viewerMemberships(viewer: Viewer | null, roomIds: readonly number[]) {
      if (!viewer) return roomIds.map(() => false);
      return (await store.memberships(viewer.userId, roomIds)).map((m) => m !== null);
    },

    /** Messages by others after the viewer's read marker in each room (0 signed out). */
    unreadCounts: (viewer: Viewer | null, roomIds: readonly number[]) =>
      viewer ? store.roomUnreadCounts(viewer.userId, roomIds) : roomIds.map(() => 0),

    /** A room's members in the order of their user ids, keyset-paginated on that id. */
    async members(
      _viewer: Viewer,
      roomId: number,
      request: PageRequest<number>,
    ): Promise<Page<User>> {
      return pageFromRows(await store.listMembers(roomId, request), request);
    },

    /** Joins a room; joining again changes nothing. */
    async joinRoom(viewer: Viewer, roomId: number): Promise<Room> {
      const outcome = await store.joinRoom(roomId, viewer.userId);
      if (outcome.kind === 'refused') throw outcome.refusal;
      if (outcome.kind === 'joined') await announce(roomId, viewer.userId, 'joined');
      return outcome.room;
    },

    /**
     * Leaves a room: its messages and stream are out of reach from now on. Leaving a room one is
     * not in changes nothing. An owner who leaves hands the room to the longest-standing moderator, else member.
     */
    async leaveRoom(viewer: Viewer, roomId: number): Promise<Room> {
      const outcome = await store.leaveRoom(roomId, viewer.userId);
      if (outcome.kind === 'no-room') throw noSuchRoom();
      if (outcome.kind === 'not-member') {
        // A private room does not exist for someone outside it, not even to leave it.
        const refusal = roomRefusal('see', {
          ...plainStanding(false),
          visibility: outcome.room.visibility,
        });
        if (refusal) throw refusal;
      }
      if (outcome.kind === 'left') await announce(roomId, viewer.userId, 'left');
      return outcome.room;
    },
  };
}
