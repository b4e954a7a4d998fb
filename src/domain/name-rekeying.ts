import { nicknameKey } from './nicknames.js';
import type { NameChange, NamedKind, NameKeyStore, StoredName } from './ports.js';
import { roomNameKey } from './rooms.js';

/** A name that has become a look-alike of an earlier one's, and what it is now. */
export type RenamedName = { id: number; from: string; to: string };

/**
 * What to write so that every stored key is `keyOf(name)` again. Names that were distinct under
 * the old key may now collide: the earliest (lowest id: creation order) keeps its name, each
 * later one gains `#<id>` (`AIice` becomes `AIice#17`): it no longer passes for the other, it stays
 * unique, and since `#` is allowed in no name, nobody can take it from its owner.
 */
function planRekeying(
  rows: readonly StoredName[],
  keyOf: (name: string) => string,
): { changes: NameChange[]; renamed: RenamedName[] } {
  const held = new Set<string>();
  const changes: NameChange[] = [];
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
export async function rekeyNames(store: NameKeyStore): Promise<{
  rekeyed: number;
  renamedUsers: RenamedName[];
  renamedRooms: RenamedName[];
}> {
  const rekey = async (kind: NamedKind, keyOf: (name: string) => string) => {
    const plan = planRekeying(await store.storedNames(kind), keyOf);
    if (plan.changes.length > 0) await store.rewriteNames(kind, plan.changes);
    return plan;
  };
  const nicknames = await rekey('user', nicknameKey);
  const roomNames = await rekey('room', roomNameKey);
  return {
    rekeyed: nicknames.changes.length + roomNames.changes.length,
    renamedUsers: nicknames.renamed,
    renamedRooms: roomNames.renamed,
  };
}
