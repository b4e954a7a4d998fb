import { GraphQLError, type GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import type { DomainError } from '../domain/errors.js';

const reported = new WeakMap<object, GraphQLError[]>();

/**
 * Reports `error` on the field `info` resolves while the resolver still returns a value: for a
 * non-null field whose refusal should not null its parent (a non-member's `Room.messages` is an
 * empty connection plus FORBIDDEN, so the room's name and `viewerIsMember` stay readable). The
 * server appends reported errors to the operation's result (server/field-errors.ts).
 */
export function reportFieldError(
  context: object,
  info: GraphQLResolveInfo,
  error: DomainError,
): void {
  const errors = reported.get(context) ?? [];
  errors.push(
    new GraphQLError(error.message, {
      nodes: info.fieldNodes,
      path: responsePathAsArray(info.path),
      extensions: { code: error.code, ...error.details },
    }),
  );
  reported.set(context, errors);
}

/** The errors reported during one operation, by its context. */
export function reportedFieldErrors(context: object): readonly GraphQLError[] {
  return reported.get(context) ?? [];
}
