import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import { nicknameKey } from './nicknames.js';

/** What anyone may know about a user; never the password hash. */
/** `nickname` is null until a user known only through the company's identity provider claims one. */
export type User = { id: number; nickname: string | null; createdAt: Date };

export const userFields = { id: true, nickname: true, createdAt: true } as const;

/** Longest nickname input worth looking up; longer ones cannot match any stored name. */
const LOOKUP_MAX_LENGTH = 256;

export function findUserById(db: Db, id: number): Promise<User | null> {
  return db.user.findUnique({ where: { id }, select: userFields });
}

/** Users by id, in the order asked, null where absent: the shape a DataLoader batch needs. */
export function findUsersByIds(db: Db, ids: readonly number[]): Promise<(User | null)[]> {
  return loadInChunks(ids, async (chunk) => {
    const users = await db.user.findMany({ where: { id: { in: chunk } }, select: userFields });
    const byId = new Map(users.map((user) => [user.id, user]));
    return chunk.map((id) => byId.get(id) ?? null);
  });
}

/** The user with this nickname, compared case- and confusable-insensitively. */
export function findUserByNickname(db: Db, nickname: string): Promise<User | null> {
  if (nickname.length > LOOKUP_MAX_LENGTH || !nickname.isWellFormed()) return Promise.resolve(null);
  return db.user.findUnique({ where: { nicknameKey: nicknameKey(nickname) }, select: userFields });
}

/**
 * Users whose nickname starts with `prefix` (case- and confusable-insensitively), in key order.
 * A range on the unique key rather than LIKE, so that the index serves it.
 */
export function searchUsers(db: Db, prefix: string, limit: number): Promise<User[]> {
  const key = nicknameKey(prefix);
  return db.user.findMany({
    where: { nicknameKey: { gte: key, lt: `${key}\u{10FFFF}` } },
    orderBy: { nicknameKey: 'asc' },
    take: limit,
    select: userFields,
  });
}
