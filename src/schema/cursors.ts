import { badInput } from '../domain/errors.js';
import type { StreamPosition } from '../domain/streams.js';
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
 * A position in a stream (a room's, or a user's direct messages). The same cursor serves
 * history pages (`after`/`before`) and subscriptions (`after`): both mean "after this position".
 */
export function encodeStreamCursor({ streamId, position }: StreamPosition): string {
  return encode(STREAM_CURSOR, streamId, position);
}

export function decodeStreamCursor(cursor: string, field = 'after'): StreamPosition {
  const keys = decode(cursor, STREAM_CURSOR, field);
  const [streamId, position] = keys;
  if (keys.length !== 2 || !isStoredInteger(streamId, 1) || !isStoredInteger(position, 0)) {
    throw badInput(field, `Malformed ${field} cursor`);
  }
  return { streamId, position };
}

export function optionalStreamCursor(
  cursor: string | null | undefined,
  field: string,
): StreamPosition | undefined {
  return cursor ? decodeStreamCursor(cursor, field) : undefined;
}
