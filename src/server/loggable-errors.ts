import { GraphQLError } from 'graphql';
import { DomainError } from '../domain/errors.js';

/**
 * The operations whose documents and variables carry credentials. Their text never reaches a
 * log, nor does any message graphql-js derives from their arguments.
 */
const CREDENTIAL_FIELDS = /\b(register|login|changePassword|deleteAccount)\b/;

/** graphql-js quotes a bad variable's value after these words, up to the end of the message. */
const VARIABLE_VALUE = /(got invalid value)[\s\S]*$/;

export type LoggableError = {
  /**
   * `client`: the caller's mistake (bad input, wrong password, a parse or validation error),
   * worth a debug line at most; `server`: a bug or an outage, worth an error line.
   */
  kind: 'client' | 'server';
  message: string;
  fields: Record<string, unknown>;
};

/**
 * What may be logged of an error met while serving an operation. Never the document: a
 * GraphQLError's `toString()` prints the lines of the request it points at, and a `login`
 * written with literals (as GraphiQL's examples are) has the password on that line. Never the
 * values graphql-js quotes in its messages either (a password of the wrong type, a token in a
 * variable): for credential operations their messages are withheld, for others the quoted
 * variable value is cut.
 */
export function loggableError(error: unknown): LoggableError {
  if (!(error instanceof GraphQLError)) {
    return {
      kind: 'server',
      message: error instanceof Error ? error.message : String(error),
      fields: { err: error },
    };
  }
  const where = { path: error.path, locations: error.locations };
  const original = error.originalError;
  if (original instanceof DomainError) {
    // Charla's own messages, written never to echo a secret.
    return { kind: 'client', message: original.message, fields: { code: original.code, ...where } };
  }
  // Thrown by a resolver (it has a path) and not a DomainError: a bug or an outage.
  if (original && !(original instanceof GraphQLError) && error.path !== undefined) {
    return { kind: 'server', message: original.message, fields: { err: original, ...where } };
  }
  // graphql-js's own (parsing, validation, coercion of variables and literals), and scalars
  // refusing a variable's value.
  const code = error.extensions.code ?? 'GRAPHQL_ERROR';
  const message = CREDENTIAL_FIELDS.test(error.source?.body ?? '')
    ? '[withheld: an error in an operation that carries credentials]'
    : error.message.replace(VARIABLE_VALUE, '$1 [redacted]');
  return { kind: 'client', message, fields: { code, ...where } };
}
