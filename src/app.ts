import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Disposable } from 'graphql-ws';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import type { StatementObserver } from './db/sqlite-adapter.js';
import { StorageHealth } from './db/storage-health.js';
import { AccessRevalidation } from './delivery/access-revalidation.js';
import { createDelivery } from './delivery/delivery.js';
import { Presence, redisPresenceDirectory } from './delivery/presence.js';
import { announceRoomActivity } from './delivery/room-activity.js';
import { DeliveryHub } from './delivery/stream-hub.js';
import { TypingIndicators } from './delivery/typing.js';
import { createBlocking } from './domain/blocking.js';
import { companyTokenVerifier } from './domain/company-tokens.js';
import { createConversations } from './domain/conversations.js';
import { createGroups } from './domain/groups.js';
import { createIdentity } from './domain/identity.js';
import { createInbox } from './domain/inbox.js';
import { createMessaging } from './domain/messaging.js';
import { createModeration } from './domain/moderation.js';
import { rekeyNames } from './domain/name-rekeying.js';
import { createRooms, ensureGeneralRoom } from './domain/rooms.js';
import { createSafety } from './domain/safety.js';
import type { EventBus } from './events/event-bus.js';
import { createInProcessBus } from './events/in-process-bus.js';
import { createRedisBus } from './events/redis-bus.js';
import { createThrottle } from './limits/action-limits.js';
import { createMemoryRateLimiter, redisRateLimiters } from './limits/rate-limiter.js';
import { createLogger, type Logger } from './logger.js';
import { admitEventStream, ConnectionLimits, isEventStream } from './server/connection-limits.js';
import { createContextFactory } from './server/context.js';
import { attachGraphQLWs } from './server/graphql-ws.js';
import { createHttpServer } from './server/http-server.js';
import { InflightRequests } from './server/inflight-requests.js';
import { createMetrics } from './server/metrics.js';
import { createMetricsServer } from './server/metrics-endpoint.js';
import { createCharlaYoga } from './server/yoga.js';
import { storeFor } from './storage/store.js';

/** How long `stop()` lets HTTP requests in flight finish before it cuts them off, in ms. */
const SHUTDOWN_GRACE_MS = 5_000;
/** Typing indicators are announced at most this often per user and place, in ms. */
const TYPING_THROTTLE_MS = 2_000;

