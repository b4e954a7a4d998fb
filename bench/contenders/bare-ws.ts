/**
 * Contender A, the limit: a bare `ws` broadcast server that speaks just enough
 * graphql-transport-ws to look like the others to the load driver. No GraphQL, no storage:
 * each published message is serialized once into one `next` frame (every socket subscribes
 * with id "1") and that same buffer goes to every subscribed socket.
 *
 *   POST /publish {"variables":{"body":"…"}}  publishes one message to every subscriber
 *   GET /ready                                 200 once listening
 */
import { createServer } from 'node:http';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

/** The one subscription id the driver uses on every socket, so one frame fits all. */
const SUBSCRIPTION_ID = '1';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
const subscribers = new Set<WebSocket>();
let nextId = 1;

type ProtocolMessage = { type?: string; id?: string };
type PublishRequest = { variables?: { body?: string } };

function publish(body: string): string {
  const id = String(nextId++);
  const message = {
    id,
    body,
    author: { id: 'VXNlcjox', nickname: 'bench' },
    createdAt: new Date().toISOString(),
    cursor: Buffer.from(JSON.stringify(['p', 1, Number(id)])).toString('base64url'),
  };
  const frame = Buffer.from(
    JSON.stringify({
      id: SUBSCRIPTION_ID,
      type: 'next',
      payload: { data: { roomMessages: message } },
    }),
  );
  for (const socket of subscribers) socket.send(frame, { binary: false });
  return id;
}

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/ready') {
    response.end('ready');
    return;
  }
  if (request.method !== 'POST' || request.url !== '/publish') {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const { variables } = JSON.parse(Buffer.concat(chunks).toString()) as PublishRequest;
    const id = publish(String(variables?.body ?? ''));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ data: { postMessage: { id } } }));
  });
});

const webSockets = new WebSocketServer({ server, path: '/graphql' });
webSockets.on('connection', (socket) => {
  socket.on('message', (data: RawData) => {
    const message = JSON.parse(String(data)) as ProtocolMessage;
    switch (message.type) {
      case 'connection_init':
        socket.send('{"type":"connection_ack"}');
        break;
      case 'subscribe':
        if (message.id !== SUBSCRIPTION_ID) {
          socket.close(4400, `subscription id must be "${SUBSCRIPTION_ID}"`);
          return;
        }
        subscribers.add(socket);
        break;
      case 'complete':
        subscribers.delete(socket);
        break;
      case 'ping':
        socket.send('{"type":"pong"}');
        break;
    }
  });
  socket.on('close', () => subscribers.delete(socket));
});

server.listen(port, host);
// The harness holds our stdin: when it goes away, so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
