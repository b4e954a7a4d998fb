import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations, loadMigrations } from './migrations.js';
import { createSqliteAdapterFactory, type StatementObserver } from './sqlite-adapter.js';

export type Db = PrismaClient;

/** Storage opened, migrated and ready for the domain. */
export type Database = {
  db: Db;
  /** Migrations applied while opening; empty when the file was already up to date. */
  appliedMigrations: string[];
  /** True when the database answers and every committed migration is recorded as finished. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
};

/** Turns `file:./data/charla.db` into an absolute path, relative paths from the working directory. */
export function sqliteFilePath(databaseUrl: string): string {
  const location = databaseUrl.replace(/^file:/, '').replace(/\?.*$/, '');
  return path.resolve(location);
}

/**
 * Opens the database at `databaseUrl`: creates the file and its folder if missing, applies
 * pending migrations, then opens the client the application uses.
 */
export async function openDatabase(
  databaseUrl: string,
  options: { onStatement?: StatementObserver } = {},
): Promise<Database> {
  const file = sqliteFilePath(databaseUrl);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new Error(
      `DATABASE_URL: cannot create the folder for ${file}: ${(error as Error).message}`,
    );
  }
  let appliedMigrations: string[];
  try {
    appliedMigrations = await applyMigrations(createSqliteAdapterFactory(file));
  } catch (error) {
    throw new Error(`DATABASE_URL: cannot open or migrate ${file}: ${describe(error)}`);
  }
  const expectedMigrations = (await loadMigrations()).migrationDirectories.length;
  const db = new PrismaClient({ adapter: createSqliteAdapterFactory(file, options) });
  await db.$connect();

  return {
    db,
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
