import { CharlaError } from './resume.js';

/**
 * One line for the status bar for anything that went wrong: never a stack trace. Codes are the
 * contract's (`extensions.code`); `NETWORK` is the resume module's name for "unreachable".
 */
export function describeError(error: unknown, server?: string): string {
  const charlaError =
    error instanceof CharlaError
      ? error
      : new CharlaError('UNKNOWN', error instanceof Error ? error.message : String(error));
  const detail = firstLine(charlaError.message);
  switch (charlaError.code) {
    case 'NETWORK':
      return `Cannot reach the server${server ? ` at ${server}` : ''}.`;
    case 'INVALID_CREDENTIALS':
      return 'Wrong nickname or password.';
    case 'UNAUTHENTICATED':
      return 'Your session has ended: sign in again.';
    case 'RATE_LIMITED':
      return `Too fast: waiting ${Math.ceil((charlaError.retryAfterMs ?? 1000) / 1000)} s before trying again.`;
    case 'FORBIDDEN':
      return `Not allowed: ${detail}`;
    case 'NOT_FOUND':
      return `Not found: ${detail}`;
    case 'BLOCKED':
      return 'This person does not accept that from you.';
    case 'ACCOUNT_SUSPENDED':
      return 'Your account is suspended.';
    case 'NICKNAME_TAKEN':
      return 'That nickname is taken.';
    case 'ROOM_NAME_TAKEN':
      return 'A room with that name exists already.';
    default:
      return detail || 'Something went wrong.';
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}
