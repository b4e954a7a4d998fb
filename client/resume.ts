/**
 * Resuming Charla's message streams over graphql-ws: the pattern every client of Charla needs.
 *
 * - `follow(source)` loads where the stream stands (e.g. the newest history page and its
 *   `liveCursor`), subscribes with `after` = that cursor, and keeps the cursor of the last change
 *   received. When the socket drops or the server restarts it reconnects with backoff and
 *   subscribes again with `after` = that last cursor, so every change arrives once, in order.
 *   Deliveries are deduplicated by (id, cursor). `CURSOR_EXPIRED` starts the stream over
 *   (`onReset`, then a fresh `begin`).
 * - `send(...)` runs a mutation carrying a `clientMessageId` until the server acknowledges it,
 *   through drops, restarts and `RATE_LIMITED` waits; until then it is listed by
 *   `pendingSends()`. The server stores a `clientMessageId` once, so retrying is always safe.
 *
 * It knows graphql-ws and Charla's contract only: no screen, no storage, no Node-only API
 * (pass `webSocketImpl` where there is no global `WebSocket`, e.g. `ws` on Node 20).
 * graphql-ws's own retry is off: its retries would resubscribe with the `after` of the first
 * subscription, replaying what was already seen.
 */
import { type Client, createClient } from 'graphql-ws';

/** What the stream delivers: at least a message's id and the cursor of its latest change. */
export type StreamMessage = { id: string; cursor: string };

/** A GraphQL error as Charla sends it: `extensions.code` is one of the contract's codes. */
type WireError = { message: string; extensions?: Record<string, unknown> };

