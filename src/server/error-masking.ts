import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { DomainError } from '../domain/errors.js';

/**
 * Yoga's `maskError`: a `DomainError` thrown by a resolver reaches the client with its code and
 * details; GraphQL's own errors (parse, validation, variable coercion) pass as they are; anything
 * else is a bug and becomes a bare INTERNAL_SERVER_ERROR with no internals.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: original.code, ...original.details },
    });
  }
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, {
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  // Request-level errors (no path) without a code come from coercing the client's variables.
  const isRequestError = error instanceof GraphQLError && error.path === undefined;
  if (isRequestError && error.extensions.code === undefined) {
    return withInputCode(error);
  }
  return yogaMaskError(error, message, isDev);
}

/**
 * graphql-js reports bad variables ("Variable \"$first\" got invalid value …") without a code;
 * they are the client's input, so they get BAD_USER_INPUT and the variable as `field`.
 */
function withInputCode(error: GraphQLError): GraphQLError {
  const variable = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(error.message)?.[1];
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: {
      ...error.extensions,
      code: 'BAD_USER_INPUT',
      ...(variable && { field: variable }),
    },
  });
}
