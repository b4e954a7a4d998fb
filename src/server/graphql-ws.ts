import type { Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Presence } from '../delivery/presence.js';
import type { DeliveryHub } from '../delivery/stream-hub.js';
import type { Identity } from '../domain/identity.js';
import type { Viewer } from '../domain/viewer.js';
import { authenticate, isUnauthenticated } from './authentication.js';
import { clientAddressOf } from './client-address.js';
import { WebSocketConnection } from './connection.js';
import { admitWebSocket, type ConnectionLimits } from './connection-limits.js';
import type { Caller } from './context.js';
import type { Metrics } from './metrics.js';
import { connectionAuthorization, operationCaller } from './operation-credentials.js';
import type { CharlaYoga } from './yoga.js';

/** The enveloped `execute`/`subscribe` of one operation, carried from onSubscribe to execution. */
type EnvelopedOperation = Pick<ReturnType<CharlaYoga['getEnveloped']>, 'execute' | 'subscribe'>;
const operations = new WeakMap<ExecutionArgs, EnvelopedOperation>();

function envelopedFor(args: ExecutionArgs): EnvelopedOperation {
  const operation = operations.get(args);
  if (!operation) throw new Error('graphql-ws operation did not pass through onSubscribe');
  return operation;
}

/** The error with `code` set as Yoga sets it over HTTP, unless it already has one. */
function coded(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/** How long a closing socket may take to answer the close frame before it is cut, in ms. */
const CLOSE_HANDSHAKE_TIMEOUT_MS = 1_000;

/** Per-socket state: the caller `connection_init` proved. */
type SocketState = {
  caller?: Caller;
};

export type GraphQLWsOptions = {
  yoga: CharlaYoga;
  identity: Identity;
  presence: Presence;
  /** Where revocations are announced: from the bus, or from a re-check of access. */
  hub: DeliveryHub;
  /** Operations one socket may have running at once (subscriptions, mostly). */
  maxSubscriptionsPerConnection: number;
  limits: {
    /** Largest message a client may send, in bytes (1009 past it). */
    maxPayloadBytes: number;
    /** Time a socket has to send connection_init, in ms (4408 past it). */
    connectionInitTimeoutMs: number;
    /** Browser origins allowed to connect; empty allows all. */
    allowedOrigins: string[];
  };
  trustProxyHops: number;
  /** Caps on open connections per address, per user and on anonymous ones (shared with SSE). */
  connectionLimits: ConnectionLimits;
  metrics: Metrics;
};

/**
 * Serves graphql-ws (`graphql-transport-ws`) on Yoga's endpoint of the same HTTP server.
 *
 * - `connection_init` may carry `{ authorization: "Bearer <token>" }`; a token that proves
 *   nothing closes the socket with 4403. Without one the socket is anonymous (for register and
 *   login).
 * - Each operation is parsed, validated, given its context and executed through
 *   `yoga.getEnveloped`, so Yoga's plugins (masking, limits) apply exactly as over HTTP; the
 *   token is checked again for each, and a socket whose token was revoked closes with 4403.
 * - Logout anywhere closes every socket opened with that token (4403).
 */
export function attachGraphQLWs(httpServer: Server, options: GraphQLWsOptions): Disposable {
  const { yoga, identity, presence, hub, limits, metrics } = options;
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: yoga.graphqlEndpoint,
    maxPayload: limits.maxPayloadBytes,
    // Compression off: per-message deflate costs memory per socket and has a history of
    // denial-of-service bugs; chat frames are small.
    perMessageDeflate: false,
    // Browsers send Origin: only the allowed ones may open a socket. Other clients send none.
    verifyClient: ({ origin }: { origin?: string }) =>
      limits.allowedOrigins.length === 0 ||
      origin === undefined ||
      limits.allowedOrigins.includes(origin),
  });
  const connections = new WeakMap<WebSocket, WebSocketConnection>();
  const connectionOf = (socket: WebSocket) => {
    const connection = connections.get(socket);
    if (!connection) throw new Error('graphql-ws socket was not admitted');
    return connection;
  };
  wsServer.on('connection', (socket, request) => {
    metrics.openSockets.inc();
    socket.once('close', () => metrics.openSockets.dec());
    const slot = admitWebSocket(options.connectionLimits, socket, request, options.trustProxyHops);
    connections.set(socket, new WebSocketConnection(socket, slot, presence));
  });

  const server = useServer<Record<string, unknown> | undefined, SocketState>(
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      execute: (args) => envelopedFor(args).execute(args),
      subscribe: (args) => envelopedFor(args).subscribe(args),
      onConnect: async (ctx) => {
        const authorization = connectionAuthorization(ctx.connectionParams);
        if (authorization === null) return false; // graphql-ws closes with 4403
        const connection = connectionOf(ctx.extra.socket);
        let viewer: Viewer | null;
        try {
          viewer = await authenticate(identity, authorization);
        } catch (error) {
          if (isUnauthenticated(error)) return false; // graphql-ws closes with 4403
          throw error;
        }
        const admitted = viewer
          ? connection.signIn(viewer, hub)
          : connection.stayAnonymous(
              options.connectionLimits,
              () => Object.keys(ctx.subscriptions).length,
            );
        if (!admitted) return false;
        connection.runs(ctx.subscriptions);
        ctx.extra.caller = {
          authorization,
          clientAddress: clientAddressOf(ctx.extra.request, options.trustProxyHops),
          connection: connection.delivery,
        };
        return true;
      },
      onComplete: (ctx) => connectionOf(ctx.extra.socket).touch(),
      onSubscribe: async (ctx, id, payload) => {
        const connection = connectionOf(ctx.extra.socket);
        connection.touch();
        // graphql-ws has already registered this operation's id, hence `>`.
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(
              `At most ${options.maxSubscriptionsPerConnection} subscriptions per connection`,
              { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
            ),
          ];
        }
        // GraphiQL signs operations, not sockets: see operation-credentials.ts.
        const operation =
          ctx.extra.caller &&
          operationCaller(ctx.extra.caller, payload.extensions, connection.operationDelivery);
        if (operation instanceof GraphQLError) return [operation];
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          req: ctx.extra.request,
          webSocketCaller: operation?.caller,
          params: payload,
        });
        // Parse and validation errors (document limits among them) answer this operation
        // alone; thrown, they would close the socket with 4500 and take every subscription on it.
        let document: ExecutionArgs['document'];
        try {
          document = parse(payload.query);
        } catch (error) {
          if (error instanceof GraphQLError) return [coded(error, 'GRAPHQL_PARSE_FAILED')];
          throw error;
        }
        try {
          const errors = validate(schema, document);
          if (errors.length > 0) {
            return errors.map((e: GraphQLError) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
          }
        } catch (error) {
          if (error instanceof GraphQLError) return [coded(error, 'GRAPHQL_VALIDATION_FAILED')];
          throw error;
        }
        let contextValue: Awaited<ReturnType<typeof contextFactory>>;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          if (!isUnauthenticated(error)) throw error;
          // The operation's own token proves nothing: that operation alone is refused.
          if (operation?.ownCredentials) return [error as GraphQLError];
          // The socket's token stopped working (revoked or expired) since connection_init.
          connection.forbid();
          return [error as GraphQLError];
        }
        contextValue.operationId = id;
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
        operations.set(args, { execute, subscribe });
        return args;
      },
    },
    wsServer,
  );

  return {
    /** Closes every socket with 1001; a peer that does not answer the close in time is cut. */
    async dispose() {
      const cut = setTimeout(() => {
        for (const socket of wsServer.clients) socket.terminate();
      }, CLOSE_HANDSHAKE_TIMEOUT_MS);
      await server.dispose();
      clearTimeout(cut);
    },
  };
}
