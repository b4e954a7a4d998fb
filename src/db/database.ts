import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.js';
import { PrismaClient as PostgresPrismaClient } from '../generated/prisma-pg/client.js';
import {
  applyMigrations,
  loadMigrations,
  type StorageProfile,
  storageProfiles,
} from './migrations.js';
import { createPostgresAdapterFactory } from './postgres-adapter.js';
import {
  createSqliteAdapterFactory,
  type SqliteConnection,
  type StatementObserver,
} from './sqlite-adapter.js';

/**
 * The database client the domain uses. Both providers' generated clients have the same API (the
 * PostgreSQL schema is derived from SQLite's), so the domain is typed against SQLite's.
 */
export type Db = PrismaClient;

export type Provider = 'sqlite' | 'postgresql';

/** Storage opened, migrated and ready for the domain. */
export type Database = {
  db: Db;
  provider: Provider;
  /** Prisma's SQLite connection, for the statements Charla prepares itself; unset on PostgreSQL. */
  sqlite?: SqliteConnection;
  /** Migrations applied while opening; empty when the file was already up to date. */
  appliedMigrations: string[];
  /** True when the database answers and every committed migration is recorded as finished. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
};

/** `postgres://` and `postgresql://` select PostgreSQL; `file:` selects SQLite. */
export function providerOf(databaseUrl: string): Provider {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgresql' : 'sqlite';
}

/** Turns `file:./data/charla.db` into an absolute path, relative paths from the working directory. */
export function sqliteFilePath(databaseUrl: string): string {
  const location = databaseUrl.replace(/^file:/, '').replace(/\?.*$/, '');
  return path.resolve(location);
}

/** Clients on PostgreSQL, whose multi-statement reads ask for a snapshot (see `snapshotReads`). */
const postgresClients = new WeakSet<object>();

/**
 * Transaction options for reads that must see one consistent state across statements (a history
 * page and its stream head). SQLite's transactions are serializable already; PostgreSQL's
 * default (read committed) takes a new snapshot per statement.
 */
export function snapshotReads(db: object): { isolationLevel?: 'Serializable' } | undefined {
  // Typed as SQLite's client's options (the domain's `Db`); the PostgreSQL client takes this.
  return postgresClients.has(db)
    ? ({ isolationLevel: 'RepeatableRead' } as unknown as { isolationLevel?: 'Serializable' })
    : undefined;
}

type Opened = {
  profile: StorageProfile;
  migrationFactory: SqlMigrationAwareDriverAdapterFactory;
  openClient: () => Db;
  where: string;
  /** The SQLite connection, once the client has opened it. */
  connection?: () => SqliteConnection | undefined;
};

function sqlite(databaseUrl: string, onStatement?: StatementObserver): Opened {
  const file = sqliteFilePath(databaseUrl);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new Error(
      `DATABASE_URL: cannot create the folder for ${file}: ${(error as Error).message}`,
    );
  }
  let connection: SqliteConnection | undefined;
  return {
    profile: storageProfiles.sqlite,
    migrationFactory: createSqliteAdapterFactory(file),
    openClient: () =>
      new PrismaClient({
        adapter: createSqliteAdapterFactory(file, {
          onStatement,
          onConnect: (opened) => {
            connection = opened;
          },
        }),
      }),
    where: file,
    connection: () => connection,
  };
}

function postgres(databaseUrl: string): Opened {
  const shown = new URL(databaseUrl);
  shown.password = shown.password ? '***' : '';
  return {
    profile: storageProfiles.postgresql,
    migrationFactory: createPostgresAdapterFactory(databaseUrl),
    openClient: () => {
      const client = new PostgresPrismaClient({
        adapter: createPostgresAdapterFactory(databaseUrl),
      });
      postgresClients.add(client);
      return client as unknown as Db;
    },
    where: shown.toString(),
  };
}

/**
 * Opens the database at `databaseUrl` (SQLite file, created with its folder if missing, or
 * PostgreSQL), applies pending migrations, then opens the client the application uses.
 */
export async function openDatabase(
  databaseUrl: string,
  options: { onStatement?: StatementObserver } = {},
): Promise<Database> {
  const provider = providerOf(databaseUrl);
  const opened =
    provider === 'postgresql' ? postgres(databaseUrl) : sqlite(databaseUrl, options.onStatement);
  let appliedMigrations: string[];
  try {
    appliedMigrations = await applyMigrations(opened.profile, opened.migrationFactory);
  } catch (error) {
    throw new Error(`DATABASE_URL: cannot open or migrate ${opened.where}: ${describe(error)}`);
  }
  const expectedMigrations = (await loadMigrations(opened.profile)).migrationDirectories.length;
  const db = opened.openClient();
  await db.$connect();

  const sqliteConnection = opened.connection?.();
  if (provider === 'sqlite' && !sqliteConnection) throw new Error('SQLite did not connect');

  return {
    db,
    provider,
    sqlite: sqliteConnection,
    appliedMigrations,
    async isReady() {
      try {
        const [row] = await db.$queryRaw<{ finished: bigint | number }[]>`
          SELECT COUNT(*) AS finished FROM _prisma_migrations
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
        return Number(row?.finished) >= expectedMigrations;
      } catch {
        return false;
      }
    },
    close: () => db.$disconnect(),
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
