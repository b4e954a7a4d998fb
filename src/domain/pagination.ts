import { badInput } from './errors.js';

/** Page size when a connection is asked without `first` or `last`. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page a client may ask for; larger requests are refused rather than truncated. */
export const MAX_PAGE_SIZE = 100;

/** A slice of an ordered list, ready to become a Relay connection. */
export type Page<T> = {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
};

/**
 * A keyset window on a list ordered by a unique key K: at most `limit` items strictly between
 * `after` and `before`, taken from the start (`fromEnd: false`, Relay's `first`) or from the
 * end (`fromEnd: true`, Relay's `last`).
 */
export type PageRequest<K> = {
  limit: number;
  after?: K;
  before?: K;
  fromEnd: boolean;
};

/** Relay's connection arguments, with cursors already decoded into keys. */
export type ConnectionArgs<K> = {
  first?: number | null;
  last?: number | null;
  after?: K;
  before?: K;
};

/**
 * Validates Relay arguments into a `PageRequest`; BAD_USER_INPUT names the bad argument.
 * Without `first` or `last` the page is taken from the start, or from the end when
 * `defaultFromEnd` (chat history opens on its newest messages).
 */
export function pageRequest<K>(
  { first, last, after, before }: ConnectionArgs<K>,
  defaultFromEnd = false,
): PageRequest<K> {
  const hasFirst = first !== null && first !== undefined;
  const hasLast = last !== null && last !== undefined;
  if (hasFirst && hasLast) throw badInput('last', 'Give first or last, not both');
  const fromEnd = hasLast || (!hasFirst && defaultFromEnd);
  const limit = fromEnd ? checkedSize(last, 'last') : checkedSize(first, 'first');
  return { limit, after, before, fromEnd };
}

function checkedSize(value: number | null | undefined, field: string): number {
  if (value === null || value === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw badInput(field, `${field} must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
  return value;
}

/**
 * Builds the page from rows fetched in scan order (ascending, or descending when `fromEnd`)
 * with `take: limit + 1`: the extra row only tells whether more items lie beyond.
 */
export function pageFromRows<T>(rows: T[], request: PageRequest<unknown>): Page<T> {
  const more = rows.length > request.limit;
  const slice = rows.slice(0, request.limit);
  if (request.fromEnd) {
    return {
      items: slice.reverse(),
      hasPreviousPage: more,
      hasNextPage: request.before !== undefined,
    };
  }
  return { items: slice, hasNextPage: more, hasPreviousPage: request.after !== undefined };
}
