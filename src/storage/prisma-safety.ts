import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import type { DirectMessagePolicy, RoomVisibility } from '../domain/access.js';
import type { EntryWithMessage } from '../domain/message-views.js';
import type { AccountState, NewAdminAction, SafetyStore, StoredReport } from '../domain/ports.js';
import { Prisma } from '../generated/prisma/client.js';
import { messageSelect } from './message-selects.js';
import type { Tx } from './prisma-streams.js';

const reportSelect = {
  id: true,
  reporterId: true,
  userId: true,
  messageId: true,
  reason: true,
  createdAt: true,
  resolvedAt: true,
  resolvedById: true,
  resolution: true,
} as const;

const accountColumns = {
  id: true,
  nicknameKey: true,
  passwordHash: true,
  suspendedAt: true,
  suspendedUntil: true,
  suspensionReason: true,
  deletedAt: true,
} as const;

function toAccountState(user: {
  id: number;
  nicknameKey: string | null;
  passwordHash: string | null;
  suspendedAt: Date | null;
  suspendedUntil: Date | null;
  suspensionReason: string | null;
  deletedAt: Date | null;
}): AccountState {
  return {
    id: user.id,
    nicknameKey: user.nicknameKey,
    passwordHash: user.passwordHash,
    suspension: user.suspendedAt
      ? { since: user.suspendedAt, until: user.suspendedUntil, reason: user.suspensionReason }
      : null,
    deleted: user.deletedAt !== null,
  };
}

/** Keyset bounds and order on an integer id, as `pageFromRows` expects its rows. */
function idWindow(keys: { after?: number; before?: number; fromEnd: boolean; limit: number }) {
  return {
    where: {
      id: {
        ...(keys.after !== undefined && { gt: keys.after }),
        ...(keys.before !== undefined && { lt: keys.before }),
      },
    },
    orderBy: { id: keys.fromEnd ? ('desc' as const) : ('asc' as const) },
    take: keys.limit + 1,
  };
}

/** Revokes every valid session of the user inside `tx`; the ids, for the bus. */
async function revokeAllSessions(tx: Tx, userId: number, now: Date): Promise<number[]> {
  const sessions = await tx.session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true },
  });
  if (sessions.length > 0) {
    await tx.session.updateMany({
      where: { id: { in: sessions.map((session) => session.id) } },
      data: { revokedAt: now },
    });
  }
  return sessions.map((session) => session.id);
}

function recordIn(tx: Tx, action: NewAdminAction) {
  return tx.adminAction.create({ data: action, select: { id: true } });
}

