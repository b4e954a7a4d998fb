import { createHash, randomBytes } from 'node:crypto';
import type { SessionStore, StoredSession } from './ports.js';
import type { Viewer } from './viewer.js';

/** Marks Charla tokens so that secret scanners and people can recognise a leaked one. */
const TOKEN_PREFIX = 'charla_';
/** 32 random bytes (256 bits), base64url-encoded. */
const TOKEN_PATTERN = /^charla_[A-Za-z0-9_-]{43}$/;

/** SHA-256 suffices for a 256-bit random secret; only this hash is ever stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * A new token for a session lasting `ttlMs` from now, and what storage keeps of it: the token
 * itself exists nowhere else once it is handed to the user.
 */
export function newToken(ttlMs: number): {
  token: string;
  session: { tokenHash: string; expiresAt: Date };
} {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return {
    token,
    session: { tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMs) },
  };
}

/** Opens a session for the user and returns its token. */
export async function createSession(
  store: SessionStore,
  userId: number,
  ttlMs: number,
): Promise<string> {
  const { token, session } = newToken(ttlMs);
  const opened = await store.openSession({ userId, ...session });
  // 256 random bits do not collide; a `taken` here would be a broken random source.
  if (opened.kind !== 'opened') throw new Error('A new token’s hash is taken');
  return token;
}

/** The viewer a stored session stands for, or null when it is revoked or expired. */
export function viewerOfSession(session: StoredSession): Viewer | null {
  if (session.revokedAt !== null || session.expiresAt.getTime() <= Date.now()) return null;
  return { userId: session.userId, sessionId: session.id, hasNickname: session.hasNickname };
}

/** The viewer a token stands for, or null when it is malformed, unknown, expired or revoked. */
export async function resolveToken(store: SessionStore, token: string): Promise<Viewer | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const session = await store.findSession(hashToken(token));
  return session && viewerOfSession(session);
}
