import { type Client, type ClientOptions, createClient, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { Endpoint } from './endpoint.js';

/**
 * A graphql-ws client on `endpoint`, signed in as `token` when given. It never retries (tests
 * reconnect on purpose, see resilient-clients.ts) and connects on its first operation; the
 * caller disposes it (a `TestServer`'s `wsClient` does so on `stop()`).
 */
export function connectWs(
  endpoint: Endpoint,
  { token, ...options }: Partial<ClientOptions> & { token?: string } = {},
): Client {
  return createClient({
    url: endpoint.wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    // Tests assert on close codes themselves; the default would print every expected close.
    onNonLazyError: () => {},
    ...(token && { connectionParams: { authorization: `Bearer ${token}` } }),
    ...options,
  });
}

/** Resolves with the close code of the client's next socket close. */
export function nextClose(client: Client): Promise<number> {
  return new Promise((resolve) => {
    const off = client.on('closed', (event) => {
      off();
      resolve((event as { code: number }).code);
    });
  });
}

/** Runs one query or mutation over the socket and returns its single result. */
export async function execute<T = Record<string, unknown>>(
  client: Client,
  query: string | { toString(): string },
  variables?: Record<string, unknown>,
  extensions?: Record<string, unknown>,
): Promise<ExecutionResult<T>> {
  const results = client.iterate<T>({ query: String(query), variables, extensions });
  const { value } = await results.next();
  await results.return?.();
  return value as ExecutionResult<T>;
}

type Result<T> = {
  data?: T | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
};

/** A running subscription that records what it receives. */
export type Recording<T> = {
  results: Result<T>[];
  /** Resolves when the server completes the subscription (or rejects on a socket error). */
  done: Promise<void>;
  /** Resolves once `count` results have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Result<T>[]>;
  stop(): void;
};

/** Subscribes over graphql-ws and records every result. */
export function record<T = Record<string, unknown>>(
  client: Client,
  query: string | { toString(): string },
  variables?: Record<string, unknown>,
  extensions?: Record<string, unknown>,
): Recording<T> {
  const results: Result<T>[] = [];
  const waiters: (() => void)[] = [];
  let stop = () => {};
  const done = new Promise<void>((resolve, reject) => {
    stop = client.subscribe<T>(
      { query: String(query), variables, extensions },
      {
        next: (result) => {
          results.push(result as Result<T>);
          for (const wake of waiters.splice(0)) wake();
        },
        error: (error) => {
          for (const wake of waiters.splice(0)) wake();
          reject(error);
        },
        complete: () => {
          for (const wake of waiters.splice(0)) wake();
          resolve();
        },
      },
    );
  });
  done.catch(() => {});
  return {
    results,
    done,
    stop: () => stop(),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `waited for ${count} results, got ${results.length}: ${JSON.stringify(results)}`,
          );
        }
        await Promise.race([
          new Promise<void>((resolve) => waiters.push(resolve)),
          new Promise((resolve) => setTimeout(resolve, 50)),
        ]);
      }
      return results;
    },
  };
}
