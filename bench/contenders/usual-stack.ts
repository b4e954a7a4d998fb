/**
 * Contender B, the usual stack: graphql-ws `useServer` + graphql-js + an in-memory pub/sub in
 * which every subscriber owns an EventEmitter-based async iterator. graphql-js executes the
 * subscription document once per subscriber per event, as Apollo Server does. No storage.
 *
 *   POST /graphql   any operation, through graphql-js `graphql()` (postMessage publishes)
 *   WS   /graphql   graphql-transport-ws
 *   GET  /ready     200 once listening
 */
import { EventEmitter, on } from 'node:events';
import { createServer } from 'node:http';
import { buildSchema, graphql } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

const schema = buildSchema(/* GraphQL */ `
  type Message {
    id: ID!
    body: String!
    author: String!
    createdAt: String!
  }
  type Query {
    ready: Boolean!
  }
  type Mutation {
    postMessage(roomId: ID!, body: String!): Message!
  }
  type Subscription {
    roomMessages(roomId: ID!): Message!
  }
`);

type Message = { id: string; body: string; author: string; createdAt: string };

const bus = new EventEmitter();
bus.setMaxListeners(0);
let nextId = 1;

/** One async iterator per subscriber, fed by the emitter; closing it removes the listener. */
async function* roomMessages({ roomId }: { roomId: string }) {
  for await (const [message] of on(bus, `room:${roomId}`)) {
    yield { roomMessages: message as Message };
  }
}

function postMessage({ roomId, body }: { roomId: string; body: string }): Message {
  const message = {
    id: String(nextId++),
    body,
    author: 'bench',
    createdAt: new Date().toISOString(),
  };
  bus.emit(`room:${roomId}`, message);
  return message;
}

const rootValue = { ready: () => true, postMessage, roomMessages };

type GraphQLRequest = { query?: string; variables?: Record<string, unknown> };

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/ready') {
    response.end('ready');
    return;
  }
  if (request.method !== 'POST' || request.url !== '/graphql') {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    const { query, variables } = JSON.parse(Buffer.concat(chunks).toString()) as GraphQLRequest;
    const result = await graphql({
      schema,
      source: query ?? '',
      rootValue,
      variableValues: variables,
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(result));
  });
});

useServer(
  { schema, roots: { query: rootValue, mutation: rootValue, subscription: rootValue } },
  new WebSocketServer({ server, path: '/graphql' }),
);

server.listen(port, host);
// The harness holds our stdin: when it goes away, so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
