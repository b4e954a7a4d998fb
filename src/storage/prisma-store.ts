import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import type { Store } from '../domain/ports.js';
import { findRoomsByIds } from '../domain/rooms.js';
import { findUserById } from '../domain/users.js';
import { createPrismaConversations } from './prisma-conversations.js';
import { createPrismaMessages } from './prisma-messages.js';

/** The store on Prisma: PostgreSQL's (and SQLite's, where nothing faster is wired). */
export function createPrismaStore(db: Db): Store {
  const store: Store = {
    ...createPrismaMessages(db),
    ...createPrismaConversations(db),

    async findSession(tokenHash) {
      const session = await db.session.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          userId: true,
          expiresAt: true,
          revokedAt: true,
          user: { select: { nickname: true } },
        },
      });
      if (!session) return null;
      const { user, ...rest } = session;
      return { ...rest, hasNickname: !!user.nickname };
    },

    async roomStanding(roomId, userId) {
      const membership = await db.membership.findUnique({
        where: { roomId_userId: { roomId, userId } },
        select: { userId: true },
      });
      if (membership) return { member: true };
      const room = await db.room.findUnique({ where: { id: roomId }, select: { id: true } });
      return room ? { member: false } : null;
    },

    async roomStandings(roomId, userIds) {
      const members = await loadInChunks(userIds, async (chunk) => {
        const rows = await db.membership.findMany({
          where: { roomId, userId: { in: chunk } },
          select: { userId: true },
        });
        const found = new Set(rows.map((row) => row.userId));
        return chunk.map((userId) => found.has(userId));
      });
      return new Map(userIds.map((userId, i) => [userId, { member: members[i] === true }]));
    },

    async validSessions(sessionIds) {
      const valid = await loadInChunks(sessionIds, async (chunk) => {
        const rows = await db.session.findMany({
          where: { id: { in: chunk }, revokedAt: null, expiresAt: { gt: new Date() } },
          select: { id: true },
        });
        const found = new Set(rows.map((row) => row.id));
        return chunk.map((id) => found.has(id));
      });
      return new Set(sessionIds.filter((_id, i) => valid[i]));
    },

    findUser: (id) => findUserById(db, id),

    findRooms: (ids) => findRoomsByIds(db, ids),
  };
  return store;
}
