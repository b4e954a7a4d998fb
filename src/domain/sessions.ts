import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Store } from './ports.js';
import type { Viewer } from './viewer.js';

/** Marks Charla tokens so that secret scanners and people can recognise a leaked one. */
const TOKEN_PREFIX = 'charla_';
/** 32 random bytes (256 bits), base64url-encoded. */
const TOKEN_PATTERN = /^charla_[A-Za-z0-9_-]{43}$/;

/** SHA-256 suffices for a 256-bit random secret; only this hash is ever stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

type Writer = Pick<Db, 'session'>;

/** Opens a session for the user and returns its token, which exists nowhere else after this. */
export async function createSession(db: Writer, userId: number, ttlMs: number): Promise<string> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await forgetExpiredSessions(db, userId);
  await db.session.create({
    data: { userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMs) },
  });
  return token;
}

/**
 * Deletes the user's expired sessions (revoked or not: an expired token is refused anyway).
 * Called whenever a session opens, so that a user's rows are bounded by their live tokens, even
 * with a company identity provider minting a new short-lived token every few minutes.
 */
export async function forgetExpiredSessions(db: Writer, userId: number): Promise<void> {
  await db.session.deleteMany({ where: { userId, expiresAt: { lte: new Date() } } });
}

/** The viewer a token stands for, or null when it is malformed, unknown, expired or revoked. */
export async function resolveToken(store: Store, token: string): Promise<Viewer | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const session = await store.findSession(hashToken(token));
  if (!session || session.revokedAt !== null || session.expiresAt.getTime() <= Date.now()) {
    return null;
  }
  return { userId: session.userId, sessionId: session.id, hasNickname: session.hasNickname };
}

/**
 * Revokes one session; its token stops working at once. True when it was valid until now (false
 * when a concurrent logout got there first).
 */
export async function revokeSession(db: Db, sessionId: number): Promise<boolean> {
  const { count } = await db.session.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}
