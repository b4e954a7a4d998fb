import { badInput } from './errors.js';

export const BODY_MAX_LENGTH = 4000;
export const CLIENT_MESSAGE_ID_MAX_LENGTH = 64;

/**
 * Validates a message body: 1–4000 characters (code points), not only whitespace, well-formed
 * Unicode without NUL. Kept exactly as sent otherwise.
 */
export function checkBody(body: string, field = 'body'): string {
  if (body.length > BODY_MAX_LENGTH * 2 || [...body].length > BODY_MAX_LENGTH) {
    throw badInput(field, `A message has at most ${BODY_MAX_LENGTH} characters`);
  }
  if (!body.isWellFormed()) throw badInput(field, 'A message must be well-formed Unicode');
  if (body.includes('\u0000')) throw badInput(field, 'A message cannot contain NUL characters');
  if (body.trim().length === 0) throw badInput(field, 'A message needs some visible text');
  return body;
}

/** Validates the sender's idempotency key: 1–64 characters when given. */
export function checkClientMessageId(
  clientMessageId: string | null | undefined,
  field = 'clientMessageId',
): string | null {
  if (clientMessageId === null || clientMessageId === undefined) return null;
  if (
    clientMessageId.length === 0 ||
    clientMessageId.length > CLIENT_MESSAGE_ID_MAX_LENGTH ||
    !clientMessageId.isWellFormed()
  ) {
    throw badInput(field, `clientMessageId has 1 to ${CLIENT_MESSAGE_ID_MAX_LENGTH} characters`);
  }
  return clientMessageId;
}
