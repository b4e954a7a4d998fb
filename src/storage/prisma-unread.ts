import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import { Prisma } from '../generated/prisma/client.js';

/**
 * Unread counts, from positions: the viewer's entries after their read marker that someone
 * else wrote (in rooms, someone the viewer has not blocked: `hidesAuthor` in access.ts). One grouped query per chunk of rooms or conversations, each an index range count
 * on (stream, [conversation,] position, author).
 */

/** Unread messages per room for the viewer, in the order of `roomIds` (0 where not a member). */
export function roomUnreadCounts(
  db: Db,
  viewerId: number,
  roomIds: readonly number[],
): Promise<number[]> {
  return loadInChunks(roomIds, (chunk) => roomUnreadCountsOf(db, viewerId, chunk));
}

async function roomUnreadCountsOf(
  db: Db,
  viewerId: number,
  roomIds: readonly number[],
): Promise<number[]> {
  const rows = await db.$queryRaw<{ roomId: number | bigint; unread: number | bigint }[]>`
    SELECT m."roomId" AS "roomId", COUNT(e."position") AS "unread"
    FROM "Membership" m
    JOIN "Stream" s ON s."roomId" = m."roomId"
    JOIN "StreamEntry" e ON e."streamId" = s."id"
      AND e."position" > m."readPosition" AND e."authorId" <> m."userId"
      AND NOT EXISTS (SELECT 1 FROM "Block" b
        WHERE b."blockerId" = m."userId" AND b."blockedId" = e."authorId")
    WHERE m."userId" = ${viewerId} AND m."roomId" IN (${Prisma.join([...roomIds])})
    GROUP BY m."roomId"`;
  const counts = new Map(rows.map((row) => [Number(row.roomId), Number(row.unread)]));
  return roomIds.map((id) => counts.get(id) ?? 0);
}
