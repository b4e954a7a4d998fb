import { type Db, snapshotReads } from '../db/database.js';
import { badInput, DomainError } from './errors.js';
import { type MessageView, messageSelect, toView } from './message-views.js';
import { type Page, type PageRequest, pageFromRows } from './pagination.js';
import type { StreamPosition } from './streams.js';

/**
 * Pages of history, oldest to newest, keyed by stream position (never OFFSET): a page stays the
 * same while new messages arrive, and its cursors double as subscription resume points.
 */

/**
 * A page, and `live`: the stream's position when the page was read, in the same transaction.
 * Subscribing after `live` delivers every change made after the read, with no window between
 * the two, even when the page is empty and has no cursor of its own.
 */
export type HistoryPage = Page<MessageView> & { live: StreamPosition };

function checkCursorStream(request: PageRequest<StreamPosition>, streamId: number) {
  for (const field of ['after', 'before'] as const) {
    const cursor = request[field];
    if (cursor && cursor.streamId !== streamId) {
      throw badInput(field, `The ${field} cursor belongs to another room or conversation`);
    }
  }
  return {
    ...request,
    after: request.after?.position,
    before: request.before?.position,
  };
}

async function page(
  db: Db,
  stream: { roomId: number } | { userId: number },
  conversationId: number | undefined,
  request: PageRequest<StreamPosition>,
): Promise<HistoryPage> {
  return db.$transaction(async (tx) => {
    const { id: streamId, lastPosition } = await tx.stream.findUniqueOrThrow({
      where: stream,
      select: { id: true, lastPosition: true },
    });
    const keys = checkCursorStream(request, streamId);
    const rows = await tx.streamEntry.findMany({
      where: { streamId, conversationId, position: { gt: keys.after, lt: keys.before } },
      orderBy: { position: keys.fromEnd ? 'desc' : 'asc' },
      take: keys.limit + 1,
      select: {
        streamId: true,
        position: true,
        changePosition: true,
        message: { select: messageSelect },
      },
    });
    return { ...pageFromRows(rows.map(toView), keys), live: { streamId, position: lastPosition } };
  }, snapshotReads(db));
}

/** A page of a room's messages; members only (FORBIDDEN otherwise). */
export async function roomHistory(
  db: Db,
  viewerId: number,
  roomId: number,
  request: PageRequest<StreamPosition>,
): Promise<HistoryPage> {
  const membership = await db.membership.findUnique({
    where: { roomId_userId: { roomId, userId: viewerId } },
    select: { userId: true },
  });
  if (!membership) {
    throw new DomainError('FORBIDDEN', 'Only members can read a room’s messages: join it first');
  }
  return page(db, { roomId }, undefined, request);
}

/** A page of a conversation's messages, from the viewer's own stream. */
export async function conversationHistory(
  db: Db,
  viewerId: number,
  conversationId: number,
  request: PageRequest<StreamPosition>,
): Promise<HistoryPage> {
  return page(db, { userId: viewerId }, conversationId, request);
}

/**
 * The changes of a stream after `position`, in position order: each message changed since, once,
 * in its latest state (a message edited twice is delivered once, as edited last). What
 * subscriptions replay from, and how they fill a gap in what the bus delivered.
 */
export async function changesAfter(
  db: Db,
  streamId: number,
  position: number,
  limit: number,
): Promise<MessageView[]> {
  const rows = await db.streamEntry.findMany({
    where: { streamId, changePosition: { gt: position } },
    orderBy: { changePosition: 'asc' },
    take: limit,
    select: {
      streamId: true,
      position: true,
      changePosition: true,
      message: { select: messageSelect },
    },
  });
  return rows.map(toView);
}
