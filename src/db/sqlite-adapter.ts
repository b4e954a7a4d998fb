import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { Mutex } from 'async-mutex';
import Database from 'better-sqlite3';

/**
 * Per-connection settings, applied every time a connection opens.
 *
 * - WAL lets readers proceed while one writer commits.
 * - `synchronous = FULL`: in WAL mode, NORMAL can lose the last commits on power loss or an OS
 *   crash (not on a process crash). Charla promises that an acknowledged message is never lost,
 *   so every commit syncs the WAL before `postMessage` answers. The cost is one fsync per write
 *   transaction, measured in bench/.
 * - The busy timeout covers other processes on the same file (migrations, the CLI).
 */
const CONNECTION_PRAGMAS = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = FULL;
  PRAGMA foreign_keys = ON;
  PRAGMA busy_timeout = 5000;
`;

/**
 * Creates the driver adapter factory for a SQLite file.
 *
 * better-sqlite3 gives Prisma a single connection. Prisma's adapter locks that connection
 * against a second transaction but not against single statements, so a statement from another
 * request issued while an interactive transaction awaits would run *inside* that transaction:
 * it would see uncommitted rows and vanish if the transaction rolled back, after its caller had
 * been told it succeeded. The wrapper below makes an open transaction own the connection until
 * it commits or rolls back; every other statement waits its turn.
 */
export function createSqliteAdapterFactory(
  filePath: string,
  options: {
    onStatement?: StatementObserver;
    /** Receives the application's connection each time Prisma opens it. */
    onConnect?: (connection: SqliteConnection) => void;
  } = {},
): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaBetterSqlite3({ url: filePath });
  const observe = options.onStatement ?? (() => {});
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await configure(await inner.connect());
      const connection = new Mutex();
      options.onConnect?.(sharedConnection(adapter, connection, observe));
      return serializeOnConnection(adapter, connection, observe);
    },
    connectToShadowDb: async () =>
      runningScriptsWhole(
        serializeOnConnection(
          await configure(await inner.connectToShadowDb()),
          new Mutex(),
          observe,
        ),
      ),
  };
}

/**
 * The schema engine replays whole migration files on the shadow database through `executeRaw`,
 * which better-sqlite3 refuses for more than one statement; parameterless SQL there is run as a
 * script instead. Only the shadow database (used to diff migrations) needs this.
 */
function runningScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    ...adapter,
    executeRaw: async (query) => {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
  };
}

async function configure(adapter: SqlDriverAdapter): Promise<SqlDriverAdapter> {
  await adapter.executeScript(CONNECTION_PRAGMAS);
  return adapter;
}

/** Sees the SQL of every statement the application runs (for tests and diagnostics). */
export type StatementObserver = (sql: string) => void;

/**
 * Prisma's connection, for statements the application prepares itself (the hot paths, see
 * `src/storage/sqlite-store.ts`). Using the same connection, rather than a second one, keeps writers
 * from meeting SQLITE_BUSY, which better-sqlite3 would wait out synchronously, event loop blocked.
 */
export type SqliteConnection = {
  /** The better-sqlite3 handle. It returns integers as BigInt (Prisma's setting): prepared
   * statements that want numbers call `safeIntegers(false)`. */
  database: Database.Database;
  /**
   * Runs `work` once no Prisma transaction or statement owns the connection, holding it until
   * `work` returns. `work` is synchronous, so nothing interleaves with it; it starts at once
   * when the connection is free.
   */
  exclusive<T>(work: () => T): Promise<T>;
  /** Reports a statement to the observer (tests count statements). */
  observe: StatementObserver;
};

function sharedConnection(
  adapter: SqlDriverAdapter,
  connection: Mutex,
  observe: StatementObserver,
): SqliteConnection {
  // The adapter keeps its better-sqlite3 handle in `client`, which it does not export: checked
  // here so that an upgrade that moves it fails at start, not on the first request.
  const database = (adapter as unknown as { client?: unknown }).client;
  if (!(database instanceof Database)) {
    throw new Error('@prisma/adapter-better-sqlite3 no longer exposes its connection as `client`');
  }
  return {
    database,
    observe,
    exclusive(work) {
      if (!connection.isLocked()) {
        try {
          return Promise.resolve(work());
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return connection.runExclusive(work);
    },
  };
}

function serializeOnConnection(
  adapter: SqlDriverAdapter,
  connection: Mutex,
  observe: StatementObserver,
): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) =>
      connection.runExclusive(() => {
        observe(query.sql);
        return adapter.queryRaw(query);
      }),
    executeRaw: (query) =>
      connection.runExclusive(() => {
        observe(query.sql);
        return adapter.executeRaw(query);
      }),
    executeScript: (script) => connection.runExclusive(() => adapter.executeScript(script)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    startTransaction: async (isolationLevel) => {
      const release = await connection.acquire();
      try {
        observe('BEGIN');
        return releasingOnEnd(await adapter.startTransaction(isolationLevel), release, observe);
      } catch (error) {
        release();
        throw error;
      }
    },
  };
}

/** The transaction's own statements run directly; ending it hands the connection on. */
function releasingOnEnd(
  transaction: Transaction,
  release: () => void,
  observe: StatementObserver,
): Transaction {
  let released = false;
  const end = async (finish: () => Promise<void>) => {
    try {
      await finish();
    } finally {
      if (!released) {
        released = true;
        release();
      }
    }
  };
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: (query) => {
      observe(query.sql);
      return transaction.queryRaw(query);
    },
    executeRaw: (query) => {
      observe(query.sql);
      return transaction.executeRaw(query);
    },
    commit: () => end(() => transaction.commit()),
    rollback: () => end(() => transaction.rollback()),
    createSavepoint: transaction.createSavepoint?.bind(transaction),
    rollbackToSavepoint: transaction.rollbackToSavepoint?.bind(transaction),
    releaseSavepoint: transaction.releaseSavepoint?.bind(transaction),
  };
}
