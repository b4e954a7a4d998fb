import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { type RoomStanding, roomRefusal } from '../domain/access.js';
import type { JoinRoomOutcome, LeaveRoomOutcome, Membership, RoomStore } from '../domain/ports.js';
import { ownerAfterJoin } from '../domain/rooms.js';
import { roomUnreadCounts } from './prisma-unread.js';
import { readStanding, readStandings } from './room-standings.js';

/** The columns of a user anyone may know (never the password hash). */
const userColumns = { id: true, nickname: true, createdAt: true } as const;

/** Rooms and memberships on Prisma (SQLite and PostgreSQL). */
export function createPrismaRoomStore(db: Db): RoomStore {
  return {
    findRooms: (ids) =>
      loadInChunks(ids, async (chunk) => {
        const rooms = await db.room.findMany({ where: { id: { in: chunk } } });
        const byId = new Map(rooms.map((room) => [room.id, room]));
        return chunk.map((id) => byId.get(id) ?? null);
      }),

    findRoomByNameKey: (nameKey) => db.room.findUnique({ where: { nameKey } }),

    listRooms: (keys) =>
      db.room.findMany({
        // The directory lists public rooms only: a private room exists only for its members.
        where: { visibility: 'PUBLIC', nameKey: { gt: keys.after, lt: keys.before } },
        orderBy: { nameKey: keys.fromEnd ? 'desc' : 'asc' },
        take: keys.limit + 1,
      }),

    async listMembers(roomId, keys) {
      const rows = await db.membership.findMany({
        where: { roomId, userId: { gt: keys.after, lt: keys.before } },
        orderBy: { userId: keys.fromEnd ? 'desc' : 'asc' },
        take: keys.limit + 1,
        select: { user: { select: userColumns } },
      });
      return rows.map((row) => row.user);
    },

    memberCounts: (roomIds) =>
      loadInChunks(roomIds, async (chunk) => {
        const groups = await db.membership.groupBy({
          by: ['roomId'],
          where: { roomId: { in: chunk } },
          _count: { _all: true },
        });
        const counts = new Map(groups.map((group) => [group.roomId, group._count._all]));
        return chunk.map((id) => counts.get(id) ?? 0);
      }),

    memberships: (userId, roomIds) =>
      loadInChunks(roomIds, async (chunk) => {
        const rows = await db.membership.findMany({ where: { userId, roomId: { in: chunk } } });
        const byRoom = new Map<number, Membership>(rows.map((row) => [row.roomId, row]));
        return chunk.map((id) => byRoom.get(id) ?? null);
      }),

    async memberRoomIds(userId) {
      const rows = await db.membership.findMany({ where: { userId }, select: { roomId: true } });
      return rows.map((row) => row.roomId);
    },

    roomUnreadCounts: (userId, roomIds) => roomUnreadCounts(db, userId, roomIds),

    roomStanding: (roomId, userId) => readStanding(db, roomId, userId),

    async roomStandings(roomId, userIds) {
      const standings = new Map<number, RoomStanding>();
      // Users in chunks: the re-validation of live subscriptions asks for a whole room at once.
      await loadInChunks(userIds, async (chunk) => {
        const rows = await readStandings(db, roomId, chunk);
        for (const [userId, standing] of rows) standings.set(userId, standing);
        return chunk;
      });
      return standings;
    },

    async ensureRoom({ name, nameKey }) {
      const existing = await db.room.findUnique({ where: { nameKey } });
      if (existing) return existing;
      try {
        return await db.room.create({ data: { name, nameKey, stream: { create: {} } } });
      } catch (error) {
        // Another instance created it first.
        if (isUniqueViolation(error)) return db.room.findUniqueOrThrow({ where: { nameKey } });
        throw error;
      }
    },

    joinRoom: (roomId, userId) =>
      db.$transaction(async (tx): Promise<JoinRoomOutcome> => {
        const room = await tx.room.findUnique({ where: { id: roomId } });
        const standing = room && (await readStanding(tx, roomId, userId));
        if (!room || !standing) return { kind: 'refused', refusal: roomRefusal('join', null) };
        const refusal = roomRefusal('join', standing);
        if (refusal) return { kind: 'refused', refusal };
        if (standing.member) return { kind: 'already-member', room };
        const membership = await tx.membership.create({ data: { roomId, userId } });
        const ownerId = ownerAfterJoin(room, userId);
        const updated =
          ownerId === room.ownerId
            ? room
            : await tx.room.update({ where: { id: roomId }, data: { ownerId } });
        return { kind: 'joined', room: updated, membership };
      }),

    leaveRoom: (roomId, userId) =>
      db.$transaction(async (tx): Promise<LeaveRoomOutcome> => {
        const room = await tx.room.findUnique({ where: { id: roomId } });
        if (!room) return { kind: 'no-room' };
        const removed = await tx.membership.deleteMany({ where: { roomId, userId } });
        if (removed.count === 0) return { kind: 'not-member', room };
        if (room.ownerId !== userId) return { kind: 'left', room };
        // A moderator first, else any member: the longest-standing of them.
        const heirAmong = (where: { role?: 'MODERATOR' }) =>
          tx.membership.findFirst({
            where: { roomId, ...where },
            orderBy: [{ joinedAt: 'asc' }, { userId: 'asc' }],
            select: { userId: true },
          });
        const heir = (await heirAmong({ role: 'MODERATOR' })) ?? (await heirAmong({}));
        const updated = await tx.room.update({
          where: { id: roomId },
          data: { ownerId: heir?.userId ?? null },
        });
        return { kind: 'left', room: updated };
      }),
  };
}
