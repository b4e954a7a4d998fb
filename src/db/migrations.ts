import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm';
import { withSchemaEngine } from './schema-engine.js';

/** `prisma/` at the repository root; this file sits two levels down in `src/` and in `dist/`. */
export const prismaDir = fileURLToPath(new URL('../../prisma/', import.meta.url));

/** Where one database provider's schema and committed migrations live. */
export type StorageProfile = {
  provider: 'sqlite' | 'postgresql';
  schemaPath: string;
  migrationsDir: string;
};

/**
 * SQLite's schema is the source of truth; PostgreSQL's is derived from it
 * (`src/db/postgres-schema.ts`). Each has its own migration history.
 */
export const storageProfiles = {
  sqlite: {
    provider: 'sqlite',
    schemaPath: path.join(prismaDir, 'schema.prisma'),
    migrationsDir: path.join(prismaDir, 'migrations'),
  },
  postgresql: {
    provider: 'postgresql',
    schemaPath: path.join(prismaDir, 'postgres', 'schema.prisma'),
    migrationsDir: path.join(prismaDir, 'postgres', 'migrations'),
  },
} as const satisfies Record<string, StorageProfile>;

const noFilters: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Reads the committed migrations in Prisma's folder format, oldest first. */
export async function loadMigrations(profile: StorageProfile): Promise<MigrationList> {
  const dir = profile.migrationsDir;
  const lockfilePath = path.join(dir, 'migration_lock.toml');
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockfilePath) ? await readFile(lockfilePath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => {
        const file = path.join(dir, folder, 'migration.sql');
        const content = existsSync(file)
          ? { tag: 'ok' as const, value: await readFile(file, 'utf8') }
          : { tag: 'error' as const, value: `${file} is missing` };
        return { path: folder, migrationFile: { path: 'migration.sql', content } };
      }),
    ),
  };
}

async function loadDatamodel(profile: StorageProfile) {
  return { path: profile.schemaPath, content: await readFile(profile.schemaPath, 'utf8') };
}

/**
 * Applies every committed migration the database has not seen yet, recording them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` would.
 *
 * @returns the names of the migrations applied by this call (empty when up to date)
 */
export async function applyMigrations(
  profile: StorageProfile,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const migrationsList = await loadMigrations(profile);
  return withSchemaEngine(adapterFactory, await loadDatamodel(profile), async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: noFilters,
    });
    return appliedMigrationNames;
  });
}

/**
 * The SQL that would take a database built from the committed migrations to the profile's
 * schema; `null` when they already agree. Replays the migrations on a shadow database.
 */
export async function pendingSchemaChange(
  profile: StorageProfile,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string | null> {
  const migrationsList = await loadMigrations(profile);
  const datamodel = await loadDatamodel(profile);
  return withSchemaEngine(adapterFactory, datamodel, async (engine) => {
    const { exitCode, stdout } = await engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [datamodel] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    // Exit code 2 means "the diff is not empty", as with `prisma migrate diff --exit-code`.
    return exitCode === 2 ? (stdout ?? '') : null;
  });
}
