import { DomainError } from '../domain/errors.js';
import type { Viewer } from '../domain/sessions.js';
import type { GraphQLContext } from './context.js';

/** The signed-in viewer, or UNAUTHENTICATED: for every operation that acts as someone. */
export function requireViewer(context: GraphQLContext): Viewer {
  if (!context.viewer) {
    throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');
  }
  return context.viewer;
}
