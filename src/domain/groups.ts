import type { EventBus } from '../events/event-bus.js';
import type { Throttle } from '../limits/action-limits.js';
import { maySeeRoom, type RoomVisibility } from './access.js';
import { badInput, DomainError } from './errors.js';
import type { GroupStore, Room, RoomMemberNames, RoomStore } from './ports.js';
import { checkRoomName, checkTopic, roomNameKey } from './rooms.js';
import type { Viewer } from './viewer.js';

/** Most users one `createRoom`, `createGroupChat` or `addRoomMembers` may list. */
export const MAX_MEMBERS_PER_CALL = 100;
/** Longest name of a PRIVATE room, in characters. */
export const PRIVATE_NAME_MAX_LENGTH = 64;
/** How many members' nicknames an unnamed room shows before "and N others". */
export const NAMES_SHOWN = 3;

/** Control, format (but the zero-width joiner of emoji) and line or paragraph separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * A PRIVATE room's name: optional free text (null when absent or blank), trimmed, NFKC, at most
 * 64 characters, well-formed, without control or invisible characters. Never unique.
 */
export function checkPrivateName(input: string | null | undefined): string | null {
  if (input === null || input === undefined) return null;
  if (input.length > PRIVATE_NAME_MAX_LENGTH * 4 || !input.isWellFormed()) {
    throw badInput('name', `A name has at most ${PRIVATE_NAME_MAX_LENGTH} characters`);
  }
  const name = input.normalize('NFKC').trim();
  if (name === '') return null;
  if ([...name].length > PRIVATE_NAME_MAX_LENGTH) {
    throw badInput('name', `A name has at most ${PRIVATE_NAME_MAX_LENGTH} characters`);
  }
  if (INVISIBLE.test(name.replaceAll('\u200d', ''))) {
    throw badInput('name', 'A name has no control or invisible characters');
  }
  return name;
}

/**
 * The name an unnamed room shows its viewer: the other members' nicknames in nickname order,
 * the first three, then "and N other(s)": "ada", "ada and bob", "ada, bob and cy",
 * "ada, bob, cy and 2 others". A room whose only named member is the viewer shows the viewer's
 * own nickname; one with nobody named, "Empty group".
 */
