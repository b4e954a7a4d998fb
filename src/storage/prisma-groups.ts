import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import {
  additionRefusal,
  contactRefusal,
  moderationRefusal,
  type RoomStanding,
} from '../domain/access.js';
import type {
  AddMembersOutcome,
  CreateGroupRoomOutcome,
  GroupStore,
  RoomMemberNames,
} from '../domain/ports.js';
import { readContactFacts } from './prisma-contacts.js';
import { readStanding, readStandings, standingFrom } from './room-standings.js';

/** Private rooms and group chats on Prisma (SQLite and PostgreSQL). */
export function createPrismaGroups(db: Db): GroupStore {
  return {
    async createGroupRoom(room) {
      try {
        return await db.$transaction(async (tx): Promise<CreateGroupRoomOutcome> => {
          const facts = await readContactFacts(tx, room.ownerId, room.memberIds);
          for (const fact of facts) {
            const refusal = contactRefusal('add', fact, room.membersField);
            if (refusal) return { kind: 'refused', refusal };
          }
          const created = await tx.room.create({
            data: {
              name: room.name,
              nameKey: room.nameKey,
              visibility: room.visibility,
              topic: room.topic,
              ownerId: room.ownerId,
              stream: { create: {} },
              members: {
                create: [room.ownerId, ...room.memberIds].map((userId) => ({ userId })),
              },
            },
          });
          return { kind: 'created', room: created };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { kind: 'name-taken' };
        throw error;
      }
    },

    addRoomMembers: (roomId, actorId, userIds, field) =>
      db.$transaction(async (tx): Promise<AddMembersOutcome> => {
        const actor = await readStanding(tx, roomId, actorId);
        const allowed = moderationRefusal('add', actor);
        if (allowed) return { kind: 'refused', refusal: allowed };
        const [standings, facts] = await Promise.all([
          readStandings(tx, roomId, userIds),
          readContactFacts(tx, actorId, userIds),
        ]);
        const toAdd: number[] = [];
        for (const [index, userId] of userIds.entries()) {
          const refusal =
            contactRefusal('add', facts[index] ?? null, field) ??
            additionRefusal(standings.get(userId) ?? null) ??
            moderationRefusal('add', actor, standings.get(userId) ?? null, actorId, userId);
          if (refusal) return { kind: 'refused', refusal };
          if (!standings.get(userId)?.member) toAdd.push(userId);
        }
        if (toAdd.length > 0) {
          await tx.membership.createMany({ data: toAdd.map((userId) => ({ roomId, userId })) });
        }
        const room = await tx.room.findUniqueOrThrow({ where: { id: roomId } });
        return { kind: 'added', room, addedIds: toAdd };
      }),

    standingsIn: (userId, roomIds) =>
      loadInChunks(roomIds, async (chunk) => {
        const rooms = await db.room.findMany({
          where: { id: { in: chunk } },
          select: {
            id: true,
            visibility: true,
            ownerId: true,
            members: {
              where: { userId },
              select: { role: true, mutedAt: true, mutedUntil: true },
            },
            bans: { where: { userId }, select: { until: true } },
          },
        });
        const byId = new Map<number, RoomStanding>(
          rooms.map((room) => [
            room.id,
            standingFrom(room, userId, room.members[0] ?? null, room.bans[0] ?? null),
          ]),
        );
        return chunk.map((id) => byId.get(id) ?? null);
      }),

    memberNames: (viewerId, roomIds, limit) =>
      loadInChunks(roomIds, async (chunk) => {
        // Unnamed rooms are small groups: their named members, sorted here.
        const rows = await db.membership.findMany({
          where: { roomId: { in: chunk }, user: { nickname: { not: null } } },
          select: {
            roomId: true,
            userId: true,
            user: { select: { nickname: true, nicknameKey: true } },
          },
        });
        const byRoom = new Map<
          number,
          RoomMemberNames & { all: { key: string; name: string }[] }
        >();
        for (const id of chunk) byRoom.set(id, { names: [], others: 0, own: null, all: [] });
        for (const row of rows) {
          const entry = byRoom.get(row.roomId);
          const name = row.user.nickname;
          if (!entry || name === null) continue;
          if (row.userId === viewerId) entry.own = name;
          else entry.all.push({ key: row.user.nicknameKey ?? name, name });
        }
        return chunk.map((id) => {
          const { all, own } = byRoom.get(id) as RoomMemberNames & {
            all: { key: string; name: string }[];
          };
          all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
          return {
            names: all.slice(0, limit).map((member) => member.name),
            others: all.length,
            own,
          };
        });
      }),
  };
}
