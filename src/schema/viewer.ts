import { DomainError } from '../domain/errors.js';
import type { Viewer } from '../domain/viewer.js';
import type { GraphQLContext } from './context.js';

/** The signed-in viewer, or UNAUTHENTICATED: for every operation that acts as someone. */
export function requireViewer(context: GraphQLContext): Viewer {
  if (!context.viewer) {
    throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');
  }
  return context.viewer;
}

/**
 * The viewer, when they may speak: signed in and known by a nickname. A user who arrived through
 * the company's identity provider must `claimNickname` first.
 */
export function requireSpeaker(context: GraphQLContext): Viewer {
  const viewer = requireViewer(context);
  if (!viewer.hasNickname) {
    throw new DomainError(
      'FORBIDDEN',
      'Choose your nickname first: mutation { claimNickname(nickname: "…") { id } }',
    );
  }
  return viewer;
}
