import { GraphQLError } from 'graphql';
import type { LiveConnection } from '../schema/context.js';
import { bearerToken } from './authentication.js';
import type { Caller } from './context.js';

/**
 * Who one graphql-ws operation runs as.
 *
 * Clients sign a socket in once, with `connection_init`'s `{ authorization }`. GraphiQL (and
 * the GraphQL Tools executors it is built on) cannot: it opens one socket with an empty
 * `connection_init` and sends the Headers panel with every operation, in the subscribe
 * message's `payload.extensions.headers`. So an operation on an anonymous socket may carry its
 * own `Authorization` there (the name in any case) and runs as that token's viewer:
 *
 * - a token that proves nothing answers that operation with UNAUTHENTICATED (never a silent
 *   anonymous run), and the socket stays open for its other operations;
 * - on a socket signed in by `connection_init`, a different token is refused with BAD_REQUEST:
 *   one socket never mixes two identities (the same token is accepted, it changes nothing);
 * - revocation ends what the token authorised, not the socket: its subscriptions end with
 *   UNAUTHENTICATED (delivery watches every subscription's session), and the operation's
 *   subscriptions count towards the viewer's presence while they run, as an SSE stream does.
 */
export type OperationCaller = {
  caller: Caller;
  /** True when the operation brought its own token rather than running as the socket. */
  ownCredentials: boolean;
};

const badRequest = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });

/** The `Authorization` values among an object's keys, matched case-insensitively. */
function authorizationsIn(fields: unknown): unknown[] {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return [];
  return Object.entries(fields)
    .filter(([name]) => name.toLowerCase() === 'authorization')
    .map(([, value]) => value);
}

/** The one string among `values` (all equal), undefined for none or "", null when ambiguous. */
function single(values: unknown[]): string | undefined | null {
  if (values.length === 0) return undefined;
  const [value] = values;
  if (typeof value !== 'string' || values.some((other) => other !== value)) return null;
  return value === '' ? undefined : value;
}

/** The `Authorization` value among `extensions.headers`, matched case-insensitively. */
function authorizationHeader(extensions: unknown): string | undefined | GraphQLError {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const headers = (extensions as { headers?: unknown }).headers;
  if (headers === undefined || headers === null) return undefined;
  if (typeof headers !== 'object' || Array.isArray(headers)) {
    return badRequest('extensions.headers must be an object of header names and values');
  }
  const value = single(authorizationsIn(headers));
  if (value === null) {
    return badRequest('extensions.headers must hold at most one Authorization, a string');
  }
  return value;
}

/**
 * The token a `connection_init` payload carries: `authorization` as the contract says, and,
 * because clients write it so, `Authorization` in any case or inside `headers` (Apollo and urql
 * examples pass `{ headers: { Authorization } }`). A credential Charla did not look at would
 * leave the socket silently anonymous. Null when the payload is ambiguous (two different values,
 * or not a string): the socket is refused (4403).
 */
export function connectionAuthorization(payload: unknown): string | undefined | null {
  const headers =
    typeof payload === 'object' && payload !== null
      ? (payload as { headers?: unknown }).headers
      : undefined;
  return single([...authorizationsIn(payload), ...authorizationsIn(headers)]);
}

/**
 * The caller an operation runs as: the socket's, or (on an anonymous socket) the one its
 * `extensions.headers.Authorization` names, on `operationConnection`. An error answers the
 * operation alone.
 */
export function operationCaller(
  socketCaller: Caller,
  extensions: unknown,
  operationConnection: LiveConnection,
): OperationCaller | GraphQLError {
  const authorization = authorizationHeader(extensions);
  if (authorization instanceof GraphQLError) return authorization;
  if (authorization === undefined) return { caller: socketCaller, ownCredentials: false };
  const socketAuthorization = socketCaller.authorization;
  if (socketAuthorization) {
    const token = bearerToken(socketAuthorization);
    if (token !== undefined && token === bearerToken(authorization)) {
      return { caller: socketCaller, ownCredentials: false };
    }
    return badRequest(
      'This connection is signed in by its connection_init payload: an operation cannot bring ' +
        'another token in extensions.headers (leave it out, or open a connection for that token)',
    );
  }
  return {
    caller: {
      ...socketCaller,
      authorization,
      connection: operationConnection,
    },
    ownCredentials: true,
  };
}