export function groupDisplayName({ names, others, own }: RoomMemberNames): string {
  if (names.length === 0) return own ?? 'Empty group';
  const rest = others - names.length;
  if (rest > 0) return `${names.join(', ')} and ${rest} ${rest === 1 ? 'other' : 'others'}`;
  if (names.length === 1) return names[0] as string;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The distinct users listed, without the viewer; BAD_USER_INPUT beyond the maximum. */
function otherUsers(viewer: Viewer, userIds: readonly number[], field: string): number[] {
  const ids = [...new Set(userIds)].filter((id) => id !== viewer.userId);
  if (ids.length > MAX_MEMBERS_PER_CALL) {
    throw badInput(field, `List at most ${MAX_MEMBERS_PER_CALL} users at once`);
  }
  return ids;
}

export type Groups = ReturnType<typeof createGroups>;

/** What a new room is asked to be (`createRoom`'s arguments, ids decoded). */
export type RoomRequest = {
  name?: string | null;
  topic?: string | null;
  visibility: RoomVisibility;
  memberIds?: readonly number[] | null;
  /** The argument that listed the members, for errors. */
  membersField?: string;
};

/**
 * Private rooms and group chats: creating rooms with members, adding members, and what of a room
 * a viewer may see. Every right is decided by access.ts, inside the store's transaction.
 */
export function createGroups({
  store,
  bus,
  throttle,
}: {
  store: GroupStore & Pick<RoomStore, 'findRooms'>;
  bus: EventBus;
  throttle: Throttle;
}) {
  const announceJoined = (roomId: number, userIds: readonly number[]) =>
    Promise.all(
      userIds.map((userId) => bus.publish('room.membership', { roomId, userId, change: 'joined' })),
    );

  return {
    /**
     * Rooms by id as the viewer may see them (a DataLoader batch), null where absent or PRIVATE
     * and the viewer not a member: exactly as for an id that never existed. Only private rooms
     * cost a second statement.
     */
    async findVisibleRooms(
      viewer: Viewer | null,
      ids: readonly number[],
    ): Promise<(Room | null)[]> {
      const rooms = await store.findRooms(ids);
      const hidden = rooms.filter(
        (room) => room !== null && room.visibility !== 'PUBLIC',
      ) as Room[];
      if (hidden.length === 0) return rooms;
      const standings = viewer
        ? await store.standingsIn(
            viewer.userId,
            hidden.map((room) => room.id),
          )
        : hidden.map(() => null);
      const seen = new Set(
        hidden.filter((_, index) => maySeeRoom(standings[index] ?? null)).map((room) => room.id),
      );
      return rooms.map((room) =>
        room && (room.visibility === 'PUBLIC' || seen.has(room.id)) ? room : null,
      );
    },

    /** The name each room shows the viewer: its own, or its members' for an unnamed room. */
    async displayNames(viewer: Viewer | null, rooms: readonly Room[]): Promise<string[]> {
      const unnamed = rooms.filter((room) => room.name === null);
      if (unnamed.length === 0 || !viewer) return rooms.map((room) => room.name ?? '');
      const names = await store.memberNames(
        viewer.userId,
        unnamed.map((room) => room.id),
        NAMES_SHOWN,
      );
      const shown = new Map(unnamed.map((room, index) => [room.id, names[index]]));
      return rooms.map((room) => {
        const members = shown.get(room.id);
        return room.name ?? (members ? groupDisplayName(members) : '');
      });
    },

    /**
     * Creates a room owned by the viewer, with the listed users as members at once (duplicates
     * and the viewer ignored). PUBLIC: a unique name is required. PRIVATE: the name is optional
     * free text. Each listed user must accept being added (BLOCKED otherwise; NOT_FOUND when
     * unknown). Everyone's joining is announced.
     */
    async createRoom(viewer: Viewer, request: RoomRequest): Promise<Room> {
      const membersField = request.membersField ?? 'memberIds';
      let name: string | null;
      if (request.visibility === 'PUBLIC') {
        if (request.name === null || request.name === undefined) {
          throw badInput('name', 'A public room needs a name');
        }
        name = checkRoomName(request.name);
      } else {
        name = checkPrivateName(request.name);
      }
      const topic = checkTopic(request.topic);
      const memberIds = otherUsers(viewer, request.memberIds ?? [], membersField);
      await throttle('create-room', viewer.userId);
      const outcome = await store.createGroupRoom({
        name,
        nameKey: request.visibility === 'PUBLIC' && name !== null ? roomNameKey(name) : null,
        visibility: request.visibility,
        topic,
        ownerId: viewer.userId,
        memberIds,
        membersField,
      });
      if (outcome.kind === 'name-taken') {
        throw new DomainError('ROOM_NAME_TAKEN', 'A room with that name exists', {
          field: 'name',
        });
      }
      if (outcome.kind === 'refused') throw outcome.refusal;
      await announceJoined(outcome.room.id, [viewer.userId, ...memberIds]);
      return outcome.room;
    },

    /**
     * A group chat: a PRIVATE room of the viewer and at least one other user, optionally named.
     */
    createGroupChat(viewer: Viewer, memberIds: readonly number[], name?: string | null) {
      if (otherUsers(viewer, memberIds, 'memberIds').length === 0) {
        throw badInput('memberIds', 'A group chat needs at least one other member');
      }
      return this.createRoom(viewer, { name, visibility: 'PRIVATE', memberIds });
    },

    /**
     * Adds users to a room (PRIVATE or PUBLIC): the owner and moderators may; each user must
     * accept it from the viewer and not be banned. All or nothing; those already members are
     * no change; the viewer is ignored. Each new member's joining is announced.
     */
    async addRoomMembers(
      viewer: Viewer,
      roomId: number,
      userIds: readonly number[],
    ): Promise<Room> {
      const ids = otherUsers(viewer, userIds, 'userIds');
      const outcome = await store.addRoomMembers(roomId, viewer.userId, ids, 'userIds');
      if (outcome.kind === 'refused') throw outcome.refusal;
      await announceJoined(roomId, outcome.addedIds);
      return outcome.room;
    },
  };
}
