import type { IncomingMessage, ServerResponse } from 'node:http';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from '../schema/context.js';
import { schema, subgraphSchema } from '../schema/index.js';
import { clientAddressOf } from './client-address.js';
import type { Caller, ContextFactory } from './context.js';
import { useCsrfPreventionForWrites } from './csrf.js';
import { documentLimitPlugins } from './document-limits.js';
import { maskError } from './error-masking.js';
import { useReportedFieldErrors } from './field-errors.js';
import type { Metrics } from './metrics.js';
import { useRequestLog } from './request-log.js';
import { useSseRequests } from './sse-requests.js';

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
          connection: { kind: 'http', bufferedBytes: () => res?.writableLength ?? 0 },
        },
      ),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    batching: false,
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
    maskedErrors: { maskError },
    logging: {
      debug: (...args) => logger.debug({ yoga: args.slice(1) }, String(args[0])),
      info: (...args) => logger.info({ yoga: args.slice(1) }, String(args[0])),
      warn: (...args) => logger.warn({ yoga: args.slice(1) }, String(args[0])),
      error: (...args) => logger.error({ yoga: args.slice(1) }, String(args[0])),
    },
    plugins: [
      useRequestLog(logger),
      useReadinessCheck({ endpoint: '/ready', check: () => isReady() }),
      // Before CSRF prevention: a graphql-sse PUT is told why it is refused, not asked for a header.
      useSseRequests('/graphql'),
      useCsrfPreventionForWrites(),
      useReportedFieldErrors(),
      ...documentLimitPlugins({ introspection: options.introspection }),
      usePrometheus({
        endpoint: '/metrics',
        registry: options.metrics.registry,
        metrics: {
          // Off: the schema deprecates nothing, yet counting walked every operation's document
          // with a TypeInfo on every request; and the summary's quantiles repeat what the
          // request-duration histogram says, at a higher cost per observation.
          graphql_envelop_deprecated_field: false,
          graphql_envelop_request_time_summary: false,
        },
      }),
    ],
  });
}

let graphiqlPage: string | undefined;
function renderGraphiQLOnce(options: Parameters<typeof renderGraphiQL>[0]): string {
  graphiqlPage ??= renderGraphiQL(options);
  return graphiqlPage;
}
