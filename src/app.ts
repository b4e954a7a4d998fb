import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Disposable } from 'graphql-ws';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import type { StatementObserver } from './db/sqlite-adapter.js';
import { Presence } from './delivery/presence.js';
import { createIdentity } from './domain/identity.js';
import { createMessaging } from './domain/messaging.js';
import { createRooms, ensureGeneralRoom } from './domain/rooms.js';
import type { EventBus } from './events/event-bus.js';
import { createInProcessBus } from './events/in-process-bus.js';
import { createMemoryRateLimiter } from './limits/rate-limiter.js';
import { createLogger, type Logger } from './logger.js';
import { createContextFactory } from './server/context.js';
import { attachGraphQLWs } from './server/graphql-ws.js';
import { createCharlaYoga } from './server/yoga.js';

/** How long `stop()` lets open HTTP requests finish before it cuts them off, in ms. */
const SHUTDOWN_GRACE_MS = 5_000;

export type RunningApp = {
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** Base URL for HTTP on the loopback interface, e.g. `http://127.0.0.1:4000`. */
  url: string;
  database: Database;
};

export type App = {
  /** Opens and migrates storage, seeds `general`, then listens. */
  start(): Promise<RunningApp>;
  /** Stops accepting, closes sockets (1001) and open requests, then closes storage. Idempotent. */
  stop(): Promise<void>;
};

export type AppOptions = {
  logger?: Logger;
  /** Sees every SQL statement the application runs (tests count them to catch N+1 queries). */
  onStatement?: StatementObserver;
};

/** Wires storage, the GraphQL engine and the transports; `index.ts` only starts it. */
export function createApp(config: Config, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config);
  let running:
    | { httpServer: Server; graphqlWs: Disposable; database: Database; bus: EventBus }
    | undefined;
  let stopping: Promise<void> | undefined;

  return {
    async start() {
      if (running) throw new Error('Charla is already started');
      const database = await openDatabase(config.databaseUrl, {
        onStatement: options.onStatement,
      });
      if (database.appliedMigrations.length > 0) {
        logger.info({ migrations: database.appliedMigrations }, 'applied database migrations');
      }
      await ensureGeneralRoom(database.db);

      const bus = createInProcessBus();
      const presence = new Presence();
      const identity = createIdentity({
        db: database.db,
        bus,
        rateLimiters: createMemoryRateLimiter,
        options: { tokenTtlMs: config.tokenTtlMs, loginFailureLimit: config.loginFailureLimit },
      });
      const rooms = createRooms({ db: database.db, bus });
      const messaging = createMessaging({ db: database.db, bus });
      const yoga = createCharlaYoga({
        logger,
        createContext: createContextFactory({
          db: database.db,
          identity,
          rooms,
          messaging,
          presence,
        }),
        isReady: () => database.isReady(),
      });
      const httpServer = createServer(yoga);
      const graphqlWs = attachGraphQLWs(httpServer, { yoga, identity, presence, bus });
      await listen(httpServer, config);
      running = { httpServer, graphqlWs, database, bus };
      stopping = undefined;

      const { port } = httpServer.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      logger.info({ port, host: config.host ?? '*' }, `Charla is listening on ${url}/graphql`);
      return { port, url, database };
    },

    stop() {
      if (!running) return stopping ?? Promise.resolve();
      const { httpServer, graphqlWs, database, bus } = running;
      running = undefined;
      stopping = (async () => {
        const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await graphqlWs.dispose();
        httpServer.closeIdleConnections();
        const grace = setTimeout(() => httpServer.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await closed;
        clearTimeout(grace);
        await bus.close();
        await database.close();
        logger.info('Charla stopped');
      })();
      return stopping;
    },
  };
}

function listen(server: Server, { port, host }: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
