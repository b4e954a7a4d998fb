import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { readTag } from './message-body.js';
import type { SubscribeSpec } from './protocol.js';

/**
 * The driver's sockets: raw graphql-transport-ws frames over `ws`, no graphql-ws client, so a
 * delivery costs the driver one Buffer search. Sockets are spread over several loopback source
 * addresses so that 10k of them never exhaust one address's ephemeral ports.
 */

/** Source addresses 127.0.0.1 … 127.0.0.<SOURCE_ADDRESSES>. */
const SOURCE_ADDRESSES = 8;
/** Handshakes in flight at once while connecting (below the server's listen backlog). */
const CONNECT_CONCURRENCY = 128;
const CONNECT_TIMEOUT_MS = 30_000;

/** Called for every measured delivery, with the time it arrived (performance.now()). */
export type DeliveryHandler = (socket: number, run: number, sequence: number, at: number) => void;

type ProtocolFrame = { type?: string; payload?: unknown };

export class Subscribers {
  private sockets: WebSocket[] = [];
  /** Sockets expected to receive the publisher's messages (not blind: see SubscribeSpec). */
  private receiving = 0;
  private warmedUp: Uint8Array = new Uint8Array(0);
  private closing = false;
  warmedUpCount = 0;
  /** Subscriptions the server ended or sockets it closed. */
  ended = 0;
  /** The first few unexpected frames, for the report. */
  readonly problems: string[] = [];
  onDelivery: DeliveryHandler = () => {};

  /** Sockets expected to receive every message: the ledger's sockets. */
  get size(): number {
    return this.receiving;
  }

  /** Every open socket, blind ones included. */
  get total(): number {
    return this.sockets.length;
  }

  /** Opens `count` sockets, each acknowledged and subscribed once this resolves. */
  async connect(spec: SubscribeSpec, count: number): Promise<void> {
    this.closing = false;
    this.receiving = 0;
    this.warmedUp = new Uint8Array(count);
    this.warmedUpCount = 0;
    this.ended = 0;
    this.problems.length = 0;
    let next = 0;
    let failure: unknown;
    // On the first failure the workers stop opening, so disconnect() sees every open socket.
    const worker = async () => {
      while (next < count && failure === undefined) {
        const index = next++;
        try {
          this.sockets.push(await this.open(spec, index));
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
    if (failure !== undefined) throw failure;
  }

  /** Forgets which sockets saw a warm-up message (before a new warm-up). */
  resetWarmUp(): void {
    this.warmedUp.fill(0);
    this.warmedUpCount = 0;
  }

  async closeAll(): Promise<number> {
    this.closing = true;
    const closed = this.sockets.length;
    await Promise.all(
      this.sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            socket.once('close', () => resolve());
            socket.terminate();
          }),
      ),
    );
    this.sockets = [];
    return closed;
  }

  private open(spec: SubscribeSpec, index: number): Promise<WebSocket> {
    const socket = new WebSocket(spec.url, 'graphql-transport-ws', {
      localAddress: `127.0.0.${1 + (index % SOURCE_ADDRESSES)}`,
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    const user = index % spec.connectionParams.length;
    const connectionParams = spec.connectionParams[user] ?? {};
    // The ledger's slot of this socket; a blind one has none (its deliveries are strays).
    const slot = user < (spec.blind ?? 0) ? Number.MAX_SAFE_INTEGER : this.receiving++;
    return new Promise((resolve, reject) => {
      let subscribed = false;
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`socket ${index}: no connection_ack within ${CONNECT_TIMEOUT_MS} ms`));
      }, CONNECT_TIMEOUT_MS);
      socket.on('open', () => {
        socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
      });
      socket.on('error', (error) => {
        if (subscribed) return this.problem(`socket ${index}: ${error.message}`);
        clearTimeout(timer);
        reject(new Error(`socket ${index}: ${error.message}`));
      });
      socket.on('close', (code, reason) => {
        if (!subscribed) {
          clearTimeout(timer);
          reject(new Error(`socket ${index} closed ${code} ${reason.toString()} before its ack`));
        } else if (!this.closing) {
          this.ended++;
          this.problem(`socket ${index} closed by the server: ${code} ${reason.toString()}`);
        }
      });
      socket.on('message', (data: Buffer) => {
        const at = performance.now();
        const tag = readTag(data);
        if (tag?.kind === 'measured') {
          this.onDelivery(slot, tag.run, tag.sequence, at);
        } else if (tag?.kind === 'warm-up') {
          if (slot === Number.MAX_SAFE_INTEGER) {
            this.problem(`socket ${index} is blind but received a warm-up message`);
          } else if (this.warmedUp[index] === 0) {
            this.warmedUp[index] = 1;
            this.warmedUpCount++;
          }
        } else {
          const frame = JSON.parse(data.toString()) as ProtocolFrame;
          if (frame.type === 'connection_ack') {
            socket.send(
              JSON.stringify({
                id: '1',
                type: 'subscribe',
                payload: { query: spec.query, variables: spec.variables },
              }),
            );
            subscribed = true;
            clearTimeout(timer);
            resolve(socket);
          } else if (frame.type === 'ping') {
            socket.send('{"type":"pong"}');
          } else if (frame.type === 'error' || frame.type === 'complete') {
            this.ended++;
            this.problem(`socket ${index}: ${data.toString().slice(0, 300)}`);
          } else if (frame.type !== 'pong') {
            this.problem(`socket ${index}: unexpected ${data.toString().slice(0, 300)}`);
          }
        }
      });
    });
  }

  private problem(text: string): void {
    if (this.problems.length < 5) this.problems.push(text);
  }
}
