import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { clientAddressOf } from './client-address.js';

/**
 * Caps on the connections that stay open: WebSockets and SSE streams. Without them, sockets
 * that never sign in and never run anything (an empty `connection_init` is a valid anonymous
 * one) pile up until the process runs out of file descriptors and real clients are refused.
 */
export type ConnectionLimitOptions = {
  /**
   * WebSockets and SSE streams one client address may hold open at once, signed in or not
   * (`MAX_CONNECTIONS_PER_ADDRESS`, default 256). Generous: many people may share one address
   * behind a NAT or a company proxy.
   */
  maxPerAddress: number;
  /**
   * Anonymous ones (no token) per client address (`MAX_ANONYMOUS_CONNECTIONS_PER_ADDRESS`,
   * default 16). Anonymous connections are only good for `register` and `login`.
   */
  maxAnonymousPerAddress: number;
  /**
   * Anonymous ones from every address together (`MAX_ANONYMOUS_CONNECTIONS`, default 1000).
   * Kept well below `MAX_CONNECTIONS` so that the rest stays for signed-in clients.
   */
  maxAnonymous: number;
  /**
   * WebSockets one signed-in user may hold open at once, from any address
   * (`MAX_SOCKETS_PER_USER`, default 32): one token must not be able to take every connection.
   * (SSE streams are capped per user by `MAX_SSE_STREAMS_PER_USER`.)
   */
  maxSocketsPerUser: number;
  /**
   * How long an anonymous WebSocket may stay open without an operation running, in ms
   * (`WS_ANONYMOUS_IDLE_TIMEOUT_MS`, default 30000); then it is closed with 1000.
   */
  anonymousIdleTimeoutMs: number;
};

/** Why a connection was refused (the `reason` label of `charla_connections_refused_total`). */
export type RefusalReason = 'per-address' | 'anonymous-per-address' | 'anonymous' | 'per-user';

/** One open connection's place in the counts; `release` gives it back (idempotent). */
export type ConnectionSlot = {
  /**
   * Counts the connection as anonymous too; false (and nothing counted) when its address, or
   * the server, already holds its share of anonymous connections.
   */
  claimAnonymous(): boolean;
  /** Counts the connection as one of `userId`'s; false (nothing counted) when they hold their cap. */
  claimUser(userId: number): boolean;
  release(): void;
};

/**
 * RFC 6455's "Try Again Later" (IANA WebSocket close code registry): the server casts off a
 * connection because of a temporary condition. graphql-ws clients retry after it.
 */
export const TRY_AGAIN_LATER = 1013;
/**
 * Normal Closure: what graphql-ws clients send themselves when a lazy socket has nothing left
 * to run, and they reconnect by themselves when they need the socket again.
 */
export const NORMAL_CLOSURE = 1000;

/**
 * Counts open long-lived connections per client address, anonymous ones per address and
 * overall, and signed-in WebSockets per user. Per instance.
 */
export class ConnectionLimits {
  readonly #perAddress = new Map<string, { open: number; anonymous: number }>();
  readonly #perUser = new Map<number, number>();
  #anonymous = 0;

  constructor(
    readonly options: ConnectionLimitOptions,
    private readonly onRefused: (reason: RefusalReason) => void = () => {},
  ) {}

