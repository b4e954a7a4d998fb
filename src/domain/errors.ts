/**
 * The error codes of the public contract (API-CONTRACT.md, "Errors") that Charla raises itself.
 * Every failure a client can act on is a `DomainError` with one of these; anything else is a
 * bug and reaches clients masked as INTERNAL_SERVER_ERROR.
 */
export const errorCodes = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'NICKNAME_TAKEN',
  'ROOM_NAME_TAKEN',
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'CURSOR_EXPIRED',
  // v2 (API-CONTRACT.md, "New error codes"):
  /** Login or a call by a suspended user; `extensions.until` when the suspension is timed. */
  'ACCOUNT_SUSPENDED',
  /** The other user does not accept this from the viewer (a block or their policy); no more said. */
  'BLOCKED',
  // Extensions of the contract (documented in the README):
  /** A subscription fell too far behind its client and was ended; resume from the last cursor. */
  'SLOW_CONSUMER',
  /** A connection asked for more simultaneous subscriptions than allowed. */
  'TOO_MANY_SUBSCRIPTIONS',
  /** An operation's cost, with its variables, is over OPERATION_MAX_COST; nothing ran. */
  'OPERATION_TOO_COSTLY',
  /** A result (or subscription event) would be larger than RESPONSE_MAX_BYTES. */
  'RESPONSE_TOO_LARGE',
  /**
   * An SSE stream refused (HTTP 429) because its client address holds as many open connections
   * as allowed; WebSockets are closed with 1013 for the same reason.
   */
  'TOO_MANY_CONNECTIONS',
  /**
   * Storage cannot write right now (disk full, read-only, I/O error, out of resources): nothing
   * was saved; retry after `retryAfterMs`. `/ready` answers 503 meanwhile.
   */
  'SERVICE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Machine-readable details that travel to clients in `extensions` next to `code`. */
export type ErrorDetails = {
  /** The argument that failed validation (with BAD_USER_INPUT). */
  field?: string;
  /** How long to wait before retrying (with RATE_LIMITED and SERVICE_UNAVAILABLE), in ms. */
  retryAfterMs?: number;
  /** When a timed restriction ends (with ACCOUNT_SUSPENDED, and FORBIDDEN for bans and mutes). */
  until?: string;
};

/** A failure the client caused or can act on; its message is safe to show to users. */
export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

/** Shorthand for the most common failure: an argument that breaks the contract's input rules. */
export function badInput(field: string, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message, { field });
}

/**
 * NOT_FOUND for a thing named by an argument. Also the answer for a thing that exists but that
 * the viewer may not know of (see access.ts), so that the two cannot be told apart.
 */
export function notFound(field: string, what: string): DomainError {
  return new DomainError('NOT_FOUND', `No such ${what}`, { field });
}

/** NOT_FOUND for a room argument (`roomId` unless named otherwise). */
export function noSuchRoom(field = 'roomId'): DomainError {
  return notFound(field, 'room');
}

/** FORBIDDEN: the viewer is known but this is not theirs to do; `why` tells them what would be. */
export function forbidden(why: string): DomainError {
  return new DomainError('FORBIDDEN', why);
}

/** CURSOR_EXPIRED: a subscription cannot resume from this cursor; `why` says which check failed. */
export function cursorExpired(why: string): DomainError {
  return new DomainError(
    'CURSOR_EXPIRED',
    `This cursor cannot be resumed (${why}): reload history and subscribe after its endCursor`,
  );
}

/**
 * BLOCKED: the other user does not accept this from the viewer. Deliberately says nothing more:
 * whether it was a block or their direct-message policy is theirs to keep.
 */
export function blocked(): DomainError {
  return new DomainError('BLOCKED', 'This user does not accept this from you');
}

/** ACCOUNT_SUSPENDED, with when it ends (null: until lifted). */
export function accountSuspended(until: Date | null): DomainError {
  return until === null
    ? new DomainError('ACCOUNT_SUSPENDED', 'This account is suspended')
    : new DomainError(
        'ACCOUNT_SUSPENDED',
        `This account is suspended until ${until.toISOString()}`,
        {
          until: until.toISOString(),
        },
      );
}
