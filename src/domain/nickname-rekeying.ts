import type { Db } from '../db/database.js';
import { nicknameKey } from './nicknames.js';

/** A nickname that has become a look-alike of an earlier account's, and what it is now. */
export type RenamedNickname = { userId: number; from: string; to: string };

/**
 * Brings every stored `User.nicknameKey` up to date with `nicknameKey()`, at start, before the
 * server answers: when the key function changes (new look-alike rules, newer Unicode data), keys
 * stored by an older release would otherwise let new look-alikes in and make lookups miss.
 *
 * Names that were distinct under the old key may now collide. The earliest account (lowest id:
 * registration order) keeps its name. Each later one keeps its account, messages and sessions,
 * and its name gains `#<id>` (`AIice` becomes `AIice#17`): it no longer passes for the other, it
 * stays unique, it is what its owner signs in with until they pick a new name with
 * `changeNickname` (a `#` can never be registered, so nobody else can take it). The caller logs
 * each renaming so that operators can tell the people concerned.
 *
 * Reads every nickname once per start (about 11 µs of key computation per user); writes only
 * when something changed. Deterministic, so instances starting together write the same result.
 */
export async function rekeyNicknames(db: Db): Promise<{
  rekeyed: number;
  renamed: RenamedNickname[];
}> {
  const users = await db.user.findMany({
    where: { nickname: { not: null } },
    select: { id: true, nickname: true, nicknameKey: true },
    orderBy: { id: 'asc' },
  });
  const holders = new Set<string>();
  const changes: { id: number; key: string; nickname?: string }[] = [];
  const renamed: RenamedNickname[] = [];
  for (const user of users) {
    const nickname = user.nickname as string;
    const key = nicknameKey(nickname);
    if (!holders.has(key)) {
      holders.add(key);
      if (key !== user.nicknameKey) changes.push({ id: user.id, key });
      continue;
    }
    const suffixed = `${nickname}#${user.id}`;
    const suffixedKey = nicknameKey(suffixed);
    holders.add(suffixedKey);
    changes.push({ id: user.id, key: suffixedKey, nickname: suffixed });
    renamed.push({ userId: user.id, from: nickname, to: suffixed });
  }
  if (changes.length === 0) return { rekeyed: 0, renamed };

  await db.$transaction(
    async (tx) => {
      // Park the changing keys first (U+0001 is in no key), so that swapping two keys, or taking
      // a key another row still holds under the old rules, never trips the unique index.
      for (const { id } of changes) {
        await tx.user.update({ where: { id }, data: { nicknameKey: `\u0001${id}` } });
      }
      for (const change of changes) {
        await tx.user.update({
          where: { id: change.id },
          data: {
            nicknameKey: change.key,
            ...(change.nickname !== undefined && { nickname: change.nickname }),
          },
        });
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { rekeyed: changes.length, renamed };
}
