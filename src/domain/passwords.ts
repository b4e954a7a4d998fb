import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { badInput } from './errors.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (about 20 ms on one core here). The
 * library's default algorithm is argon2id (its `Algorithm` is a const enum we cannot import).
 */
const ARGON2_OPTIONS = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Validates a new password's length (in characters) and encoding; throws BAD_USER_INPUT. */
export function checkPassword(password: string, field = 'password'): void {
  const length = password.length > PASSWORD_MAX_LENGTH * 2 ? Infinity : [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw badInput(
      field,
      `A password has ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
    );
  }
  if (!password.isWellFormed()) throw badInput(field, 'A password must be well-formed Unicode');
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let decoyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown nickname) it verifies against a
 * decoy, so that "no such user" and "wrong password" take the same time.
 */
export async function verifyPassword(
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  if (storedHash === null) {
    decoyHash ??= hashPassword(randomBytes(32).toString('base64url'));
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
