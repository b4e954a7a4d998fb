import { RegisterDocument } from '../generated/graphql.js';
import { type Endpoint, graphqlRequest } from './endpoint.js';

let sequence = 0;

/** A valid nickname no other test uses: `prefix` plus a base-36 suffix. */
export function freshNickname(prefix = 'user'): string {
  sequence += 1;
  // Decimal digits only: base-36 letters would collide by look-alike (1 and l, 0 and o).
  return `${prefix}_${process.pid}_${sequence}`;
}

export const PASSWORD = 'correct horse battery';

/** Registers a new account through the API of `endpoint` and returns its token and user. */
export async function signUp(endpoint: Endpoint, nickname = freshNickname()) {
  const { data, errors } = await graphqlRequest(endpoint.url, RegisterDocument, {
    nickname,
    password: PASSWORD,
  });
  if (!data?.register) throw new Error(`register failed: ${JSON.stringify(errors)}`);
  return { ...data.register, password: PASSWORD };
}

export type Account = Awaited<ReturnType<typeof signUp>>;

let roomSequence = 0;

/** A valid room name no other test uses. */
export function freshRoomName(prefix = 'room'): string {
  roomSequence += 1;
  // Decimal digits only, as for nicknames: `room-…-1` and `room-…-l` are look-alikes.
  return `${prefix}-${process.pid}-${roomSequence}`;
}

/** Fails the test with the GraphQL errors when a response has no data for `field`. */
export function dataOf<T, K extends keyof T>(
  response: { data?: T | null; errors?: unknown[] },
  field: K,
): NonNullable<T[K]> {
  const value = response.data?.[field];
  if (value === null || value === undefined) {
    throw new Error(`no ${String(field)}: ${JSON.stringify(response.errors)}`);
  }
  return value as NonNullable<T[K]>;
}
