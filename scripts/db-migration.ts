// `npm run db:migration -- <name>`: after a change to prisma/schema.prisma, derives the
// PostgreSQL schema from it and writes the next migration of each provider, computed by
// replaying the committed migrations on a shadow database (in memory for SQLite; a temporary
// database on the server at POSTGRES_URL, default the local one, for PostgreSQL).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { pendingSchemaChange, type StorageProfile, storageProfiles } from '../src/db/migrations.js';
import { createPostgresAdapterFactory } from '../src/db/postgres-adapter.js';
import { postgresSchemaFrom } from '../src/db/postgres-schema.js';
import { createSqliteAdapterFactory } from '../src/db/sqlite-adapter.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name>   (lowercase letters, digits and _)');
  process.exit(2);
}

const { sqlite, postgresql } = storageProfiles;
await mkdir(path.dirname(postgresql.schemaPath), { recursive: true });
await writeFile(postgresql.schemaPath, postgresSchemaFrom(readFileSync(sqlite.schemaPath, 'utf8')));

async function writeNextMigration(
  profile: StorageProfile,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
) {
  // The engine reads the provider from the lock file, so it must exist before the diff.
  const lockfile = path.join(profile.migrationsDir, 'migration_lock.toml');
  await mkdir(profile.migrationsDir, { recursive: true });
  if (!existsSync(lockfile)) {
    await writeFile(
      lockfile,
      `# Written by npm run db:migration; keep it in version control.\nprovider = "${profile.provider}"\n`,
    );
  }
  const script = await pendingSchemaChange(profile, adapterFactory);
  if (script === null) {
    console.log(`${profile.provider}: the schema already matches the migrations.`);
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(profile.migrationsDir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), script);
  console.log(`${profile.provider}: wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
}

await writeNextMigration(sqlite, createSqliteAdapterFactory(':memory:'));
await writeNextMigration(
  postgresql,
  createPostgresAdapterFactory(
    process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  ),
);