/** An error with the contract's code, or `NETWORK` when the server could not be reached. */
export class CharlaError extends Error {
  override readonly name = 'CharlaError';
  constructor(
    /** `extensions.code` (`FORBIDDEN`, `RATE_LIMITED`…), or `NETWORK` for a transport failure. */
    readonly code: string,
    message: string,
    /** For `RATE_LIMITED`: how long to wait before trying again, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** True when trying the same operation again later may succeed. */
  get retryable(): boolean {
    return this.code === 'NETWORK' || this.code === 'RATE_LIMITED' || this.code === 'SLOW_CONSUMER';
  }
}

/** How a stream starts: the messages already there, and the position to subscribe after. */
export type StreamStart<M> = {
  messages: M[];
  liveCursor: string;
  /** `before` for the next older history page; null when `messages` reach the beginning. */
  olderCursor?: string | null;
};

/** One stream of messages: how to find where it stands, and how to subscribe after a cursor. */
export type StreamSource<M extends StreamMessage> = {
  /** Reads the current state, e.g. the newest history page and its `liveCursor`. */
  begin(request: Requester): Promise<StreamStart<M>>;
  /** The subscription document, e.g. `roomMessages(roomId: $roomId, after: $after) { … }`. */
  subscription: string | { toString(): string };
  /** Its variables for a given `after`. */
  variables(after: string): Record<string, unknown>;
  /** The message inside one result's `data`. */
  message(data: Record<string, unknown>): M | null | undefined;
};

/** Runs one query or mutation and returns its `data`, or throws a `CharlaError`. */
export type Requester = <T = Record<string, unknown>>(
  document: string | { toString(): string },
  variables?: Record<string, unknown>,
) => Promise<T>;

export type StreamHandlers<M> = {
  /** The stream (re)started: `messages` is the state read by `begin`. */
  onStart?(start: StreamStart<M>): void;
  /** A change after the start, each (id, cursor) once, in the stream's order. */
  onMessage(message: M): void;
  /** The cursor expired: what was shown may be stale; `onStart` follows with fresh state. */
  onReset?(): void;
  /** The stream ended for good (e.g. `FORBIDDEN` after leaving a room). */
  onError?(error: CharlaError): void;
};

/** A followed stream. */
export type Follow = {
  /** The cursor of the last change received (or the start's `liveCursor`). */
  readonly lastCursor: string | undefined;
  stop(): void;
};

/** A send waiting for the server's acknowledgement. */
export type PendingSend = {
  clientMessageId: string;
  variables: Record<string, unknown>;
  /** Attempts made so far. */
  attempts: number;
  /** Set while waiting out `RATE_LIMITED`: when the next attempt is due (epoch milliseconds). */
  rateLimitedUntil?: number;
};

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export type ResumeOptions = {
  /** The GraphQL endpoint, `http(s)://…/graphql` or `ws(s)://…/graphql`. */
  url: string;
  /** The Bearer token sent in `connection_init`, read at every (re)connection. */
  token?: () => string | undefined;
  /** A WebSocket implementation where there is no global one (e.g. `ws` on Node 20). */
  webSocketImpl?: unknown;
  /** First wait before reconnecting, in milliseconds; doubles on every failure. Default 250. */
  initialBackoffMs?: number;
  /** Longest wait between reconnection attempts, in milliseconds. Default 10,000. */
  maxBackoffMs?: number;
  /** How often to ping the server, in milliseconds; no pong within half of it drops the socket. Default 10,000. */
  keepAliveMs?: number;
  /** Called when the connection state changes. */
  onConnectionChange?(state: ConnectionState, error?: CharlaError): void;
  /** Called when the list of pending sends changes. */
  onPendingChange?(pending: PendingSend[]): void;
  /** Called once when the server refuses the token (socket closed with 4403): nothing retries. */
  onUnauthenticated?(): void;
};

export type ResumeSession = {
  follow<M extends StreamMessage>(source: StreamSource<M>, handlers: StreamHandlers<M>): Follow;
  /** Runs one query or mutation once (no retry). */
  request: Requester;
  /**
   * Runs a mutation with `variables.clientMessageId` (one is generated when missing) until the
   * server acknowledges it; rejects only on an error that retrying cannot fix.
   */
  send<T = Record<string, unknown>>(
    document: string | { toString(): string },
    variables: Record<string, unknown>,
  ): Promise<T>;
  pendingSends(): PendingSend[];
  /**
   * Follows an ephemeral subscription (typing, presence): nothing to resume, so after a drop it
   * simply subscribes again, with backoff. Returns a function that stops it.
   */
  watch<T = Record<string, unknown>>(
    document: string | { toString(): string },
    variables: Record<string, unknown>,
    onData: (data: T) => void,
  ): () => void;
  readonly connection: ConnectionState;
  /** Stops every stream and send, and closes the socket. */
  dispose(): Promise<void>;
};

/** Remembers the most recent (id, cursor) pairs, to drop deliveries seen already. */
const SEEN_CAPACITY = 20_000;

/** Turns what graphql-ws reports (errors array, CloseEvent, Error) into a CharlaError. */
export function toCharlaError(reason: unknown): CharlaError {
  if (reason instanceof CharlaError) return reason;
  if (Array.isArray(reason)) return fromWireErrors(reason as WireError[]);
  const close = reason as { code?: unknown; reason?: unknown };
  if (typeof close?.code === 'number') {
    if (close.code === 4403)
      return new CharlaError('UNAUTHENTICATED', 'the server refused the token');
    return new CharlaError('NETWORK', `connection closed (${close.code})`);
  }
  const message = reason instanceof Error ? reason.message : 'the server is unreachable';
  return new CharlaError('NETWORK', message || 'the server is unreachable');
}

function fromWireErrors(errors: readonly WireError[]): CharlaError {
  const first = errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'UNKNOWN';
  const retryAfterMs = first?.extensions?.retryAfterMs;
  return new CharlaError(
    code,
    first?.message ?? 'unknown error',
    typeof retryAfterMs === 'number' ? retryAfterMs : undefined,
  );
}

function toWebSocketUrl(url: string): string {
  return url.replace(/^http(s?):/, 'ws$1:');
}

/** Opens a session on a Charla server; the socket is opened when first needed. */
export function createResumeSession(options: ResumeOptions): ResumeSession {
  const initialBackoffMs = options.initialBackoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const keepAliveMs = options.keepAliveMs ?? 10_000;
  let connection: ConnectionState = 'connecting';
  let disposed = false;
  let unauthenticated = false;
  const stoppers = new Set<() => void>();
  const pending = new Map<string, PendingSend>();

  const setConnection = (state: ConnectionState, error?: CharlaError) => {
    if (connection === state) return;
    connection = state;
    options.onConnectionChange?.(state, error);
  };
  const announcePending = () => options.onPendingChange?.([...pending.values()]);

  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const client: Client = createClient({
    url: toWebSocketUrl(options.url),
    webSocketImpl: options.webSocketImpl,
    connectionParams: () => {
      const token = options.token?.();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    lazy: true,
    retryAttempts: 0,
    keepAlive: keepAliveMs,
    // Errors reach the operations that were running; nothing else should print them.
    onNonLazyError: () => {},
    on: {
      connected: () => setConnection('connected'),
      closed: (event) => {
        clearTimeout(pongTimer);
        if (disposed) return setConnection('closed');
        const error = toCharlaError(event);
        // 1000: graphql-ws closed an idle lazy socket; the next operation opens a new one.
        if ((event as { code?: number }).code === 1000) return setConnection('connecting');
        if (error.code === 'UNAUTHENTICATED') {
          unauthenticated = true;
          setConnection('closed', error);
          options.onUnauthenticated?.();
          return;
        }
        setConnection('reconnecting', error);
      },
      error: (error) => {
        if (!disposed) setConnection('reconnecting', toCharlaError(error));
      },
      // A half-open socket answers nothing: without a pong in time, drop it and reconnect.
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => activeSocket?.close(4408, 'Pong timeout'), keepAliveMs / 2);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });
  let activeSocket: { close(code: number, reason: string): void } | undefined;
  client.on('opened', (socket) => {
    activeSocket = socket as typeof activeSocket;
  });

  /** Waits before attempt `attempt` (0-based): exponential with jitter, cut short by dispose. */
  const backoff = (attempt: number, atLeastMs = 0) => {
    const ceiling = Math.min(maxBackoffMs, initialBackoffMs * 2 ** attempt);
    const delay = Math.max(atLeastMs, ceiling / 2 + (Math.random() * ceiling) / 2);
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, delay);
      function done() {
        clearTimeout(timer);
        stoppers.delete(done);
        resolve();
      }
      stoppers.add(done);
    });
  };

  const request: Requester = (document, variables) =>
    new Promise((resolve, reject) => {
      if (unauthenticated) {
        reject(new CharlaError('UNAUTHENTICATED', 'the server refused the token'));
        return;
      }
      let settled = false;
      client.subscribe<Record<string, unknown>>(
        { query: String(document), variables },
        {
          next: (result) => {
            settled = true;
            if (result.errors?.length) reject(fromWireErrors(result.errors));
            else resolve(result.data as never);
          },
          error: (error) => {
            settled = true;
            reject(toCharlaError(error));
          },
          complete: () => {
            if (!settled) reject(new CharlaError('NETWORK', 'the server ended the operation'));
          },
        },
      );
    });

  function follow<M extends StreamMessage>(
    source: StreamSource<M>,
    handlers: StreamHandlers<M>,
  ): Follow {
    let lastCursor: string | undefined;
    let stopped = false;
    let unsubscribe = () => {};
    let wakeSubscription = () => {};
    const seen = new Set<string>();
    const remember = (message: M) => {
      const key = `${message.id}\u0000${message.cursor}`;
      if (seen.has(key)) return false;
      seen.add(key);
      if (seen.size > SEEN_CAPACITY) seen.delete(seen.values().next().value as string);
      return true;
    };

    type Outcome = { kind: 'dropped' | 'expired' } | { kind: 'fatal'; error: CharlaError };
    const outcomeOf = (reason: unknown): Outcome => {
      const error = toCharlaError(reason);
      if (error.code === 'CURSOR_EXPIRED') return { kind: 'expired' };
      return error.retryable ? { kind: 'dropped' } : { kind: 'fatal', error };
    };

    /** One subscription, from `lastCursor` until it ends; resolves with why it ended. */
    const subscribeOnce = (after: string) =>
      new Promise<Outcome & { received: number }>((resolve) => {
        let received = 0;
        let ended = false;
        const end = (outcome: Outcome) => {
          if (ended) return;
          ended = true;
          resolve({ ...outcome, received });
        };
        wakeSubscription = () => end({ kind: 'dropped' });
        unsubscribe = client.subscribe<Record<string, unknown>>(
          { query: String(source.subscription), variables: source.variables(after) },
          {
            next: (result) => {
              if (ended) return;
              if (result.errors?.length) {
                end(outcomeOf(result.errors));
                return;
              }
              const message = result.data ? source.message(result.data) : undefined;
              if (!message) return;
              received += 1;
              lastCursor = message.cursor;
              if (remember(message)) handlers.onMessage(message);
            },
            error: (error) => end(outcomeOf(error)),
            // The server completes streams when it shuts down: resume like after a drop.
            complete: () => end({ kind: 'dropped' }),
          },
        );
      });

    const run = async () => {
      let attempt = 0;
      while (!stopped && !disposed) {
        try {
          if (lastCursor === undefined) {
            const start = await source.begin(request);
            if (stopped) return;
            for (const message of start.messages) remember(message);
            lastCursor = start.liveCursor;
            handlers.onStart?.(start);
          }
          const subscribedAt = Date.now();
          const outcome = await subscribeOnce(lastCursor);
          // A subscription that worked (delivered, or stayed up a while) starts the backoff over.
          if (outcome.received > 0 || Date.now() - subscribedAt > maxBackoffMs) attempt = 0;
          if (stopped || disposed) return;
          if (outcome.kind === 'fatal') throw outcome.error;
          if (outcome.kind === 'expired') {
            lastCursor = undefined;
            seen.clear();
            handlers.onReset?.();
            continue;
          }
        } catch (error) {
          const charlaError = toCharlaError(error);
          if (!charlaError.retryable || unauthenticated) {
            stopped = true;
            handlers.onError?.(charlaError);
            return;
          }
        }
        await backoff(attempt);
        attempt += 1;
      }
    };
    run();
    return {
      get lastCursor() {
        return lastCursor;
      },
      stop() {
        stopped = true;
        unsubscribe();
        wakeSubscription();
      },
    };
  }

  async function send<T>(
    document: string | { toString(): string },
    variables: Record<string, unknown>,
  ): Promise<T> {
    const clientMessageId =
      typeof variables.clientMessageId === 'string'
        ? variables.clientMessageId
        : globalThis.crypto.randomUUID();
    const entry: PendingSend = {
      clientMessageId,
      variables: { ...variables, clientMessageId },
      attempts: 0,
    };
    pending.set(clientMessageId, entry);
    announcePending();
    try {
      let failures = 0;
      for (;;) {
        if (disposed) throw new CharlaError('NETWORK', 'the session was closed');
        entry.attempts += 1;
        try {
          return await request<T>(document, entry.variables);
        } catch (error) {
          const charlaError = toCharlaError(error);
          if (!charlaError.retryable) throw charlaError;
          if (charlaError.code === 'RATE_LIMITED') {
            const waitMs = charlaError.retryAfterMs ?? 1_000;
            entry.rateLimitedUntil = Date.now() + waitMs;
            announcePending();
            await backoff(0, waitMs);
            entry.rateLimitedUntil = undefined;
            announcePending();
          } else {
            await backoff(failures);
            failures += 1;
          }
        }
      }
    } finally {
      pending.delete(clientMessageId);
      announcePending();
    }
  }

  function watch<T>(
    document: string | { toString(): string },
    variables: Record<string, unknown>,
    onData: (data: T) => void,
  ): () => void {
    let stopped = false;
    let unsubscribe = () => {};
    let wake = () => {};
    const run = async () => {
      let attempt = 0;
      while (!stopped && !disposed && !unauthenticated) {
        const fatal = await new Promise<boolean>((resolve) => {
          wake = () => resolve(true);
          unsubscribe = client.subscribe<T>(
            { query: String(document), variables },
            {
              next: (result) => {
                attempt = 0;
                if (result.data) onData(result.data as T);
                else if (result.errors?.length) resolve(!fromWireErrors(result.errors).retryable);
              },
              error: (error) => resolve(!toCharlaError(error).retryable),
              complete: () => resolve(false),
            },
          );
        });
        if (fatal || stopped) return;
        await backoff(attempt);
        attempt += 1;
      }
    };
    run();
    return () => {
      stopped = true;
      unsubscribe();
      wake();
    };
  }

  return {
    follow,
    request,
    send,
    watch,
    pendingSends: () => [...pending.values()],
    get connection() {
      return connection;
    },
    async dispose() {
      disposed = true;
      for (const stop of [...stoppers]) stop();
      clearTimeout(pongTimer);
      await client.dispose();
      setConnection('closed');
    },
  };
}

