import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';

/** PostgreSQL's one-byte `"char"` type (relkind, contype…), which Prisma's adapter cannot map. */
const CHAR_OID = 18;
const TEXT_OID = 25;

type Queryable = { query: (...args: never[]) => unknown };

/**
 * Reports `"char"` columns as text. The schema engine reads catalog columns of that type when it
 * describes a database (to diff migrations), and the adapter refuses them ("Column type 'char'
 * could not be deserialized"); their values already arrive as strings.
 */
const patched = new WeakSet<object>();

function withCharAsText<T extends Queryable>(target: T): T {
  // Pooled clients come back again and again: wrap each once.
  if (patched.has(target)) return target;
  patched.add(target);
  const query = target.query.bind(target) as (...args: unknown[]) => unknown;
  const patch = (result: unknown) => {
    for (const field of (result as { fields?: { dataTypeID: number }[] })?.fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  (target as Queryable).query = ((...args: unknown[]) => {
    const outcome = query(...args);
    return outcome instanceof Promise ? outcome.then(patch) : outcome;
  }) as T['query'];
  return target;
}

type Connect = (
  callback?: (error: Error | undefined, client?: pg.PoolClient, done?: unknown) => void,
) => unknown;

function poolFor(connectionString: string): pg.Pool {
  const pool = withCharAsText(new pg.Pool({ connectionString, max: 10 }));
  const connect = pool.connect.bind(pool) as Connect;
  // Both forms: the adapter awaits `connect()`, pg's own `pool.query` passes a callback.
  (pool as unknown as { connect: Connect }).connect = (callback) => {
    if (callback) {
      return connect((error, client, done) =>
        callback(error, client ? withCharAsText(client) : client, done),
      );
    }
    return (connect() as Promise<pg.PoolClient>).then(withCharAsText);
  };
  return pool;
}

/**
 * The driver adapter factory for a PostgreSQL URL. The application uses `connect()`; the schema
 * engine also uses `connectToShadowDb()`, a temporary database on the same server, dropped after.
 */
export function createPostgresAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(poolFor(url), { disposeExternalPool: true });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const name = `charla_shadow_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const adapter = await new PrismaPg(poolFor(shadowUrl.toString()), {
        disposeExternalPool: true,
      }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}"`);
        await cleanup.end();
      };
      return adapter;
    },
  };
}
