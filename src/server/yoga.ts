import type { IncomingMessage, ServerResponse } from 'node:http';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { StorageHealth } from '../db/storage-health.js';
import type { Presence } from '../delivery/presence.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from '../schema/context.js';
import { schema, subgraphSchema } from '../schema/index.js';
import { clientAddressOf } from './client-address.js';
import { responseConnection } from './connection.js';
import type { Caller, ContextFactory } from './context.js';
import { useCsrfPreventionForWrites } from './csrf.js';
import { boundedParserCache } from './document-cache.js';
import { documentLimitPlugins } from './document-limits.js';
import { maskError } from './error-masking.js';
import { useSdlSecret } from './federation-access.js';
import { useReportedFieldErrors } from './field-errors.js';
import { loggableError } from './loggable-errors.js';
import { boundedYogaMetrics, type Metrics } from './metrics.js';
import { type MetricsAccess, useMetricsEndpoint } from './metrics-endpoint.js';
import { type OperationBudget, useOperationBudget } from './operation-budget.js';
import { useRequestLog } from './request-log.js';
import { useSseRequests } from './sse-requests.js';
import { maskingStorageFailures } from './storage-errors.js';

/**
 * What the transport hands Yoga: Node's request objects over HTTP; over WebSocket, the upgrade
 * request and the caller as `connection_init` established it.
 */
export type ServerContext = {
  req: IncomingMessage;
  res?: ServerResponse;
  webSocketCaller?: Caller;
};

export type CharlaYoga = YogaServerInstance<ServerContext, GraphQLContext>;

export type YogaOptions = {
  logger: Logger;
  /** Where SSE subscribers count as present while their stream runs. */
  presence: Presence;
  /** Builds the per-operation context the resolvers see. */
  createContext: ContextFactory;
  /** Answers `GET /ready`: true when storage is reachable and migrated. */
  isReady: () => Promise<boolean>;
  /** Introspection and field suggestions (GraphiQL needs them). */
  introspection: boolean;
  /** Serve GraphiQL to browsers. */
  graphiql: boolean;
  /** Serve the federation subgraph schema instead of the plain one. */
  federation: boolean;
  /** Proxies whose X-Forwarded-For is trusted for the client's address. */
  trustProxyHops: number;
  /** Where /metrics reads from. */
  metrics: Metrics;
  /** Who may scrape /metrics on this port; `onOwnPort` serves it elsewhere (METRICS_PORT). */
  metricsAccess: MetricsAccess & { onOwnPort: boolean };
  /** What one operation may cost and return. */
  operationBudget: OperationBudget;
  /** When set, `_service { sdl }` needs it in the `x-federation-sdl-secret` header. */
  federationSdlSecret: string | undefined;
  /** Heap budget of the parsed-document cache, in bytes (0 disables the cache). */
  documentCacheMaxBytes: number;
  /** Told of storage failures that reach clients (they answer SERVICE_UNAVAILABLE). */
  storageHealth: StorageHealth;
};

/** GraphiQL's first tab: the sign-in walkthrough of the README, ready to run. */
const GRAPHIQL_WELCOME = `# Welcome to Charla.
#
# 1. Run "Register" below (pick your own nickname and password).
# 2. Copy the token into the Headers panel:  { "Authorization": "Bearer <token>" }
# 3. Run "Me", then explore the schema with the Docs button on the left.
# 4. Follow a room live: a subscription such as
#      subscription { roomMessages(roomId: "<room id from Me>") { body author { nickname } } }
#    runs in this editor too, signed in by the same Headers panel.

mutation Register {
  register(nickname: "ada", password: "a long passphrase") {
    token
    user { id nickname }
  }
}

query Me {
  me { id nickname online }
  rooms(first: 10) { edges { node { id name topic } } }
}
`;

/**
 * The one GraphQL engine behind every transport: HTTP and SSE are served by Yoga directly, and
 * graphql-ws runs its operations through `yoga.getEnveloped`, so every plugin here applies on
 * every path.
 */
export function createCharlaYoga(options: YogaOptions): CharlaYoga {
  const { logger, createContext, isReady } = options;
  return createYoga<ServerContext, GraphQLContext>({
    schema: options.federation ? subgraphSchema : schema,
    context: ({ request, req, res, webSocketCaller }) =>
      createContext(
        webSocketCaller ?? {
          authorization: request.headers.get('authorization'),
          clientAddress: clientAddressOf(req, options.trustProxyHops),
          connection: responseConnection(res, options.presence),
        },
      ),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    batching: false,
    parserAndValidationCache: boundedParserCache(options.documentCacheMaxBytes),
    // The HTTP server refuses bodies over HTTP_MAX_BODY_BYTES, and any without a Content-Length,
    // before they are read (http-server.ts); Yoga's own limit would pipe every body through one
    // more stream, about 0.1 ms of CPU per request.
    maxRequestBodySize: false,
    graphiql: options.graphiql && {
      title: 'Charla',
      // GraphiQL's subscriptions use graphql-ws on the same path, like any other client.
      subscriptionsProtocol: 'WS',
      defaultQuery: GRAPHIQL_WELCOME,
    },
    // GraphiQL's scripts are served by Charla itself rather than from a public CDN, so it works
    // on closed networks and under a strict CSP. The page is large (about 9 MB), so it is
    // rendered once.
    renderGraphiQL: renderGraphiQLOnce,
    maskedErrors: { maskError: maskingStorageFailures(options.storageHealth, maskError) },
    logging: {
      debug: yogaLog(logger, 'debug'),
      info: yogaLog(logger, 'info'),
      warn: yogaLog(logger, 'warn'),
      error: yogaLog(logger, 'error'),
    },
    plugins: [
      useRequestLog(logger),
      useReadinessCheck({ endpoint: '/ready', check: () => isReady() }),
      // Before CSRF prevention: a graphql-sse PUT is told why it is refused, not asked for a header.
      useSseRequests('/graphql'),
      useCsrfPreventionForWrites(),
      useReportedFieldErrors(),
      ...documentLimitPlugins({ introspection: options.introspection }),
      useOperationBudget(options.operationBudget),
      ...(options.federationSdlSecret ? [useSdlSecret(options.federationSdlSecret)] : []),
      usePrometheus({
        // Served by useMetricsEndpoint (or its own port), where access is checked.
        endpoint: false,
        registry: options.metrics.registry,
        metrics: boundedYogaMetrics(options.metrics.registry),
      }),
      ...(options.metricsAccess.onOwnPort
        ? []
        : [useMetricsEndpoint(options.metrics.registry, options.metricsAccess)]),
    ],
  });
}

/**
 * Yoga's log calls, as pino lines. Yoga logs every error it masks, passing the error itself:
 * stringified, a GraphQLError prints the request's document (passwords written inline
 * included), so errors go through `loggableError`, and the caller's own mistakes are debug
 * lines rather than errors.
 */
function yogaLog(logger: Logger, level: 'debug' | 'info' | 'warn' | 'error') {
  return (...args: unknown[]) => {
    const [first, ...rest] = args;
    if (first instanceof Error) {
      const { kind, message, fields } = loggableError(first);
      logger[kind === 'client' && level === 'error' ? 'debug' : level](fields, message);
      return;
    }
    const details = rest.map((arg) => (arg instanceof Error ? loggableError(arg).fields : arg));
    logger[level]({ yoga: details }, String(first));
  };
}

let graphiqlPage: string | undefined;
function renderGraphiQLOnce(options: Parameters<typeof renderGraphiQL>[0]): string {
  graphiqlPage ??= renderGraphiQL(options);
  return graphiqlPage;
}