  /** A slot for a new connection from `address`, or undefined when the address holds its cap. */
  open(address: string): ConnectionSlot | undefined {
    const counts = this.#perAddress.get(address) ?? { open: 0, anonymous: 0 };
    if (counts.open >= this.options.maxPerAddress) {
      this.onRefused('per-address');
      return undefined;
    }
    counts.open += 1;
    this.#perAddress.set(address, counts);
    let anonymous = false;
    let user: number | undefined;
    let released = false;
    return {
      claimUser: (userId) => {
        if (released || user !== undefined || anonymous) return false;
        const held = this.#perUser.get(userId) ?? 0;
        if (held >= this.options.maxSocketsPerUser) {
          this.onRefused('per-user');
          return false;
        }
        user = userId;
        this.#perUser.set(userId, held + 1);
        return true;
      },
      claimAnonymous: () => {
        if (anonymous || released) return !released;
        if (counts.anonymous >= this.options.maxAnonymousPerAddress) {
          this.onRefused('anonymous-per-address');
          return false;
        }
        if (this.#anonymous >= this.options.maxAnonymous) {
          this.onRefused('anonymous');
          return false;
        }
        anonymous = true;
        counts.anonymous += 1;
        this.#anonymous += 1;
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        counts.open -= 1;
        if (anonymous) {
          counts.anonymous -= 1;
          this.#anonymous -= 1;
        }
        if (counts.open === 0) this.#perAddress.delete(address);
        if (user !== undefined) {
          const left = (this.#perUser.get(user) ?? 1) - 1;
          if (left === 0) this.#perUser.delete(user);
          else this.#perUser.set(user, left);
        }
      },
    };
  }
}

/**
 * Admits a WebSocket when it opens: one over its address's cap is closed at once with 1013.
 * The slot is released when the socket closes.
 */
export function admitWebSocket(
  limits: ConnectionLimits,
  socket: WebSocket,
  request: IncomingMessage,
  trustProxyHops: number,
): ConnectionSlot | undefined {
  const slot = limits.open(clientAddressOf(request, trustProxyHops));
  if (!slot) {
    socket.close(TRY_AGAIN_LATER, 'Try Again Later: too many connections from this address');
    return undefined;
  }
  socket.once('close', slot.release);
  return slot;
}

/**
 * Closes an anonymous WebSocket once it has run nothing for `timeoutMs`: it is only good for
 * `register` and `login`, and a client that signs in reconnects with its token. `running`
 * tells how many operations the socket has in flight; `touch` marks activity.
 */
export function closeWhenIdle(
  socket: WebSocket,
  timeoutMs: number,
  running: () => number,
): { touch(): void; stop(): void } {
  let lastActive = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const idleFor = Date.now() - lastActive;
    if (running() === 0 && idleFor >= timeoutMs) {
      socket.close(NORMAL_CLOSURE, 'Idle');
      return;
    }
    arm(running() > 0 ? timeoutMs : timeoutMs - idleFor);
  };
  const arm = (delay: number) => {
    timer = setTimeout(check, delay);
    timer.unref();
  };
  arm(timeoutMs);
  const stop = () => clearTimeout(timer);
  socket.once('close', stop);
  return {
    touch: () => {
      lastActive = Date.now();
    },
    stop,
  };
}

/** SSE requests: Yoga streams its answer when the client accepts `text/event-stream`. */
export function isEventStream(req: IncomingMessage): boolean {
  return req.headers.accept?.includes('text/event-stream') ?? false;
}

/**
 * Admits an SSE request under the same caps as WebSockets: it counts towards its address's
 * connections while open, and as anonymous when it carries no `Authorization`. A refused one
 * is answered 429 with `TOO_MANY_CONNECTIONS` and never reaches Yoga. Returns whether the
 * request may proceed.
 */
export function admitEventStream(
  limits: ConnectionLimits,
  req: IncomingMessage,
  res: ServerResponse,
  trustProxyHops: number,
): boolean {
  const slot = limits.open(clientAddressOf(req, trustProxyHops));
  const anonymous = req.headers.authorization === undefined;
  if (slot && (!anonymous || slot.claimAnonymous())) {
    res.once('close', slot.release);
    return true;
  }
  slot?.release();
  const body = JSON.stringify({
    errors: [
      {
        message: 'Too many open connections from this address: close some, or try again later',
        extensions: { code: 'TOO_MANY_CONNECTIONS' },
      },
    ],
  });
  res.writeHead(429, {
    'content-type': 'application/json; charset=utf-8',
    'retry-after': '5',
    connection: 'close',
  });
  res.end(body);
  return false;
}
