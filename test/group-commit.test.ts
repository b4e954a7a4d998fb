import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit, type GroupCommit } from '../src/storage/group-commit.js';

/**
 * The group committer on a real SQLite database: what a group shares, what one failing unit
 * undoes, and when each unit is answered.
 */
describe('group commit', () => {
  let database: Database.Database;
  /** What happened, in order: BEGIN, COMMIT, ROLLBACK and each unit's answer. */
  let log: string[];
  /** The connection, held by a test to make it busy. */
  let held: Promise<void>;
  let groupCommit: GroupCommit;

  function committer(maxGroup?: number): GroupCommit {
    const run = (sql: string) => () => {
      database.exec(sql);
      if (!sql.includes('post')) log.push(sql);
    };
    return createGroupCommit({
      // A connection that runs work at once, unless a test holds it.
      exclusive: (work) => held.then(work),
      maxGroup,
      transaction: {
        begin: run('BEGIN IMMEDIATE'),
        commit: run('COMMIT'),
        rollback: () => {
          if (database.inTransaction) run('ROLLBACK')();
        },
        savepoint: run('SAVEPOINT post'),
        release: run('RELEASE post'),
        rollbackToSavepoint: run('ROLLBACK TO post'),
      },
    });
  }

  const insert =
    (id: number, parent: number | null = null) =>
    () => {
      database.prepare('INSERT INTO item (id, parent) VALUES (?, ?)').run(id, parent);
      return id;
    };
  const stored = () =>
    database
      .prepare('SELECT id FROM item ORDER BY id')
      .all()
      .map((row) => (row as { id: number }).id);
  const answered = (promise: Promise<unknown>, name: string) =>
    promise.then(
      (value) => {
        log.push(`${name} ok`);
        return value;
      },
      (error: unknown) => {
        log.push(`${name} failed`);
        throw error;
      },
    );

  beforeEach(() => {
    database = new Database(':memory:');
    database.pragma('foreign_keys = ON');
    database.exec(`CREATE TABLE item (
      id INTEGER PRIMARY KEY,
      parent INTEGER REFERENCES item (id) DEFERRABLE INITIALLY DEFERRED)`);
    log = [];
    held = Promise.resolve();
    groupCommit = committer();
  });
  afterEach(() => database.close());

  it('commits the units submitted together in one transaction, and answers each after COMMIT', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((id) => answered(groupCommit(insert(id)), `unit ${id}`)),
    );
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(log).toEqual([
      'BEGIN IMMEDIATE',
      'COMMIT',
      'unit 1 ok',
      'unit 2 ok',
      'unit 3 ok',
      'unit 4 ok',
      'unit 5 ok',
    ]);
    expect(stored()).toEqual([1, 2, 3, 4, 5]);
  });

  it('undoes a failing unit alone, and rejects it with its own error', async () => {
    const results = await Promise.allSettled([
      groupCommit(insert(1)),
      groupCommit(() => {
        insert(2)();
        return insert(1)(); // the same key again: this unit fails, after writing row 2
      }),
      groupCommit(insert(3)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    expect(log).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    expect(stored()).toEqual([1, 3]);
  });

  it('rejects and undoes the whole group when its COMMIT fails', async () => {
    const results = await Promise.allSettled([
      groupCommit(insert(1)),
      // Checked at COMMIT (a deferred foreign key): every unit of the group goes with it.
      groupCommit(insert(2, 99)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
    });
    expect(log).toEqual(['BEGIN IMMEDIATE', 'ROLLBACK']);
    expect(stored()).toEqual([]);
    // The connection is usable again.
    await expect(groupCommit(insert(3))).resolves.toBe(3);
    expect(stored()).toEqual([3]);
  });

  it('takes at most maxGroup units per transaction, the rest in the next', async () => {
    groupCommit = committer(2);
    await Promise.all([1, 2, 3, 4, 5].map((id) => groupCommit(insert(id))));
    expect(log.filter((entry) => entry === 'COMMIT')).toHaveLength(3);
    expect(stored()).toEqual([1, 2, 3, 4, 5]);
  });

  it('groups the units submitted while the connection was busy, over several turns', async () => {
    let free = () => {};
    held = new Promise((resolve) => {
      free = resolve;
    });
    const pending: Promise<number>[] = [];
    for (const id of [1, 2, 3]) {
      pending.push(groupCommit(insert(id)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    free();
    await Promise.all(pending);
    expect(log).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
  });

  it('commits separately what is submitted once the previous group is answered', async () => {
    await groupCommit(insert(1));
    await groupCommit(insert(2));
    expect(log.filter((entry) => entry === 'COMMIT')).toHaveLength(2);
  });
});
