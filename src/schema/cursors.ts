import { badInput } from '../domain/errors.js';

/**
 * Connection cursors are `base64url(JSON [kind, key])`. The kind stops a cursor of one list
 * from being replayed against another; anything that does not decode is BAD_USER_INPUT.
 */
export function encodeCursor(kind: string, key: string | number): string {
  return Buffer.from(JSON.stringify([kind, key]), 'utf8').toString('base64url');
}

export function decodeCursor<K extends string | number>(
  kind: string,
  cursor: string,
  keyType: K extends string ? 'string' : 'number',
  field = 'after',
): K {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]{1,1000}$/.test(cursor)
      ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
      : undefined;
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    parsed[0] !== kind ||
    typeof parsed[1] !== keyType
  ) {
    throw badInput(field, `Malformed ${field} cursor`);
  }
  return parsed[1] as K;
}
