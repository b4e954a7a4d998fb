import { loadInChunks } from '../db/batches.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type {
  NameChange,
  NamedKind,
  NameKeyStore,
  NewSession,
  SessionStore,
  UserStore,
} from '../domain/ports.js';
import { type User, userFields } from '../domain/users.js';
import { Prisma } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

/** The user, or null when there is no such user. */
export function findUserById(db: Db, id: number): Promise<User | null> {
  return db.user.findUnique({ where: { id }, select: userFields });
}

/** Runs `write`; a lost race on a unique key (a nickname, a token hash) answers `taken`. */
async function unlessTaken<Outcome>(
  write: () => Promise<Outcome>,
): Promise<Outcome | { kind: 'taken' }> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: 'taken' };
    throw error;
  }
}

/** Forgets the user's expired sessions and opens this one, inside `tx`. */
async function openSessionIn(tx: Tx, session: NewSession): Promise<number> {
  await tx.session.deleteMany({
    where: { userId: session.userId, expiresAt: { lte: new Date() } },
  });
  const { id } = await tx.session.create({ data: session, select: { id: true } });
  return id;
}

/** Joins the user to the room with this name key, inside `tx` (it must exist: `general`). */
async function joinRoomIn(tx: Tx, roomKey: string, userId: number): Promise<void> {
  const room = await tx.room.findUniqueOrThrow({
    where: { nameKey: roomKey },
    select: { id: true },
  });
  await tx.membership.create({ data: { roomId: room.id, userId } });
}

/** Where each kind of name lives: fixed identifiers, never input. */
const nameColumns = {
  user: { table: '"User"', key: '"nicknameKey"', name: '"nickname"' },
  room: { table: '"Room"', key: '"nameKey"', name: '"name"' },
} as const satisfies Record<NamedKind, unknown>;

/** Rows per statement when rewriting keys: two parameters each, far below either database's limit. */
const REKEY_CHUNK = 500;

/**
 * Writes name changes in one transaction, a few hundred rows per statement (a release that
 * changes the key function changes nearly every key). The changing keys are parked first (U+0001
 * is in no key), so that swapping two keys, or taking a key another row holds under the old
 * rules, never trips the unique index.
 */
