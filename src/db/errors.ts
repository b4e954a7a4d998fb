import { Prisma } from '../generated/prisma/client.js';

/** True when the error is a unique-constraint violation (Prisma P2002), e.g. a lost race. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Why storage cannot take a write right now: conditions of the machine or the database
 * server, not of the request, that pass when an operator frees space or a server recovers.
 */
export type StorageFailure = 'disk-full' | 'read-only' | 'io-error' | 'out-of-resources';

/**
 * SQLite result codes (better-sqlite3's `code`, and `originalCode` in Prisma's adapter errors),
 * matched by prefix so that extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…)
 * count too.
 */
const sqliteFailures: [prefix: string, failure: StorageFailure][] = [
  ['SQLITE_FULL', 'disk-full'],
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_IOERR', 'io-error'],
  ['SQLITE_CANTOPEN', 'io-error'],
  ['SQLITE_NOMEM', 'out-of-resources'],
];

/**
 * PostgreSQL SQLSTATEs: class 53 "insufficient resources" (53100 disk_full, 53200
 * out_of_memory, 53300 too_many_connections, 53400 configuration_limit_exceeded), 58030
 * io_error, 25006 read_only_sql_transaction (a standby, or a database set read-only), 57P03
 * cannot_connect_now (starting up or in recovery).
 */
function postgresFailure(sqlState: string): StorageFailure | undefined {
  if (sqlState === '53100') return 'disk-full';
  if (sqlState.startsWith('53')) return 'out-of-resources';
  if (sqlState === '58030') return 'io-error';
  if (sqlState === '25006') return 'read-only';
  if (sqlState === '57P03') return 'out-of-resources';
  return undefined;
}

/**
 * The storage failure behind `error`, if that is what it is, on either database and through
 * either path (Prisma's driver adapters, or the statements Charla prepares on SQLite).
 */
export function storageFailureOf(error: unknown): StorageFailure | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const candidate = current as {
      code?: unknown;
      originalCode?: unknown;
      kind?: unknown;
      cause?: unknown;
      originalError?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    for (const code of [candidate.originalCode, candidate.code]) {
      if (typeof code !== 'string') continue;
      const sqlite = sqliteFailures.find(([prefix]) => code.startsWith(prefix));
      if (sqlite) return sqlite[1];
      // SQLSTATEs are five characters starting with a digit (Prisma's own codes start with P).
      const postgres = /^\d[0-9A-Z]{4}$/.test(code) ? postgresFailure(code) : undefined;
      if (postgres) return postgres;
    }
    if (candidate.kind === 'TooManyConnections') return 'out-of-resources';
    current = candidate.meta?.driverAdapterError ?? candidate.cause ?? candidate.originalError;
  }
  return undefined;
}
