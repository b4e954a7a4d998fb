import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { EventBus } from '../events/event-bus.js';
import type { Throttle } from '../limits/action-limits.js';
import { roomRefusal } from './access.js';
import { badInput, DomainError, noSuchRoom } from './errors.js';
import { lookAlikeKey } from './look-alikes.js';
import { type Page, type PageRequest, pageFromRows } from './pagination.js';
import { roomUnreadCounts } from './unread.js';
import { type User, userFields } from './users.js';
import type { Viewer } from './viewer.js';

/** A group room, as stored. */
export type Room = {
  id: number;
  name: string;
  /** The name's look-alike key (`roomNameKey`): what names are unique on. */
  nameKey: string;
  topic: string | null;
  /** Who may delete others' messages; null for `general` and for a room left empty. */
  ownerId: number | null;
  createdAt: Date;
};

/** The room every user belongs to; it exists from the first start and never has an owner. */
export const GENERAL_ROOM_NAME = 'general';
export const TOPIC_MAX_LENGTH = 250;

const ROOM_NAME = /^[\p{L}\p{Nd}_-]{2,64}$/u;

/**
 * The key room names are unique on: the nickname's look-alike key (look-alikes.ts), so that a
 * `generaI` (capital I), `genera1` or Cyrillic `gеneral` cannot pass for `general`. Stored in
 * `Room.nameKey`; recomputed at start when it changes (name-rekeying.ts).
 */
export function roomNameKey(name: string): string {
  return lookAlikeKey(name);
}

function checkRoomName(input: string): string {
  const name = input.length <= 256 && input.isWellFormed() ? input.normalize('NFKC') : '';
  if (!ROOM_NAME.test(name)) {
    throw badInput('name', 'A room name has 2 to 64 letters, digits, "-" or "_"');
  }
  return name;
}

