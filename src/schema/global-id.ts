import { badInput } from '../domain/errors.js';

/**
 * Global IDs are `base64url("<Type>:<key>")`: opaque to clients, decodable by `node(id:)`.
 * Malformed ones are the client's mistake, so they answer BAD_USER_INPUT, not a server error.
 */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded = /^[A-Za-z0-9_-]{1,200}$/.test(globalId)
    ? Buffer.from(globalId, 'base64url').toString('utf8')
    : '';
  const match = /^([A-Z][A-Za-z]*):(.+)$/.exec(decoded);
  if (!match?.[1] || !match[2]) throw badInput('id', 'Malformed id');
  return { typename: match[1], id: match[2] };
}

/**
 * The largest key or stream position Charla stores: PostgreSQL's `integer` columns hold 32 bits
 * (SQLite's hold 64, but both databases must give one answer). An id or cursor beyond it names
 * nothing that can exist, so it is refused as malformed before any query runs.
 */
export const MAX_STORED_INTEGER = 2_147_483_647;

/** Whether `value` is an integer from `min` to MAX_STORED_INTEGER. */
export function isStoredInteger(value: unknown, min: number): value is number {
  return (
    Number.isSafeInteger(value) &&
    (value as number) >= min &&
    (value as number) <= MAX_STORED_INTEGER
  );
}

/** Parses the key part of a global ID of a table with integer keys. */
export function parseIntegerKey(key: string, field = 'id'): number {
  const value = /^[1-9][0-9]{0,9}$/.test(key) ? Number(key) : Number.NaN;
  if (!isStoredInteger(value, 1)) throw badInput(field, 'Malformed id');
  return value;
}

/**
 * Decodes a global ID that must name a `typename` with an integer key, as given in argument
 * `field`. Another type's ID is refused like a malformed one: it can never name this object.
 */
export function decodeIntegerIdFor(typename: string, globalId: string, field: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalId(globalId);
  } catch {
    throw badInput(field, `${field} is not a valid ${typename} id`);
  }
  if (decoded.typename !== typename) throw badInput(field, `${field} is not a ${typename} id`);
  return parseIntegerKey(decoded.id, field);
}
