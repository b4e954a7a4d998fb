import type { Db } from '../db/database.js';

/** A database client or an open transaction: stream positions are only taken inside one. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Takes the next position of a stream. The increment locks the stream's row until the
 * transaction ends, so positions are handed out in commit order with no gaps (a rolled-back
 * transaction gives its position back). With several streams, take them in ascending id order
 * (see `advanceStreams`) so that concurrent writers never deadlock.
 */
async function advanceStream(tx: Tx, streamId: number): Promise<number> {
  const stream = await tx.stream.update({
    where: { id: streamId },
    data: { lastPosition: { increment: 1 } },
    select: { lastPosition: true },
  });
  return stream.lastPosition;
}

/** The next position of each stream, taken in ascending id order; keyed by stream id. */
export async function advanceStreams(tx: Tx, streamIds: number[]): Promise<Map<number, number>> {
  const positions = new Map<number, number>();
  for (const streamId of [...new Set(streamIds)].sort((a, b) => a - b)) {
    positions.set(streamId, await advanceStream(tx, streamId));
  }
  return positions;
}

/** The id of a user's stream (of their direct messages); throws when the user has none. */
export async function userStreamId(db: Tx, userId: number): Promise<number> {
  const stream = await db.stream.findUniqueOrThrow({ where: { userId }, select: { id: true } });
  return stream.id;
}
