import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { InflightRequests } from './inflight-requests.js';

export type HttpLimits = {
  /** Largest request body, in bytes. */
  maxBodyBytes: number;
  /** Time to receive a request's headers, in ms. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, in ms. */
  requestTimeoutMs: number;
  /** TCP connections held at once, of every kind; Node drops new ones past it on accept. */
  maxConnections: number;
};

function refuse(res: ServerResponse, status: number, message: string) {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(body);
}

/**
 * The HTTP server: Node's own timeouts against slow clients (slowloris: headers trickled for
 * ever, bodies that never end), and a body limit enforced from Content-Length before anything is
 * read. A body without a length (chunked) is refused: every GraphQL client sends one.
 */
export function createHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  limits: HttpLimits,
  inflight: InflightRequests,
): Server {
  // Node checks the header and request timeouts on an interval (30 s by default): check often
  // enough that a trickling client is dropped close to its deadline.
  const connectionsCheckingInterval = Math.min(1_000, limits.headersTimeoutMs / 2);
  const server = createServer({ connectionsCheckingInterval }, (req, res) => {
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') {
      const length = req.headers['content-length'];
      if (length === undefined) {
        refuse(res, 411, 'A request body needs a Content-Length');
        return;
      }
      if (Number(length) > limits.maxBodyBytes) {
        refuse(res, 413, `The request body is larger than ${limits.maxBodyBytes} bytes`);
        return;
      }
    }
    inflight.track(req, res);
    handler(req, res);
  });
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  // The last line against descriptor exhaustion: below the process's limit, so that the
  // database, logs and Redis can still open what they need when every connection is taken.
  server.maxConnections = limits.maxConnections;
  // Idle keep-alive sockets are closed after 5 s, below common load balancer idle timeouts.
  server.keepAliveTimeout = 5_000;
  return server;
}