async function rewriteNames(db: Db, kind: NamedKind, changes: readonly NameChange[]) {
  if (changes.length === 0) return;
  const { table, key, name } = nameColumns[kind];
  const setKeys = async (tx: Tx, rows: readonly { id: number; key: string }[]) => {
    for (let start = 0; start < rows.length; start += REKEY_CHUNK) {
      const chunk = rows.slice(start, start + REKEY_CHUNK);
      const cases = Prisma.join(
        chunk.map((row) => Prisma.sql`WHEN ${row.id} THEN ${row.key}`),
        ' ',
      );
      await tx.$executeRaw`UPDATE ${Prisma.raw(table)} SET ${Prisma.raw(key)} = CASE "id" ${cases} END
        WHERE "id" IN (${Prisma.join(chunk.map((row) => row.id))})`;
    }
  };
  await db.$transaction(
    async (tx) => {
      await setKeys(
        tx,
        changes.map((change) => ({ id: change.id, key: `\u0001${change.id}` })),
      );
      await setKeys(tx, changes);
      for (const change of changes) {
        if (change.name === undefined) continue;
        await tx.$executeRaw`UPDATE ${Prisma.raw(table)} SET ${Prisma.raw(name)} = ${change.name}
          WHERE "id" = ${change.id}`;
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Sessions, users and their names on Prisma (SQLite and PostgreSQL). The SQLite store overrides
 * the token check (`findSession`) and `findUser` with prepared statements.
 */
export function createPrismaIdentityStore(db: Db): SessionStore & UserStore & NameKeyStore {
  return {
    async findSession(tokenHash) {
      const session = await db.session.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          userId: true,
          expiresAt: true,
          revokedAt: true,
          user: { select: { nickname: true } },
        },
      });
      if (!session) return null;
      const { user, ...rest } = session;
      return { ...rest, hasNickname: !!user.nickname };
    },

    async validSessions(sessionIds) {
      const valid = await loadInChunks(sessionIds, async (chunk) => {
        const rows = await db.session.findMany({
          where: { id: { in: chunk }, revokedAt: null, expiresAt: { gt: new Date() } },
          select: { id: true },
        });
        const found = new Set(rows.map((row) => row.id));
        return chunk.map((id) => found.has(id));
      });
      return new Set(sessionIds.filter((_id, i) => valid[i]));
    },

    openSession: (session) =>
      unlessTaken(async () => ({
        kind: 'opened' as const,
        sessionId: await db.$transaction((tx) => openSessionIn(tx, session)),
      })),

    async revokeSession(sessionId) {
      const { count } = await db.session.updateMany({
        where: { id: sessionId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      return count === 1;
    },

    findUser: (id) => findUserById(db, id),

    findUsers: (ids) =>
      loadInChunks(ids, async (chunk) => {
        const users = await db.user.findMany({ where: { id: { in: chunk } }, select: userFields });
        const byId = new Map(users.map((user) => [user.id, user]));
        return chunk.map((id) => byId.get(id) ?? null);
      }),

    userByNicknameKey: (key) =>
      db.user.findUnique({ where: { nicknameKey: key }, select: userFields }),

    // A range on the unique key rather than LIKE, so that the index serves it.
    searchUsers: (keyPrefix, limit) =>
      db.user.findMany({
        where: { nicknameKey: { gte: keyPrefix, lt: `${keyPrefix}\u{10FFFF}` } },
        orderBy: { nicknameKey: 'asc' },
        take: limit,
        select: userFields,
      }),

    async credentials(nicknameKey) {
      const found = await db.user.findUnique({
        where: { nicknameKey },
        select: { ...userFields, passwordHash: true },
      });
      if (!found) return null;
      const { passwordHash, ...user } = found;
      return { user, passwordHash };
    },

    createAccount: ({ nickname, passwordHash, joinRoomKey, session }) =>
      unlessTaken(() =>
        db.$transaction(async (tx) => {
          const user = await tx.user.create({
            data: {
              nickname: nickname.display,
              nicknameKey: nickname.key,
              passwordHash,
              stream: { create: {} },
            },
            select: userFields,
          });
          await joinRoomIn(tx, joinRoomKey, user.id);
          await openSessionIn(tx, { ...session, userId: user.id });
          return { kind: 'created' as const, user };
        }),
      ),

    async userForSubject(externalSubject) {
      const found = await db.user.findUnique({ where: { externalSubject }, select: userFields });
      if (found) return found;
      try {
        return await db.user.create({
          data: { externalSubject, stream: { create: {} } },
          select: userFields,
        });
      } catch (error) {
        // Two first requests at once: the other created it.
        if (!isUniqueViolation(error)) throw error;
        return db.user.findUniqueOrThrow({ where: { externalSubject }, select: userFields });
      }
    },

    claimNickname: (userId, nickname, joinRoomKey) =>
      unlessTaken(() =>
        db.$transaction(async (tx) => {
          const claimed = await tx.user.updateMany({
            where: { id: userId, nickname: null },
            data: { nickname: nickname.display, nicknameKey: nickname.key },
          });
          if (claimed.count === 0) return { kind: 'named-already' as const };
          await joinRoomIn(tx, joinRoomKey, userId);
          const user = await tx.user.findUniqueOrThrow({
            where: { id: userId },
            select: userFields,
          });
          return { kind: 'claimed' as const, user };
        }),
      ),

    renameUser: (userId, nickname) =>
      unlessTaken(async () => ({
        kind: 'renamed' as const,
        user: await db.user.update({
          where: { id: userId },
          data: { nickname: nickname.display, nicknameKey: nickname.key },
          select: userFields,
        }),
      })),

    async storedNames(kind) {
      if (kind === 'user') {
        const users = await db.user.findMany({
          // A deleted account's display name is no nickname: it has no key to recompute.
          where: { nickname: { not: null }, deletedAt: null },
          select: { id: true, nickname: true, nicknameKey: true },
          orderBy: { id: 'asc' },
        });
        return users.map((user) => ({
          id: user.id,
          name: user.nickname as string,
          key: user.nicknameKey,
        }));
      }
      // Private rooms' names are free text, never keyed: only public names are unique.
      const rooms = await db.room.findMany({
        where: { visibility: 'PUBLIC', name: { not: null } },
        select: { id: true, name: true, nameKey: true },
        orderBy: { id: 'asc' },
      });
      return rooms.map((room) => ({ id: room.id, name: room.name as string, key: room.nameKey }));
    },

    rewriteNames: (kind, changes) => rewriteNames(db, kind, changes),
  };
}
