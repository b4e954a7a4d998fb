import { badInput } from '../domain/errors.js';
import type { MessageView } from '../domain/message-views.js';
import { pointOf, type ResumePoint } from '../domain/resume-points.js';
import { isStoredInteger } from './global-id.js';

/**
 * Cursors are `base64url(JSON [kind, ...keys])`: opaque to clients, and tagged so that a cursor
 * of one list is refused by another. Anything that does not decode is BAD_USER_INPUT.
 */
function encode(kind: string, ...keys: (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...keys]), 'utf8').toString('base64url');
}

function decode(cursor: string, kind: string, field: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]{1,1000}$/.test(cursor)
      ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
      : undefined;
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== kind) {
    throw badInput(field, `Malformed ${field} cursor`);
  }
  return parsed.slice(1);
}

/** A cursor over a list ordered by one string or integer key. */
export function encodeCursor(kind: string, key: string | number): string {
  return encode(kind, key);
}

export function decodeCursor<K extends string | number>(
  kind: string,
  cursor: string,
  keyType: K extends string ? 'string' : 'number',
  field = 'after',
): K {
  const [key, ...rest] = decode(cursor, kind, field);
  // Keys go into SQL: strings without NUL, integers that an INT column holds (see global-id.ts).
  const valid =
    rest.length === 0 &&
    (keyType === 'string'
      ? typeof key === 'string' && !key.includes('\u0000')
      : isStoredInteger(key, 0));
  if (!valid) throw badInput(field, `Malformed ${field} cursor`);
  return key as K;
}

/** Optional cursor argument: undefined when absent. */
export function optionalCursor<K extends string | number>(
  kind: string,
  cursor: string | null | undefined,
  keyType: K extends string ? 'string' : 'number',
  field: string,
): K | undefined {
  return cursor ? decodeCursor<K>(kind, cursor, keyType, field) : undefined;
}

const STREAM_CURSOR = 'p';

/**
 * A resume point in a stream (a room's, or a user's direct messages): `[p, stream, position]`
 * when the client holds everything up to `position` (a `liveCursor`, a new message), otherwise
 * `[p, stream, position, places, changes, snapshot]` (see `ResumePoint`). The same cursor serves
 * history pages (`after`/`before`: its place) and subscriptions (`after`: what it holds).
 */
export function encodeStreamCursor(point: ResumePoint): string {
  const { streamId, position, places, changes, snapshot } = point;
  // The JSON of an array of integers, written directly: pages encode one or two per message.
  const keys =
    position === places && position === changes && position === snapshot
      ? `${streamId},${position}`
      : `${streamId},${position},${places},${changes},${snapshot}`;
  return Buffer.from(`["${STREAM_CURSOR}",${keys}]`, 'latin1').toString('base64url');
}

const messageCursors = new WeakMap<MessageView, string>();

/** A message's cursor (see `pointOf`), encoded once per view: its edge and `cursor` share it. */
export function messageCursor(message: MessageView): string {
  let cursor = messageCursors.get(message);
  if (cursor === undefined) {
    cursor = encodeStreamCursor(pointOf(message));
    messageCursors.set(message, cursor);
  }
  return cursor;
}

/** Decodes either form; BAD_USER_INPUT for anything that is not a point a stream could have. */
export function decodeStreamCursor(cursor: string, field = 'after'): ResumePoint {
  const keys = decode(cursor, STREAM_CURSOR, field);
  const valid =
    (keys.length === 2 || keys.length === 5) &&
    keys.every((key) => isStoredInteger(key, 0)) &&
    isStoredInteger(keys[0], 1);
  if (!valid) throw badInput(field, `Malformed ${field} cursor`);
  const [streamId, position, places, changes, snapshot] = (
    keys.length === 2 ? [keys[0], keys[1], keys[1], keys[1], keys[1]] : keys
  ) as [number, number, number, number, number];
  // What a client holds cannot reach past what existed when it read it.
  if (position > snapshot || places > snapshot || changes > snapshot) {
    throw badInput(field, `Malformed ${field} cursor`);
  }
  return { streamId, position, places, changes, snapshot };
}

export function optionalStreamCursor(
  cursor: string | null | undefined,
  field: string,
): ResumePoint | undefined {
  return cursor ? decodeStreamCursor(cursor, field) : undefined;
}