function checkTopic(input: string | null | undefined): string | null {
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
export async function ensureGeneralRoom(db: Db): Promise<Room> {
  const nameKey = roomNameKey(GENERAL_ROOM_NAME);
  const existing = await db.room.findUnique({ where: { nameKey } });
  if (existing) return existing;
  try {
    return await db.room.create({
      data: { name: GENERAL_ROOM_NAME, nameKey, stream: { create: {} } },
    });
  } catch (error) {
    // Another instance created it first.
    if (isUniqueViolation(error)) return db.room.findUniqueOrThrow({ where: { nameKey } });
    throw error;
  }
}

/** Rooms by id, in the order asked, null where absent: the shape a DataLoader batch needs. */
export function findRoomsByIds(db: Db, ids: readonly number[]): Promise<(Room | null)[]> {
  return loadInChunks(ids, async (chunk) => {
    const rooms = await db.room.findMany({ where: { id: { in: chunk } } });
    const byId = new Map(rooms.map((room) => [room.id, room]));
    return chunk.map((id) => byId.get(id) ?? null);
  });
}

export function findRoomByName(db: Db, name: string): Promise<Room | null> {
  if (name.length > 256 || !name.isWellFormed()) return Promise.resolve(null);
  return db.room.findUnique({ where: { nameKey: roomNameKey(name) } });
}

/** Rooms in alphabetical order of their name key, keyset-paginated on that key. */
export async function listRooms(db: Db, request: PageRequest<string>): Promise<Page<Room>> {
  const rows = await db.room.findMany({
    where: { nameKey: { gt: request.after, lt: request.before } },
    orderBy: { nameKey: request.fromEnd ? 'desc' : 'asc' },
    take: request.limit + 1,
  });
  return pageFromRows(rows, request);
}

/** A room's members in the order of their user ids, keyset-paginated on that id. */
export async function listMembers(
  db: Db,
  roomId: number,
  request: PageRequest<number>,
): Promise<Page<User>> {
  const rows = await db.membership.findMany({
    where: { roomId, userId: { gt: request.after, lt: request.before } },
    orderBy: { userId: request.fromEnd ? 'desc' : 'asc' },
    take: request.limit + 1,
    select: { user: { select: userFields } },
  });
  return pageFromRows(
    rows.map((row) => row.user),
    request,
  );
}

/** Member counts for several rooms in one query (for lists of rooms). */
export function countMembers(db: Db, roomIds: readonly number[]): Promise<number[]> {
  return loadInChunks(roomIds, async (chunk) => {
    const groups = await db.membership.groupBy({
      by: ['roomId'],
      where: { roomId: { in: chunk } },
      _count: { _all: true },
    });
    const counts = new Map(groups.map((group) => [group.roomId, group._count._all]));
    return chunk.map((id) => counts.get(id) ?? 0);
  });
}

/** The viewer's memberships (with read markers) among these rooms, in one query. */
export function membershipsOf(db: Db, userId: number, roomIds: readonly number[]) {
  return loadInChunks(roomIds, async (chunk) => {
    const rows = await db.membership.findMany({
      where: { userId, roomId: { in: chunk } },
      select: { roomId: true, readPosition: true },
    });
    const byRoom = new Map(rows.map((row) => [row.roomId, row]));
    return chunk.map((id) => byRoom.get(id) ?? null);
  });
}

export type Rooms = ReturnType<typeof createRooms>;

/**
 * Creating, joining and leaving rooms. Ownership: the creator owns a room; when the owner
 * leaves, the longest-standing remaining member becomes owner; a room left empty has no owner
 * until someone joins it. `general` never has an owner.
 */
export function createRooms({
  db,
  store,
  bus,
  throttle,
}: {
  db: Db;
  /** Where rooms are read by id (the RoomStore port's `findRooms`). */
  store: { findRooms(ids: readonly number[]): Promise<(Room | null)[]> };
  bus: EventBus;
  throttle: Throttle;
}) {
  const announce = (roomId: number, userId: number, change: 'joined' | 'left') =>
    bus.publish('room.membership', { roomId, userId, change });

  return {
    /** Rooms by id, in the order asked, null where absent (a DataLoader batch). */
    findRooms: (ids: readonly number[]) => store.findRooms(ids),

    /** The room with this name (compared by its look-alike key), or null. */
    findRoomByName: (name: string) => findRoomByName(db, name),

    /** Every room, in alphabetical order of name key. */
    listRooms: (request: PageRequest<string>) => listRooms(db, request),

    /** How many members each room has. */
    memberCounts: (roomIds: readonly number[]) => countMembers(db, roomIds),

    /** Whether the viewer (never, signed out) is a member of each room. */
    async viewerMemberships(viewer: Viewer | null, roomIds: readonly number[]) {
      if (!viewer) return roomIds.map(() => false);
      return (await membershipsOf(db, viewer.userId, roomIds)).map((m) => m !== null);
    },

    /** Messages by others after the viewer's read marker in each room (0 signed out). */
    unreadCounts: (viewer: Viewer | null, roomIds: readonly number[]) =>
      viewer ? roomUnreadCounts(db, viewer.userId, roomIds) : roomIds.map(() => 0),

    /** A room's members in the order of their user ids. */
    members: (_viewer: Viewer, roomId: number, request: PageRequest<number>) =>
      listMembers(db, roomId, request),

    /** Creates a room owned by the viewer, who becomes its first member. */
    async createRoom(viewer: Viewer, nameInput: string, topicInput?: string | null) {
      const name = checkRoomName(nameInput);
      const topic = checkTopic(topicInput);
      await throttle('create-room', viewer.userId);
      try {
        const room = await db.room.create({
          data: {
            name,
            nameKey: roomNameKey(name),
            topic,
            ownerId: viewer.userId,
            stream: { create: {} },
            members: { create: { userId: viewer.userId } },
          },
        });
        await announce(room.id, viewer.userId, 'joined');
        return room;
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DomainError('ROOM_NAME_TAKEN', 'A room with that name exists', {
            field: 'name',
          });
        }
        throw error;
      }
    },

    /** Joins a room; joining again changes nothing. */
    async joinRoom(viewer: Viewer, roomId: number): Promise<Room> {
      const { room, joined } = await db.$transaction(async (tx) => {
        const room = await tx.room.findUnique({ where: { id: roomId } });
        const key = { roomId_userId: { roomId, userId: viewer.userId } };
        const member = room
          ? (await tx.membership.findUnique({ where: key, select: { userId: true } })) !== null
          : false;
        const refusal = roomRefusal('join', room ? { member } : null);
        if (refusal || !room) throw refusal ?? noSuchRoom();
        if (member) return { room, joined: false };
        await tx.membership.create({ data: { roomId, userId: viewer.userId } });
        const adopt = room.ownerId === null && room.nameKey !== roomNameKey(GENERAL_ROOM_NAME);
        const updated = adopt
          ? await tx.room.update({ where: { id: roomId }, data: { ownerId: viewer.userId } })
          : room;
        return { room: updated, joined: true };
      });
      if (joined) await announce(roomId, viewer.userId, 'joined');
      return room;
    },

    /**
     * Leaves a room: its messages and stream are out of reach from now on. Leaving a room one is
     * not in changes nothing. An owner who leaves hands the room to the longest-standing member.
     */
    async leaveRoom(viewer: Viewer, roomId: number): Promise<Room> {
      const { room, left } = await db.$transaction(async (tx) => {
        const room = await tx.room.findUnique({ where: { id: roomId } });
        if (!room) throw noSuchRoom();
        const removed = await tx.membership.deleteMany({
          where: { roomId, userId: viewer.userId },
        });
        if (removed.count === 0 || room.ownerId !== viewer.userId) {
          return { room, left: removed.count > 0 };
        }
        const heir = await tx.membership.findFirst({
          where: { roomId },
          orderBy: [{ joinedAt: 'asc' }, { userId: 'asc' }],
          select: { userId: true },
        });
        const updated = await tx.room.update({
          where: { id: roomId },
          data: { ownerId: heir?.userId ?? null },
        });
        return { room: updated, left: true };
      });
      if (left) await announce(roomId, viewer.userId, 'left');
      return room;
    },
  };
}
