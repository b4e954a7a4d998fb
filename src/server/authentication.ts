import { GraphQLError } from 'graphql';
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
  const viewer = token ? await identity.viewerForToken(token) : null;
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

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED';
}