/** A history page as Charla returns it (`messages(last:, before:)`). */
export type HistoryPage<M> = {
  edges: { node: M }[];
  pageInfo: { hasPreviousPage: boolean; startCursor?: string | null };
  liveCursor: string;
};

/**
 * A room's stream: `begin` reads its newest `pageSize` messages with `history`, then
 * `roomMessages` continues after that page's `liveCursor`.
 */
export function roomStream<M extends StreamMessage>(options: {
  roomId: string;
  /** A query with `$roomId` and `$last` that returns the room's `messages` page. */
  history: string | { toString(): string };
  /** Finds the page in the history query's data. */
  page(data: Record<string, unknown>): HistoryPage<M> | null | undefined;
  /** `subscription ($roomId: ID!, $after: String) { roomMessages(roomId: $roomId, after: $after) { … } }` */
  subscription: string | { toString(): string };
  /** Messages in the first page; default 50. */
  pageSize?: number;
}): StreamSource<M> {
  return {
    async begin(request) {
      const data = await request(options.history, {
        roomId: options.roomId,
        last: options.pageSize ?? 50,
      });
      const page = options.page(data);
      if (!page) throw new CharlaError('NOT_FOUND', 'no such room');
      return {
        messages: page.edges.map((edge) => edge.node),
        liveCursor: page.liveCursor,
        olderCursor: page.pageInfo.hasPreviousPage ? (page.pageInfo.startCursor ?? null) : null,
      };
    },
    subscription: options.subscription,
    variables: (after) => ({ roomId: options.roomId, after }),
    message: (data) => data.roomMessages as M | undefined,
  };
}

/**
 * The viewer's direct messages, all conversations in one stream: `begin` reads the stream's
 * position (e.g. `conversations(first: 1) { liveCursor }`), then `directMessages` continues
 * after it. Each conversation's history is read on its own, when shown.
 */
export function directStream<M extends StreamMessage>(options: {
  /** A query whose data holds the direct-message stream's `liveCursor`. */
  position: string | { toString(): string };
  liveCursor(data: Record<string, unknown>): string;
  /** `subscription ($after: String) { directMessages(after: $after) { … } }` */
  subscription: string | { toString(): string };
}): StreamSource<M> {
  return {
    async begin(request) {
      const data = await request(options.position);
      return { messages: [], liveCursor: options.liveCursor(data), olderCursor: null };
    },
    subscription: options.subscription,
    variables: (after) => ({ after }),
    message: (data) => data.directMessages as M | undefined,
  };
}
