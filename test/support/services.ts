import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/** The PostgreSQL server the scale-out tests use: its admin database, on this machine by default. */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The Redis server the scale-out tests use. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether the functional suite runs on PostgreSQL + Redis (`npm run test:postgres`). */
export const onPostgres = process.env.CHARLA_TEST_STORAGE === 'postgres';

async function reachable<T>(what: string, url: string, probe: () => Promise<T>): Promise<T> {
  try {
    return await probe();
  } catch (error) {
    throw new Error(
      `These tests need ${what} at ${url} (set ${what === 'PostgreSQL' ? 'TEST_POSTGRES_URL' : 'TEST_REDIS_URL'} to use another): ${(error as Error).message}`,
    );
  }
}

/** A fresh, empty database for one test server; `drop()` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `charla_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 3_000,
  });
  await reachable('PostgreSQL', POSTGRES_ADMIN_URL, () => admin.connect());
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A Redis key prefix no other test uses, after checking that Redis answers. */
export async function freshRedisPrefix(): Promise<string> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 3_000,
  });
  client.on('error', () => {});
  await reachable('Redis', REDIS_URL, async () => {
    await client.connect();
    await client.ping();
  });
  client.disconnect();
  return `charla-test-${randomUUID().slice(0, 8)}:`;
}

/** A Redis client for tests that disturb Redis (killing the application's connections). */
export function redisClient(): Redis {
  return new Redis(REDIS_URL);
}
