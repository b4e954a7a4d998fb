/**
 * How many keys one statement may carry. SQLite (as Prisma drives it) accepts 999 bound
 * parameters per statement; a lookup on a compound key, or one that Prisma batches implicitly
 * (every `findUnique` of one tick becomes one `WHERE … OR …`), takes two or more per key.
 * PostgreSQL accepts far more, but the same chunks keep its plans and locks short.
 */
export const DB_BATCH_SIZE = 200;

/**
 * Loads `keys` in chunks of at most `size`, one chunk after the other, and returns the results
 * in key order. Sequential on purpose: chunks started in the same tick would be merged again by
 * Prisma's implicit batching, and a huge batch would hold the database for every other request.
 */
export async function loadInChunks<K, V>(
  keys: readonly K[],
  load: (chunk: K[]) => Promise<readonly V[]>,
  size = DB_BATCH_SIZE,
): Promise<V[]> {
  if (keys.length <= size) return [...(await load([...keys]))];
  const results: V[] = [];
  for (let start = 0; start < keys.length; start += size) {
    results.push(...(await load(keys.slice(start, start + size))));
  }
  return results;
}
