import { GraphQLError } from 'graphql';
import { DomainError } from '../domain/errors.js';
import type { Identity } from '../domain/identity.js';
import type { Viewer } from '../domain/viewer.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Turns an `Authorization` value (HTTP header, or graphql-ws `connection_init` payload) into the
 * viewer. No value means signed out; a value that proves nothing (malformed, unknown, expired,
 * revoked) is refused with UNAUTHENTICATED rather than silently treated as signed out, so that a
 * client learns its token is bad.
 */
export async function authenticate(
  identity: Identity,
  authorization: string | null | undefined,
): Promise<Viewer | null> {
  if (authorization === null || authorization === undefined || authorization === '') return null;
  const token = bearerToken(authorization);
  let viewer: Viewer | null;
  try {
    viewer = token ? await identity.viewerForToken(token) : null;
  } catch (error) {
    // A new company token of a suspended user: refused as a bad token is, with its own code.
    if (error instanceof DomainError && error.code === 'ACCOUNT_SUSPENDED') {
      throw new GraphQLError(error.message, {
        extensions: { code: error.code, ...error.details, http: { status: 403 } },
      });
    }
    throw error;
  }
  if (!viewer) {
    throw new GraphQLError('The token is invalid, expired or revoked: sign in again', {
      extensions: {
        code: 'UNAUTHENTICATED',
        http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
      },
    });
  }
  return viewer;
}

/** The token of a `Bearer <token>` value; undefined when the value is not one. */
export function bearerToken(authorization: string): string | undefined {
  return BEARER.exec(authorization)?.[1];
}

/** Whether the caller's credentials were refused: a bad token, or a suspended account's. */
export function isUnauthenticated(error: unknown): boolean {
  return (
    error instanceof GraphQLError &&
    (error.extensions.code === 'UNAUTHENTICATED' || error.extensions.code === 'ACCOUNT_SUSPENDED')
  );
}