/** Reports, suspensions, the admins' log, account deletion and export, on Prisma. */
export function createPrismaSafety(db: Db): SafetyStore {
  return {
    async accountState(userId): Promise<AccountState | null> {
      const user = await db.user.findUnique({ where: { id: userId }, select: accountColumns });
      return user && toAccountState(user);
    },

    accountStates: (userIds) =>
      loadInChunks(userIds, async (chunk) => {
        const users = await db.user.findMany({
          where: { id: { in: chunk } },
          select: accountColumns,
        });
        const byId = new Map(users.map((user) => [user.id, toAccountState(user)]));
        return chunk.map((id) => byId.get(id) ?? null);
      }),

    fileReport: (report) => db.report.create({ data: report, select: reportSelect }),

    listReports: (open, keys) => {
      const window = idWindow(keys);
      return db.report.findMany({
        ...window,
        where: { ...window.where, ...(open && { resolvedAt: null }) },
        select: reportSelect,
      });
    },

    findReport: (id) => db.report.findUnique({ where: { id }, select: reportSelect }),

    resolveReport: (reportId, resolution, action) =>
      db.$transaction(async (tx): Promise<StoredReport | null> => {
        const now = new Date();
        const updated = await tx.report.updateMany({
          where: { id: reportId, resolvedAt: null },
          data: { resolvedAt: now, resolvedById: action.adminId, resolution },
        });
        if (updated.count === 0) return null;
        await recordIn(tx, action);
        return tx.report.findUniqueOrThrow({ where: { id: reportId }, select: reportSelect });
      }),

    suspendUser: (userId, suspension, action) =>
      db.$transaction(async (tx) => {
        const now = new Date();
        const updated = await tx.user.updateMany({
          where: { id: userId, deletedAt: null },
          data: {
            suspendedAt: now,
            suspendedUntil: suspension.until,
            suspensionReason: suspension.reason,
          },
        });
        if (updated.count === 0) return { kind: 'no-user' as const };
        const revokedSessionIds = await revokeAllSessions(tx, userId, now);
        await recordIn(tx, action);
        return { kind: 'suspended' as const, revokedSessionIds };
      }),

    unsuspendUser: (userId, action) =>
      db.$transaction(async (tx) => {
        const updated = await tx.user.updateMany({
          where: { id: userId, deletedAt: null },
          data: { suspendedAt: null, suspendedUntil: null, suspensionReason: null },
        });
        if (updated.count === 0) return false;
        await recordIn(tx, action);
        return true;
      }),

    async recordAdminAction(action) {
      await db.adminAction.create({ data: action, select: { id: true } });
    },

    listAdminActions: (keys) => db.adminAction.findMany(idWindow(keys)),

    startAccountDeletion: (userId, displayName) =>
      db.$transaction(async (tx) => {
        const now = new Date();
        await tx.user.update({
          where: { id: userId },
          data: {
            deletedAt: now,
            nickname: displayName,
            nicknameKey: null,
            passwordHash: null,
            externalSubject: null,
            suspendedAt: null,
            suspendedUntil: null,
            suspensionReason: null,
          },
        });
        const revokedSessionIds = await revokeAllSessions(tx, userId, now);
        await tx.block.deleteMany({
          where: { OR: [{ blockerId: userId }, { blockedId: userId }] },
        });
        // Its copies of direct messages go with it; the partners keep theirs (in their streams).
        await tx.stream.deleteMany({ where: { userId } });
        const memberships = await tx.membership.findMany({
          where: { userId },
          select: { roomId: true },
        });
        return { revokedSessionIds, roomIds: memberships.map((m) => m.roomId) };
      }),

    deleteAuthoredMessages: (userId, limit) =>
      db.$transaction(async (tx): Promise<EntryWithMessage[]> => {
        const messages = await tx.message.findMany({
          where: { authorId: userId, deletedAt: null },
          orderBy: { id: 'asc' },
          take: limit,
          select: messageSelect,
        });
        if (messages.length === 0) return [];
        const now = new Date();
        const ids = messages.map((message) => message.id);
        const entries = await tx.streamEntry.findMany({
          where: { messageId: { in: ids } },
          orderBy: [{ streamId: 'asc' }, { messageId: 'asc' }],
          select: { streamId: true, position: true, messageId: true },
        });
        const byStream = new Map<number, typeof entries>();
        for (const entry of entries) {
          const list = byStream.get(entry.streamId) ?? [];
          list.push(entry);
          byStream.set(entry.streamId, list);
        }
        const deleted = new Map(
          messages.map((message) => [message.id, { ...message, body: '', deletedAt: now }]),
        );
        const changes: EntryWithMessage[] = [];
        // Ascending stream ids, like every writer (advanceStreams): no deadlock with a send.
        for (const [streamId, list] of [...byStream].sort(([a], [b]) => a - b)) {
          const stream = await tx.stream.update({
            where: { id: streamId },
            data: { lastPosition: { increment: list.length } },
            select: { lastPosition: true },
          });
          const first = stream.lastPosition - list.length + 1;
          const cases = Prisma.join(
            list.map(
              (entry, index) =>
                Prisma.sql`WHEN ${entry.messageId} THEN CAST(${first + index} AS INTEGER)`,
            ),
            ' ',
          );
          await tx.$executeRaw`UPDATE "StreamEntry" SET "changePosition" = CASE "messageId" ${cases} END
            WHERE "streamId" = ${streamId} AND "messageId" IN (${Prisma.join(list.map((entry) => entry.messageId))})`;
          list.forEach((entry, index) => {
            changes.push({
              streamId,
              position: entry.position,
              changePosition: first + index,
              message: deleted.get(entry.messageId) as EntryWithMessage['message'],
            });
          });
        }
        await tx.message.updateMany({
          where: { id: { in: ids } },
          data: { body: '', deletedAt: now },
        });
        return changes;
      }),

    async unfinishedDeletions(limit) {
      // Deleted accounts are few; each is checked on the messages' author index.
      const rows = await db.user.findMany({
        where: { deletedAt: { not: null }, authored: { some: { deletedAt: null } } },
        select: { id: true },
        take: limit,
      });
      return rows.map((row) => row.id);
    },

    async accountExport(userId) {
      const user = await db.user.findUnique({
        where: { id: userId },
        select: {
          id: true,
          nickname: true,
          createdAt: true,
          directMessagePolicy: true,
          externalSubject: true,
          suspendedAt: true,
          suspendedUntil: true,
          suspensionReason: true,
          memberships: {
            orderBy: { roomId: 'asc' },
            select: {
              roomId: true,
              joinedAt: true,
              role: true,
              room: { select: { name: true, visibility: true, ownerId: true } },
            },
          },
          blocks: {
            orderBy: { createdAt: 'asc' },
            select: { blockedId: true, createdAt: true, blocked: { select: { nickname: true } } },
          },
          reportsFiled: {
            orderBy: { id: 'asc' },
            select: {
              id: true,
              userId: true,
              messageId: true,
              reason: true,
              createdAt: true,
              resolvedAt: true,
            },
          },
        },
      });
      if (!user) return null;
      return {
        user: {
          id: user.id,
          nickname: user.nickname,
          createdAt: user.createdAt,
          directMessagePolicy: user.directMessagePolicy as DirectMessagePolicy,
          company: user.externalSubject !== null,
          suspension: user.suspendedAt
            ? {
                since: user.suspendedAt,
                until: user.suspendedUntil,
                reason: user.suspensionReason,
              }
            : null,
        },
        memberships: user.memberships.map((membership) => ({
          roomId: membership.roomId,
          roomName: membership.room.name,
          visibility: membership.room.visibility as RoomVisibility,
          joinedAt: membership.joinedAt,
          role: membership.room.ownerId === userId ? 'OWNER' : membership.role,
        })),
        blocks: user.blocks.map((block) => ({
          userId: block.blockedId,
          nickname: block.blocked.nickname,
          createdAt: block.createdAt,
        })),
        reports: user.reportsFiled,
      };
    },

    async exportMessages(userId, afterId, limit) {
      const conversations = await db.conversationParticipant.findMany({
        where: { userId },
        select: { conversationId: true },
      });
      return db.message.findMany({
        where: {
          id: { gt: afterId },
          OR: [
            { authorId: userId },
            ...(conversations.length > 0
              ? [{ conversationId: { in: conversations.map((c) => c.conversationId) } }]
              : []),
          ],
        },
        orderBy: { id: 'asc' },
        take: limit,
        select: messageSelect,
      });
    },
  };
}
