import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { PostMessageDocument, RoomMessagesDocument } from '../generated/graphql.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts `count` messages, one at a time, each retried with its clientMessageId until the
 * server acknowledges it, through restarts and crashes: what a careful chat client does.
 */
export async function postUntilAcknowledged(options: {
  url: () => string;
  token: string;
  roomId: string;
  prefix: string;
  count: number;
  acknowledged: string[];
  shouldStop?: () => boolean;
}): Promise<void> {
  for (let i = 0; i < options.count && !options.shouldStop?.(); i += 1) {
    for (;;) {
      try {
        const response = await fetch(`${options.url()}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.token}`,
          },
          body: JSON.stringify({
            query: String(PostMessageDocument),
            variables: {
              roomId: options.roomId,
              body: `${options.prefix} ${i}`,
              clientMessageId: `${options.prefix}-${i}`,
            },
          }),
          signal: AbortSignal.timeout(5_000),
        });
        const body = (await response.json()) as { data?: { postMessage?: { id: string } } };
        const id = body.data?.postMessage?.id;
        if (id) {
          options.acknowledged.push(id);
          break;
        }
      } catch {
        // The server is down or restarting: retry the same message.
      }
      await sleep(25);
    }
  }
}

/**
 * Follows a room, resubscribing after every disconnect with the last cursor it received, and
 * (when `chaos` is on) disconnecting itself at random moments. Records every delivery in order.
 */
export class ResumingSubscriber {
  readonly received: string[] = [];
  readonly duplicates: string[] = [];
  readonly errors: string[] = [];
  #seen = new Set<string>();
  #lastCursor: string | undefined;
  #client: Client | undefined;
  #running = true;
  #loop: Promise<void>;

  constructor(
    private readonly options: {
      wsUrl: () => string;
      token: string;
      roomId: string;
      chaos: boolean;
      /** Where to start: a cursor (e.g. a history page's liveCursor), so that no resubscription starts "from now". */
      startAfter: string;
    },
  ) {
    this.#lastCursor = options.startAfter;
    this.#loop = this.#run();
  }

  async #run() {
    let generation = 0;
    while (this.#running) {
      generation += 1;
      const current = generation;
      const client = createClient({
        url: this.options.wsUrl(),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: { authorization: `Bearer ${this.options.token}` },
        onNonLazyError: () => {},
      });
      this.#client = client;
      const ended = new Promise<void>((resolve) => {
        client.subscribe<{ roomMessages: { id: string; cursor: string } }>(
          {
            query: String(RoomMessagesDocument),
            variables: { roomId: this.options.roomId, after: this.#lastCursor },
          },
          {
            next: (result) => {
              // A subscription being torn down may still deliver; its successor already
              // resumed from the cursor of what was recorded, so late arrivals are ignored.
              if (current !== generation) return;
              const message = result.data?.roomMessages;
              if (!message) {
                this.errors.push(JSON.stringify(result.errors));
                return;
              }
              if (this.#seen.has(message.id)) this.duplicates.push(message.id);
              this.#seen.add(message.id);
              this.received.push(message.id);
              this.#lastCursor = message.cursor;
            },
            error: () => resolve(),
            complete: () => resolve(),
          },
        );
      });
      const chaos = this.options.chaos
        ? sleep(50 + Math.random() * 300).then(() => 'chaos' as const)
        : new Promise<never>(() => {});
      await Promise.race([ended, chaos]);
      await Promise.resolve(client.dispose()).catch(() => {});
      if (this.#running) await sleep(10 + Math.random() * 40);
    }
  }

  /** Resolves when `count` messages have arrived, or throws after `timeoutMs`. */
  async waitFor(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `received ${this.received.length} of ${count}; errors: ${this.errors.slice(-3)}`,
        );
      }
      await sleep(50);
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.resolve(this.#client?.dispose()).catch(() => {});
    await this.#loop;
  }
}
