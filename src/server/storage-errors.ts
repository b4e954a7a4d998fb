import { GraphQLError } from 'graphql';
import type { StorageFailure } from '../db/errors.js';
import type { StorageHealth } from '../db/storage-health.js';

type MaskError = (error: unknown, message: string, isDev?: boolean) => Error;

const explanations: Record<StorageFailure, string> = {
  'disk-full': 'storage is full',
  'read-only': 'storage is read-only',
  'io-error': 'storage reported an I/O error',
  'out-of-resources': 'the database is out of resources',
};

/**
 * Wraps Yoga's `maskError`: an error caused by storage that cannot write (see
 * `storageFailureOf`) reaches the client as SERVICE_UNAVAILABLE with `retryAfterMs`, rather
 * than a bare INTERNAL_SERVER_ERROR, and marks storage unhealthy for `/ready`. Nothing was
 * written: the client may send the same request again (with the same `clientMessageId`).
 */
export function maskingStorageFailures(health: StorageHealth, inner: MaskError): MaskError {
  return (error, message, isDev) => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const failure = health.observe(original);
    if (!failure) return inner(error, message, isDev);
    return new GraphQLError(
      `Service unavailable: ${explanations[failure]}; nothing was saved, try again later`,
      {
        nodes: error instanceof GraphQLError ? error.nodes : undefined,
        path: error instanceof GraphQLError ? error.path : undefined,
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterMs: health.holdMs },
      },
    );
  };
}