export type RunningApp = {
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** Base URL for HTTP on the loopback interface, e.g. `http://127.0.0.1:4000`. */
  url: string;
  database: Database;
  /** The port /metrics is served on when METRICS_PORT is set. */
  metricsPort?: number;
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

/** What `start()` opened, in the order `stop()` closes it. */
type Running = {
  httpServer: Server;
  metricsServer: Server | undefined;
  graphqlWs: Disposable;
  inflight: InflightRequests;
  shutdown: AbortController;
  draining: { value: boolean };
  closeLiveParts: () => void;
  bus: EventBus;
  database: Database;
};

/** Wires storage, the GraphQL engine and the transports; `index.ts` only starts it. */
export function createApp(config: Config, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config);
  let running: Running | undefined;
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
      const store = storeFor(database);
      // Keys first: `general` is found by its key.
      const names = await rekeyNames(store);
      if (names.rekeyed > 0) logger.info({ rekeyed: names.rekeyed }, 'recomputed name keys');
      for (const user of names.renamedUsers) {
        logger.warn({ user }, 'nickname renamed: it now looks like an earlier account’s');
      }
      for (const room of names.renamedRooms) {
        logger.warn({ room }, 'room renamed: its name now looks like an earlier room’s');
      }
      await ensureGeneralRoom(store);

      const shared = config.redis
        ? createRedisBus(config.redis.url, config.redis.prefix)
        : undefined;
      const bus: EventBus = shared ?? createInProcessBus();
      const rateLimiters =
        shared && config.redis
          ? redisRateLimiters(shared.client, config.redis.prefix)
          : createMemoryRateLimiter;
      const directory =
        shared && config.redis
          ? redisPresenceDirectory(shared.client, config.redis.prefix, randomUUID())
          : undefined;
      const shutdown = new AbortController();
      // Every live stream listens for shutdown: thousands of listeners are expected, not a leak
      // (Node would print MaxListenersExceededWarning from the 11th).
      setMaxListeners(0, shutdown.signal);
      const draining = { value: false };
      const presence = new Presence(bus, directory);
      const refreshPresence = directory
        ? setInterval(() => void directory.refresh(presence.localUsers()).catch(() => {}), 20_000)
        : undefined;
      refreshPresence?.unref();
      const hub = new DeliveryHub(bus);
      const revalidation = new AccessRevalidation(
        { store, hub, bus },
        {
          intervalMs: config.accessRevalidationMs,
          onError: (error) => logger.warn({ err: error }, 'could not re-check live access'),
        },
      );
      const typing = new TypingIndicators(bus, {
        ttlMs: config.typingTimeoutMs,
        throttleMs: TYPING_THROTTLE_MS,
      });
      const stopAnnouncing = announceRoomActivity(store, bus);
      const metrics = createMetrics();
      const storageHealth = new StorageHealth(config.storageFailureHoldMs);
      const throttle = createThrottle(config.actionLimits, rateLimiters, (action) =>
        metrics.rateLimited.inc({ action }),
      );
      const identity = createIdentity({
        store,
        bus,
        rateLimiters,
        throttle,
        options: {
          tokenTtlMs: config.tokenTtlMs,
          loginFailureLimit: config.loginFailureLimit,
          loginAddressFailureLimit: config.loginAddressFailureLimit,
          loginNicknameFailureLimit: config.loginNicknameFailureLimit,
          localAccounts: config.localAccounts,
        },
        companyTokens: config.companyIdentity && companyTokenVerifier(config.companyIdentity),
      });
      const messaging = createMessaging({ store, bus, throttle });
      const safety = createSafety({
        store,
        bus,
        throttle,
        messaging,
        adminNicknames: config.admins.nicknames,
      });
      // A deletion cut short by a crash is finished in the background.
      void safety
        .finishDeletions()
        .then((finished) => {
          if (finished > 0) logger.info({ finished }, 'finished interrupted account deletions');
        })
        .catch((error) => logger.warn({ err: error }, 'could not finish account deletions'));
      const yoga = createCharlaYoga({
        logger,
        presence,
        createContext: createContextFactory({
          identity,
          conversations: createConversations({ store }),
          blocking: createBlocking({ store, bus }),
          rooms: createRooms({ store, bus }),
          groups: createGroups({ store, bus, throttle }),
          inbox: createInbox({ store }),
          moderation: createModeration({ store, bus }),
          messaging,
          safety,
          delivery: createDelivery({
            store,
            hub,
            typing,
            limits: config.delivery,
            maxEventStreamsPerUser: config.maxSseStreamsPerUser,
            throttle,
            onDelivered: () => metrics.deliveredEvents.inc(),
            onSubscribed: () => {
              metrics.activeSubscriptions.inc();
              return () => metrics.activeSubscriptions.dec();
            },
            shutdown: shutdown.signal,
          }),
          presence,
          countLiveRender: () => metrics.liveRenders.inc(),
        }),
        // Ready: not shutting down, no recent failed write (disk full…), the database answers,
        // and Redis too when it is in use.
        isReady: async () =>
          !draining.value &&
          !storageHealth.recentFailure &&
          (shared?.isHealthy() ?? true) &&
          (await database.isReady()),
        introspection: config.introspection,
        graphiql: config.graphiql,
        federation: config.federation,
        trustProxyHops: config.trustProxyHops,
        metrics,
        metricsAccess: {
          token: config.metrics.token,
          onOwnPort: config.metrics.port !== undefined,
        },
        operationBudget: config.operationBudget,
        federationSdlSecret: config.federationSdlSecret,
        documentCacheMaxBytes: config.documentCacheMaxBytes,
        storageHealth,
      });
      const inflight = new InflightRequests();
      const connectionLimits = new ConnectionLimits(config.connections, (reason) =>
        metrics.connectionsRefused.inc({ reason }),
      );
      const httpServer = createHttpServer(
        (req, res) => {
          if (
            isEventStream(req) &&
            !admitEventStream(connectionLimits, req, res, config.trustProxyHops)
          )
            return;
          void yoga(req, res);
        },
        config.http,
        inflight,
      );
      const graphqlWs = attachGraphQLWs(httpServer, {
        yoga,
        identity,
        presence,
        hub,
        maxSubscriptionsPerConnection: config.maxSubscriptionsPerConnection,
        limits: config.webSocket,
        trustProxyHops: config.trustProxyHops,
        connectionLimits,
        metrics,
      });
      await listen(httpServer, config);
      const metricsServer =
        config.metrics.port === undefined
          ? undefined
          : createMetricsServer(metrics.registry, { token: config.metrics.token });
      if (metricsServer) await listen(metricsServer, { ...config, port: config.metrics.port ?? 0 });
      running = {
        httpServer,
        metricsServer,
        graphqlWs,
        inflight,
        shutdown,
        draining,
        closeLiveParts: () => {
          clearInterval(refreshPresence);
          typing.close();
          revalidation.close();
          hub.close();
          stopAnnouncing();
        },
        bus,
        database,
      };
      stopping = undefined;

      const address = httpServer.address() as AddressInfo;
      const { port } = address;
      const url = `http://127.0.0.1:${port}`;
      logger.info(
        {
          port,
          host: config.host ?? '*',
          storage: database.provider,
          bus: shared ? 'redis' : 'in-process',
        },
        listeningMessage(address),
      );
      const metricsPort = metricsServer && (metricsServer.address() as AddressInfo).port;
      return { port, url, database, metricsPort };
    },

    /**
     * Graceful shutdown: /ready answers 503, no new connection is accepted, WebSockets close
     * with 1001, requests in flight get up to SHUTDOWN_GRACE_MS to finish (a write either
     * commits and is answered, or fails unacknowledged), then SSE streams are cut without
     * `complete` so that their clients reconnect and resume.
     */
    stop() {
      if (!running) return stopping ?? Promise.resolve();
      const current = running;
      running = undefined;
      stopping = (async () => {
        current.draining.value = true;
        const closed = new Promise<void>((resolve) => current.httpServer.close(() => resolve()));
        await current.graphqlWs.dispose();
        current.httpServer.closeIdleConnections();
        await current.inflight.drain(SHUTDOWN_GRACE_MS);
        current.httpServer.closeAllConnections();
        current.shutdown.abort();
        await closed;
        await new Promise<void>((resolve) => {
          if (!current.metricsServer) return resolve();
          current.metricsServer.closeAllConnections();
          current.metricsServer.close(() => resolve());
        });
        current.closeLiveParts();
        await current.bus.close();
        await current.database.close();
        logger.info('Charla stopped');
      })();
      return stopping;
    },
  };
}

/**
 * The start-up line, true to the address bound: every interface when HOST is unset (or a
 * wildcard), with the URL that works from this machine; otherwise the address itself.
 */
export function listeningMessage({ address, family, port }: AddressInfo): string {
  if (address === '::' || address === '0.0.0.0') {
    return `Charla is listening on every interface, port ${port}: from this machine, http://localhost:${port}/graphql`;
  }
  const host = family === 'IPv6' ? `[${address}]` : address;
  return `Charla is listening on http://${host}:${port}/graphql`;
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
