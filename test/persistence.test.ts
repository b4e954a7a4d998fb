import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, storageProfiles } from '../src/db/migrations.js';
import { RoomByNameDocument } from './generated/graphql.js';
import { startTestServer, temporaryDatabaseFile } from './support/server.js';

describe('storage across restarts', () => {
  const temporary = temporaryDatabaseFile();
  afterAll(() => temporary.cleanup());

  it('keeps the data and applies each migration exactly once', async () => {
    const committed = (await loadMigrations(storageProfiles.sqlite)).migrationDirectories.map(
      (dir) => dir.path,
    );

    const first = await startTestServer({ databaseFile: temporary.file });
    expect(first.running.database.appliedMigrations).toEqual(committed);
    const before = await first.request(RoomByNameDocument, { name: 'general' });
    await first.stop();

    const second = await startTestServer({ databaseFile: temporary.file });
    expect(second.running.database.appliedMigrations).toEqual([]);
    const after = await second.request(RoomByNameDocument, { name: 'general' });
    await second.stop();

    expect(after.data?.room).toEqual(before.data?.room);
    const file = new Database(temporary.file, { readonly: true });
    try {
      const rows = file.prepare('SELECT migration_name FROM _prisma_migrations').all();
      expect(rows).toEqual(committed.map((name) => ({ migration_name: name })));
      expect(file.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      file.close();
    }
  });
});

describe('the single SQLite connection', () => {
  it('never lets a rolled-back transaction take a concurrent, acknowledged write with it', async () => {
    const server = await startTestServer();
    const { db } = server.running.database;
    try {
      let insideTransaction!: () => void;
      const transactionStarted = new Promise<void>((resolve) => (insideTransaction = resolve));
      const failing = db
        .$transaction(async (tx) => {
          await tx.room.create({ data: { name: 'doomed', nameKey: 'doomed' } });
          insideTransaction();
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error('roll back');
        })
        .catch((error: Error) => error.message);

      await transactionStarted;
      // Issued while the transaction is open: must wait for it, not run inside it.
      await db.room.create({ data: { name: 'survivor', nameKey: 'survivor' } });

      expect(await failing).toBe('roll back');
      const names = (await db.room.findMany({ select: { name: true } })).map((r) => r.name);
      expect(names).toContain('survivor');
      expect(names).not.toContain('doomed');
    } finally {
      await server.stop();
    }
  });
});
