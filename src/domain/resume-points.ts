import type { StreamPosition } from './streams.js';

/**
 * Resume points: what a cursor promises, so that resuming after any cursor a client can obtain
 * never skips a message and never delivers the same change twice.
 *
 * A stream orders its messages two ways. History goes by place (`position`, where a message was
 * posted); live delivery and replay go by change (`changePosition`, the message's latest post,
 * edit or delete). A message read from history is a point in place order, one delivered live is
 * a point in change order, and for an edited message the two differ. So a cursor carries both:
 *
 * - `position`: its place. History pages continue after (or before) it.
 * - what the client holds: every message at a place up to `places`, as it was at change
 *   `snapshot`, and every change up to `changes` (`places` and `changes` ≤ `snapshot`).
 *
 * Resuming a subscription replays, in change order, exactly what the client lacks: each message
 * whose latest change is after `changes` and which sits after `places` or changed after
 * `snapshot`. A cursor of the first version (one position x) is the point (x, x, x, x): the
 * client holds everything up to change x.
 */
export type ResumePoint = StreamPosition & {
  places: number;
  changes: number;
  snapshot: number;
};

/**
 * How the reader came to see a message, which decides what its cursor promises. A message
 * without one was read on its own (`node`, a mutation's answer): its reader holds just that
 * message, as of its latest change.
 */
export type Reading =
  /** On a history page read when the stream's head was `snapshot`. */
  | { kind: 'page'; snapshot: number }
  /**
   * Delivered by a subscription that resumed from a point holding (`places`, `snapshot`):
   * changes up to `snapshot` are the replay of what the client lacked, later ones are live
   * and the client then holds everything up to them.
   */
  | { kind: 'stream'; places: number; snapshot: number };

/** The reading of every live change: the subscriber holds everything up to it. */
export const LIVE_READING: Reading = { kind: 'stream', places: 0, snapshot: 0 };

/** The point where the client holds everything up to `position` (a page's `liveCursor`). */
export function pointAt({ streamId, position }: StreamPosition): ResumePoint {
  return { streamId, position, places: position, changes: position, snapshot: position };
}

/**
 * What a message's cursor (and a history edge's) promises, given how it was read: the fields of
 * a `MessageView` it needs.
 */
export function pointOf(message: {
  streamId: number;
  position: number;
  changePosition: number;
  reading?: Reading;
}): ResumePoint {
  const { streamId, position, changePosition, reading } = message;
  if (reading?.kind === 'page') {
    return { streamId, position, places: position, changes: position, snapshot: reading.snapshot };
  }
  if (reading?.kind === 'stream' && changePosition <= reading.snapshot) {
    return {
      streamId,
      position,
      places: reading.places,
      changes: changePosition,
      snapshot: reading.snapshot,
    };
  }
  if (reading?.kind === 'stream') {
    return {
      streamId,
      position,
      places: changePosition,
      changes: changePosition,
      snapshot: changePosition,
    };
  }
  return { streamId, position, places: position, changes: position, snapshot: changePosition };
}

/** What a subscription resuming after a point reads from the database, and how. */
export type Replay = {
  /** Replay changes after this one; nothing at or before it is missing. */
  from: number;
  /** Of the changes up to `snapshot`, only those at a place after `places` are missing. */
  places: number;
  snapshot: number;
};

/**
 * The replay after a point. Every missing change is after both `changes` and `places` (a
 * message sits at or before its latest change), which is where the replay starts.
 */
export function replayAfter(point: ResumePoint): Replay {
  return {
    from: Math.max(point.changes, point.places),
    places: point.places,
    snapshot: point.snapshot,
  };
}
