import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client, ClientOptions } from 'graphql-ws';
import { afterAll, beforeAll } from 'vitest';
import { type App, createApp, type RunningApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type Document, type Endpoint, type GraphQLResponse, graphqlRequest } from './endpoint.js';
import { connectWs } from './graphql-ws.js';
import { createTestDatabase, freshRedisPrefix, onPostgres, REDIS_URL } from './services.js';

/** An in-process server: an `Endpoint` (`http://127.0.0.1:<port>`) with its handles. */
export type TestServer = Endpoint & {
  /** The SQLite file this server uses. */
  databaseFile: string;
  running: RunningApp;
  /** POSTs one operation to /graphql and returns the parsed JSON body. */
  request<TResult, TVariables>(
    document: Document<TResult, TVariables>,
    variables?: TVariables,
    options?: { token?: string },
  ): Promise<GraphQLResponse<TResult>>;
  /** A graphql-ws client on this server, closed with the server. */
  wsClient(options?: Partial<ClientOptions>): Client;
  stop(): Promise<void>;
};

/**
 * Functional tests post and register far faster than people do; they run with rate limits
 * out of the way. `test/rate-limits.test.ts` sets real ones through `env`.
 */
export const GENEROUS_RATE_LIMITS = {
  MESSAGES_PER_SECOND: '100000',
  MESSAGE_BURST: '200000',
  TYPING_PER_SECOND: '100000',
  ROOMS_PER_HOUR: '100000',
  REGISTRATIONS_PER_HOUR: '100000',
  LOGINS_PER_MINUTE: '100000',
};

/** A temporary folder for one test file's databases, removed by `cleanup`. */
export function temporaryDatabaseFile(): { file: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'charla-test-'));
  return {
    file: path.join(dir, 'charla.db'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Starts the real server (HTTP + graphql-ws + SSE) on a free port with its own SQLite file.
 * Everything it opens is closed by `stop()`.
 */
export async function startTestServer(
  options: {
    databaseFile?: string;
    env?: Record<string, string>;
    /** Receives the server's JSON log lines (LOG_LEVEL from env, default silent). */
    logDestination?: { write(line: string): void };
    /** Sees every SQL statement the server runs. */
    onStatement?: (sql: string) => void;
  } = {},
): Promise<TestServer> {
  const temporary = options.databaseFile ? undefined : temporaryDatabaseFile();
  const databaseFile = options.databaseFile ?? (temporary?.file as string);
  // `npm run test:postgres`: every server gets its own PostgreSQL database and Redis prefix.
  const postgres = onPostgres && !options.databaseFile ? await createTestDatabase() : undefined;
  const shared = postgres
    ? { DATABASE_URL: postgres.url, REDIS_URL, REDIS_PREFIX: await freshRedisPrefix() }
    : {};
  const config = loadConfig({
    ...GENEROUS_RATE_LIMITS,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${databaseFile}`,
    ...shared,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const app: App = createApp(config, {
    logger: createLogger(config, options.logDestination),
    onStatement: options.onStatement,
  });
  const running = await app.start();
  const clients = new Set<Client>();
  const wsUrl = `ws://127.0.0.1:${running.port}/graphql`;

  return {
    url: running.url,
    wsUrl,
    databaseFile,
    running,
    request: (document, variables, options) =>
      graphqlRequest(running.url, document, variables, options),
    wsClient(clientOptions = {}) {
      const client = connectWs({ url: running.url, wsUrl }, clientOptions);
      clients.add(client);
      return client;
    },
    async stop() {
      await Promise.all([...clients].map((client) => client.dispose()));
      clients.clear();
      await app.stop();
      temporary?.cleanup();
      await postgres?.drop();
    },
  };
}

/**
 * One server shared by the tests of a `describe` block (or file): started before them, stopped
 * after. Read its fields inside tests, not at collection time.
 */
export function useTestServer(options?: Parameters<typeof startTestServer>[0]): TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return new Proxy({} as TestServer, {
    get(_target, key) {
      if (!server) throw new Error('The test server is not started yet: use it inside a test');
      return Reflect.get(server, key);
    },
  });
}
