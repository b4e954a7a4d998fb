import type { Db } from '../db/database.js';
import { Prisma } from '../generated/prisma/client.js';
import { nicknameKey } from './nicknames.js';
import { roomNameKey } from './rooms.js';

/** A name that has become a look-alike of an earlier one's, and what it is now. */
export type RenamedName = { id: number; from: string; to: string };

type Named = { id: number; name: string; key: string | null };
type Change = { id: number; key: string; name?: string };

/**
 * What to write so that every stored key is `keyOf(name)` again. Names that were distinct under
 * the old key may now collide: the earliest (lowest id: creation order) keeps its name, each
 * later one gains `#<id>` (`AIice` becomes `AIice#17`): it no longer passes for the other, it stays
 * unique, and since `#` is allowed in no name, nobody can take it from its owner.
 */
function planRekeying(
  rows: readonly Named[],
  keyOf: (name: string) => string,
): { changes: Change[]; renamed: RenamedName[] } {
  const held = new Set<string>();
  const changes: Change[] = [];
  const renamed: RenamedName[] = [];
  for (const row of rows) {
    const key = keyOf(row.name);
    if (!held.has(key)) {
      held.add(key);
      if (key !== row.key) changes.push({ id: row.id, key });
      continue;
    }
    const suffixed = `${row.name}#${row.id}`;
    const suffixedKey = keyOf(suffixed);
    held.add(suffixedKey);
    changes.push({ id: row.id, key: suffixedKey, name: suffixed });
    renamed.push({ id: row.id, from: row.name, to: suffixed });
  }
  return { changes, renamed };
}

/** Where each kind of name lives: fixed identifiers, never input. */
const columns = {
  user: { table: '"User"', key: '"nicknameKey"', name: '"nickname"' },
  room: { table: '"Room"', key: '"nameKey"', name: '"name"' },
} as const;

/** Rows per statement: two parameters each, far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

/**
 * Writes a plan in one transaction, a few hundred rows per statement (a release that changes
 * the key function changes nearly every key). The changing keys are parked first (U+0001 is in
 * no key), so that swapping two keys, or taking a key another row holds under the old rules,
 * never trips the unique index.
 */
async function applyRekeying(db: Db, kind: keyof typeof columns, changes: readonly Change[]) {
  if (changes.length === 0) return;
  const { table, key, name } = columns[kind];
  const setKeys = async (tx: Db, rows: readonly { id: number; key: string }[]) => {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
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
        tx as Db,
        changes.map((change) => ({ id: change.id, key: `\u0001${change.id}` })),
      );
      await setKeys(tx as Db, changes);
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
 * Brings every stored `User.nicknameKey` and `Room.nameKey` up to date with `nicknameKey()` and
 * `roomNameKey()`. Runs at start, before anything reads a key (`ensureGeneralRoom` looks `general`
 * up by its key): when a key function changes (new look-alike rules, newer Unicode data), keys
 * stored by an older release would otherwise let new look-alikes in and make lookups miss.
 *
 * Reads every name once per start (about 0.3 s for 20,000 users); writes only what
 * changed. Deterministic, so instances starting together write the same result.
 *
 * @returns how many keys changed, and the names renamed (the caller logs them for operators)
 */
export async function rekeyNames(db: Db): Promise<{
  rekeyed: number;
  renamedUsers: RenamedName[];
  renamedRooms: RenamedName[];
}> {
  const users = await db.user.findMany({
    where: { nickname: { not: null } },
    select: { id: true, nickname: true, nicknameKey: true },
    orderBy: { id: 'asc' },
  });
  const nicknames = planRekeying(
    users.map((user) => ({ id: user.id, name: user.nickname as string, key: user.nicknameKey })),
    nicknameKey,
  );
  await applyRekeying(db, 'user', nicknames.changes);

  const rooms = await db.room.findMany({
    select: { id: true, name: true, nameKey: true },
    orderBy: { id: 'asc' },
  });
  const roomNames = planRekeying(
    rooms.map((room) => ({ id: room.id, name: room.name, key: room.nameKey })),
    roomNameKey,
  );
  await applyRekeying(db, 'room', roomNames.changes);
  return {
    rekeyed: nicknames.changes.length + roomNames.changes.length,
    renamedUsers: nicknames.renamed,
    renamedRooms: roomNames.renamed,
  };
}
