import { messageChangeRefusal } from './access.js';
import { badInput, type DomainError, notFound } from './errors.js';
import { type MessageFound, type MessageView, toView, viewFor } from './message-views.js';
import type { MessageChange } from './ports.js';

/** What an edit or delete stores: the new body and when it happened. */
export type MessageUpdate = { body: string; editedAt?: Date; deletedAt?: Date };

/**
 * What a change does to the message as storage found it, decided inside the change's
 * transaction: refused (NOT_FOUND when the viewer cannot see it, FORBIDDEN when it is not
 * theirs to change, BAD_USER_INPUT for an edit of a deleted message), nothing (deleting again),
 * or the update to store.
 */
export function decideChange(
  change: MessageChange,
  found: MessageFound | null,
):
  | { kind: 'refused'; refusal: DomainError }
  | { kind: 'unchanged'; view: MessageView }
  | { kind: 'update'; update: MessageUpdate } {
  const byAdmin = change.kind === 'delete' && change.byAdmin === true;
  const view = found ? (viewFor(change.viewer.userId, found) ?? adminView(found, byAdmin)) : null;
  if (!found || !view) return { kind: 'refused', refusal: notFound('id', 'message') };
  const facts = { authorId: found.message.authorId, viewerStanding: found.standing ?? null };
  const refusal = messageChangeRefusal(change.kind, change.viewer, facts, byAdmin);
  if (refusal) return { kind: 'refused', refusal };
  if (change.kind === 'edit') {
    if (found.message.deletedAt) {
      return { kind: 'refused', refusal: badInput('id', 'A deleted message cannot be edited') };
    }
    return { kind: 'update', update: { body: change.body, editedAt: new Date() } };
  }
  if (found.message.deletedAt) return { kind: 'unchanged', view };
  return { kind: 'update', update: { body: '', deletedAt: new Date() } };
}

/** An admin deleting a reported message sees it at its first place, wherever it is. */
function adminView(found: MessageFound, byAdmin: boolean): MessageView | null {
  const place = found.places[0];
  return byAdmin && place ? toView({ ...place, message: found.message }) : null;
}
