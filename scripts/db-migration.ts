// `npm run db:migration -- <name>`: writes the next migration from the change to
// prisma/schema.prisma, computed by replaying the committed migrations on an in-memory database.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { migrationsDir, pendingSchemaChange } from '../src/db/migrations.js';
import { createSqliteAdapterFactory } from '../src/db/sqlite-adapter.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration -- <name>   (lowercase letters, digits and _)');
  process.exit(2);
}

// The engine reads the provider from the lock file, so it must exist before the diff.
const lockfile = path.join(migrationsDir, 'migration_lock.toml');
await mkdir(migrationsDir, { recursive: true });
if (!existsSync(lockfile)) {
  await writeFile(
    lockfile,
    '# Written by npm run db:migration; keep it in version control.\nprovider = "sqlite"\n',
  );
}

const script = await pendingSchemaChange(createSqliteAdapterFactory(':memory:'));
if (script === null) {
  console.log('prisma/schema.prisma already matches the migrations: nothing to write.');
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(folder, { recursive: true });
await writeFile(path.join(folder, 'migration.sql'), script);
console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
