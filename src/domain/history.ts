import { roomRefusal } from './access.js';
import { badInput } from './errors.js';
import type { MessageView } from './message-views.js';
import { type Page, type PageRequest, pageFromRows } from './pagination.js';
import type { MessageStore, Store } from './ports.js';
import type { Reading, Replay } from './resume-points.js';
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
}

async function page(
  store: Store,
  stream: { roomId: number } | { userId: number },
  conversationId: number | undefined,
  request: PageRequest<StreamPosition>,
  hiddenFor?: number,
): Promise<HistoryPage> {
  const keys = { ...request, after: request.after?.position, before: request.before?.position };
  // The stream's id comes with the page; rows read for a foreign cursor are simply dropped.
  const { streamId, lastPosition, rows } = await store.readPage(
    stream,
    conversationId,
    keys,
    hiddenFor,
  );
  checkCursorStream(request, streamId);
  // Each message's cursor then promises what the page showed: it and everything before it, as
  // of this read (see resume-points.ts).
  const reading: Reading = { kind: 'page', snapshot: lastPosition };
  for (const row of rows) row.reading = reading;
  return { ...pageFromRows(rows, keys), live: { streamId, position: lastPosition } };
}

/**
 * A page of a room's messages, for those the access rules let read it (FORBIDDEN otherwise),
 * without those of users the viewer blocked (`hidesAuthor`): the page query leaves them out,
 * so pages stay full and cursors, being positions, stay exact.
 */
export async function roomHistory(
  store: Store,
  viewerId: number,
  roomId: number,
  request: PageRequest<StreamPosition>,
): Promise<HistoryPage> {
  const refusal = roomRefusal('read', await store.roomStanding(roomId, viewerId));
  if (refusal) throw refusal;
  return page(store, { roomId }, undefined, request, viewerId);
}

/** A page of a conversation's messages, from the viewer's own stream. */
export async function conversationHistory(
  store: Store,
  viewerId: number,
  conversationId: number,
  request: PageRequest<StreamPosition>,
): Promise<HistoryPage> {
  return page(store, { userId: viewerId }, conversationId, request);
}

/**
 * The changes of a stream after `position`, in change order: each message changed since, once,
 * in its latest state (a message edited twice is delivered once, as edited last), leaving out
 * the messages the subscriber already holds (`replay`: at or before its `places`, unchanged
 * since its `snapshot`). What subscriptions replay from, and how they fill a gap in what the
 * bus delivered. Each view is marked as read by a subscription resumed from `replay`.
 */
export async function changesAfter(
  store: MessageStore,
  streamId: number,
  position: number,
  limit: number,
  replay: Replay,
): Promise<MessageView[]> {
  const views = await store.changesAfter(streamId, position, limit, replay);
  const reading: Reading = { kind: 'stream', places: replay.places, snapshot: replay.snapshot };
  for (const view of views) view.reading = reading;
  return views;
}
