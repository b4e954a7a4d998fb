import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import type { Store } from '../domain/ports.js';
import { findRoomsByIds } from '../domain/rooms.js';
import { createPrismaConversations } from './prisma-conversations.js';
import { createPrismaIdentityStore } from './prisma-identity.js';
import { createPrismaMessages } from './prisma-messages.js';

/** The store on Prisma: PostgreSQL's (and SQLite's, where nothing faster is wired). */
export function createPrismaStore(db: Db): Store {
  const store: Store = {
    ...createPrismaIdentityStore(db),
    ...createPrismaMessages(db),
    ...createPrismaConversations(db),

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

    findRooms: (ids) => findRoomsByIds(db, ids),
  };
  return store;
}
