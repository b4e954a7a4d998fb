import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { BlockStore } from '../domain/ports.js';
import { userFields } from '../domain/users.js';
import { findUserById } from './prisma-identity.js';

/** Blocks and direct-message policies on Prisma (SQLite and PostgreSQL alike). */
export function createPrismaBlocks(db: Db): BlockStore {
  return {
    async block(blockerId, blockedId) {
      const user = await findUserById(db, blockedId);
      if (!user) return { kind: 'no-user' };
      try {
        const created = await db.block.createMany({ data: [{ blockerId, blockedId }] });
        return { kind: created.count > 0 ? 'changed' : 'unchanged', user };
      } catch (error) {
        // A concurrent block of the same user got there first.
        if (isUniqueViolation(error)) return { kind: 'unchanged', user };
        throw error;
      }
    },

    async unblock(blockerId, blockedId) {
      const user = await findUserById(db, blockedId);
      if (!user) return { kind: 'no-user' };
      const removed = await db.block.deleteMany({ where: { blockerId, blockedId } });
      return { kind: removed.count > 0 ? 'changed' : 'unchanged', user };
    },

    async blockedIds(blockerId) {
      const rows = await db.block.findMany({ where: { blockerId }, select: { blockedId: true } });
      return rows.map((row) => row.blockedId);
    },

    blockedAmong: (blockerId, userIds) =>
      loadInChunks(userIds, async (chunk) => {
        const rows = await db.block.findMany({
          where: { blockerId, blockedId: { in: [...chunk] } },
          select: { blockedId: true },
        });
        const blocked = new Set(rows.map((row) => row.blockedId));
        return chunk.map((id) => blocked.has(id));
      }),

    async listBlocked(blockerId, keys) {
      const rows = await db.block.findMany({
        where: { blockerId, blockedId: { gt: keys.after, lt: keys.before } },
        orderBy: { blockedId: keys.fromEnd ? 'desc' : 'asc' },
        take: keys.limit + 1,
        select: { blocked: { select: userFields } },
      });
      return rows.map((row) => row.blocked);
    },

    async directMessagePolicy(userId) {
      const row = await db.user.findUnique({
        where: { id: userId },
        select: { directMessagePolicy: true },
      });
      return row?.directMessagePolicy ?? null;
    },

    async setDirectMessagePolicy(userId, policy) {
      await db.user.update({ where: { id: userId }, data: { directMessagePolicy: policy } });
    },
  };
}
