import type { Db } from '../db/database.js';
import type { InboxActivity, InboxStore } from '../domain/ports.js';

/**
 * A date as a raw statement returns it: a Date, or (SQLite, where an expression loses the
 * column's type) the stored text or milliseconds.
 */
function storedDate(value: Date | string | number | bigint): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'number') return new Date(value);
  return new Date(/^\d+$/.test(value) ? Number(value) : value);
}

type Row = {
  id: number | bigint;
  since: Date | string | number | bigint;
  lastMessageAt: Date | string | number | bigint | null;
};

/** The inbox on Prisma (SQLite and PostgreSQL): two raw statements, one per kind. */
export function createPrismaInbox(db: Db): InboxStore {
  return {
    async inboxActivity(userId) {
      // Each room's latest message is the last entry of its stream in history order: one
      // backwards seek on the (streamId, position) key per room.
      const rooms = await db.$queryRaw<Row[]>`
        SELECT m."roomId" AS "id", m."joinedAt" AS "since",
          (SELECT msg."createdAt" FROM "StreamEntry" e
             JOIN "Message" msg ON msg."id" = e."messageId"
            WHERE e."streamId" = s."id"
            ORDER BY e."position" DESC LIMIT 1) AS "lastMessageAt"
        FROM "Membership" m
        JOIN "Stream" s ON s."roomId" = m."roomId"
        WHERE m."userId" = ${userId}`;
      // A conversation's latest message sits at its `lastPosition` in the user's stream.
      const conversations = await db.$queryRaw<Row[]>`
        SELECT p."conversationId" AS "id", c."createdAt" AS "since", msg."createdAt" AS "lastMessageAt"
        FROM "ConversationParticipant" p
        JOIN "Conversation" c ON c."id" = p."conversationId"
        JOIN "Stream" s ON s."userId" = p."userId"
        LEFT JOIN "StreamEntry" e ON e."streamId" = s."id" AND e."position" = p."lastPosition"
        LEFT JOIN "Message" msg ON msg."id" = e."messageId"
        WHERE p."userId" = ${userId}`;
      const activity = (kind: InboxActivity['kind']) => (row: Row) => ({
        kind,
        id: Number(row.id),
        at: storedDate(row.lastMessageAt ?? row.since),
      });
      return [...rooms.map(activity('room')), ...conversations.map(activity('conversation'))];
    },
  };
}
