import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import {
  type ModerationAction,
  moderationRefusal,
  type RoomRole,
  roomUpdateRefusal,
} from '../domain/access.js';
import { notFound } from '../domain/errors.js';
import type {
  ModerationChange,
  ModerationOutcome,
  ModerationStore,
  UpdateRoomOutcome,
} from '../domain/ports.js';
import { readStanding } from './room-standings.js';

const userColumns = { id: true, nickname: true, createdAt: true } as const;

function roleOf(ownerId: number | null, userId: number, stored: string): RoomRole {
  if (ownerId === userId) return 'OWNER';
  return stored === 'MODERATOR' ? 'MODERATOR' : 'MEMBER';
}

/** The rule a change is checked by: granting and withdrawing a role are both `set-role`. */
const ACTION: Record<ModerationChange['kind'], ModerationAction> = {
  remove: 'remove',
  ban: 'ban',
  unban: 'unban',
  mute: 'mute',
  unmute: 'unmute',
  'set-role': 'set-role',
};

/** Roles and moderation on Prisma (SQLite and PostgreSQL). */
export function createPrismaModerationStore(db: Db): ModerationStore {
  return {
    roomRoles: (userId, roomIds) =>
      loadInChunks(roomIds, async (chunk) => {
        const rows = await db.membership.findMany({
          where: { userId, roomId: { in: chunk } },
          select: { roomId: true, role: true, room: { select: { ownerId: true } } },
        });
        const byRoom = new Map(
          rows.map((row) => [row.roomId, roleOf(row.room.ownerId, userId, row.role)]),
        );
        return chunk.map((id) => byRoom.get(id) ?? null);
      }),

    async listMemberships(roomId, keys) {
      const [room, rows] = await Promise.all([
        db.room.findUnique({ where: { id: roomId }, select: { ownerId: true } }),
        db.membership.findMany({
          where: { roomId, userId: { gt: keys.after, lt: keys.before } },
          orderBy: { userId: keys.fromEnd ? 'desc' : 'asc' },
          take: keys.limit + 1,
          select: {
            joinedAt: true,
            role: true,
            mutedAt: true,
            mutedUntil: true,
            user: { select: userColumns },
          },
        }),
      ]);
      const ownerId = room?.ownerId ?? null;
      return rows.map((row) => ({
        user: row.user,
        role: roleOf(ownerId, row.user.id, row.role),
        joinedAt: row.joinedAt,
        mute: row.mutedAt ? { until: row.mutedUntil } : null,
      }));
    },

    moderate: (change) =>
      db.$transaction(async (tx): Promise<ModerationOutcome> => {
        const { roomId, actorId, targetId } = change;
        const actor = await readStanding(tx, roomId, actorId);
        const target = actor && (await readStanding(tx, roomId, targetId));
        const refusal = moderationRefusal(ACTION[change.kind], actor, target, actorId, targetId);
        if (refusal) return { kind: 'refused', refusal };
        if (!target) return { kind: 'refused', refusal: notFound('roomId', 'room') };
        if (change.kind === 'ban' || change.kind === 'unban') {
          const user = await tx.user.findUnique({ where: { id: targetId }, select: { id: true } });
          if (!user) return { kind: 'refused', refusal: notFound('userId', 'user') };
        }
        const where = { roomId_userId: { roomId, userId: targetId } };
        let changed = true;
        let removed = false;
        switch (change.kind) {
          case 'remove':
          case 'ban': {
            if (change.kind === 'ban') {
              const ban = { until: change.until, reason: change.reason, bannedById: actorId };
              await tx.roomBan.upsert({
                where,
                create: { roomId, userId: targetId, ...ban },
                update: { ...ban, createdAt: new Date() },
              });
            }
            const deleted = await tx.membership.deleteMany({ where: { roomId, userId: targetId } });
            removed = deleted.count > 0;
            changed = removed || change.kind === 'ban';
            break;
          }
          case 'unban':
            changed =
              (await tx.roomBan.deleteMany({ where: { roomId, userId: targetId } })).count > 0;
            break;
          case 'mute':
            await tx.membership.update({
              where,
              data: { mutedAt: new Date(), mutedUntil: change.until },
            });
            break;
          case 'unmute':
            changed = target.mute !== null;
            await tx.membership.update({ where, data: { mutedAt: null, mutedUntil: null } });
            break;
          case 'set-role': {
            if (change.role === 'OWNER') {
              // The old owner stays as a moderator; the new one's own row keeps no role of its own.
              await tx.membership.update({
                where: { roomId_userId: { roomId, userId: actorId } },
                data: { role: 'MODERATOR' },
              });
              await tx.membership.update({ where, data: { role: 'MEMBER' } });
              await tx.room.update({ where: { id: roomId }, data: { ownerId: targetId } });
            } else {
              changed = target.role !== change.role;
              await tx.membership.update({ where, data: { role: change.role } });
            }
            break;
          }
        }
        const room = await tx.room.findUniqueOrThrow({ where: { id: roomId } });
        return { kind: 'done', room, changed, removed };
      }),

    async updateRoom({ roomId, actorId, name, topic }) {
      try {
        return await db.$transaction(async (tx): Promise<UpdateRoomOutcome> => {
          const actor = await readStanding(tx, roomId, actorId);
          const refusal = roomUpdateRefusal(actor, { clearsName: name?.name === null });
          if (refusal) return { kind: 'refused', refusal };
          const room = await tx.room.update({
            where: { id: roomId },
            data: {
              ...(name === undefined
                ? {}
                : // Only a public room's name is unique (and keyed).
                  {
                    name: name.name,
                    nameKey: actor?.visibility === 'PUBLIC' ? name.nameKey : null,
                  }),
              ...(topic === undefined ? {} : { topic }),
            },
          });
          return { kind: 'updated', room };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { kind: 'name-taken' };
        throw error;
      }
    },
  };
}
