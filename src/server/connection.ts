import type { ServerResponse } from 'node:http';
import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { Connection } from '../delivery/delivery.js';
import type { Presence } from '../delivery/presence.js';
import type { DeliveryHub } from '../delivery/stream-hub.js';
import type { Viewer } from '../domain/viewer.js';
import type { LiveConnection } from '../schema/context.js';
import {
  type ConnectionLimits,
  type ConnectionSlot,
  closeWhenIdle,
  TRY_AGAIN_LATER,
} from './connection-limits.js';

/**
 * One HTTP response (a request, or an SSE stream) as delivery sees it: an SSE subscriber is
 * present while its stream runs.
 */
export function responseConnection(
  res: ServerResponse | undefined,
  presence: Presence,
): Connection {
  return {
    kind: 'http',
    bufferedBytes: () => res?.writableLength ?? 0,
    presentWhileSubscribed: (userId) => presence.connect(userId),
  };
}

const notCounted = () => {};

/**
 * One WebSocket: the connection caps it counts against, the presence of the user it signed in
 * as, the watch that closes it (4403) when that session is revoked, the idle timer of an
 * anonymous socket, and the pre-serialized `next` frames of shared live renders. Everything it
 * takes is given back once, when the socket closes.
 */
export class WebSocketConnection {
  readonly #socket: WebSocket;
  readonly #slot: ConnectionSlot | undefined;
  readonly #releases: (() => void)[] = [];
  #touch: (() => void) | undefined;
  #closed = false;
  readonly #presence: Presence;
  /** The operations graphql-ws runs on this socket, by id (see `runs`). */
  #operations: Readonly<Record<string, unknown>> | undefined;
  /** What delivery sees of this socket, shared by every operation signed in by it. */
  readonly delivery: LiveConnection;
  /**
   * What delivery sees of an operation signed in by its own token on this (anonymous) socket:
   * its subscriptions count their user present while they run.
   */
  readonly operationDelivery: LiveConnection;

  /** @param slot its place in the connection caps (undefined when it was refused at once) */
  constructor(socket: WebSocket, slot: ConnectionSlot | undefined, presence: Presence) {
    this.#socket = socket;
    this.#slot = slot;
    this.#presence = presence;
    const bufferedBytes = () => socket.bufferedAmount;
    // A signed-in socket is present for as long as it is open (see `signIn`).
    const sendNextFor = (id: string) => this.sendNextFor(id);
    this.delivery = {
      kind: 'websocket',
      bufferedBytes,
      presentWhileSubscribed: () => notCounted,
      sendNextFor,
    };
    this.operationDelivery = {
      kind: 'operation',
      bufferedBytes,
      presentWhileSubscribed: (userId) => presence.connect(userId),
      sendNextFor,
    };
    socket.once('close', () => this.#release());
  }

  /**
   * Signs the socket in as `viewer`: counted as one of the user's connections (closed with
   * 1013 past their cap, answering false), present while open, closed with 4403 when the
   * session is revoked anywhere.
   */
  signIn(viewer: Viewer, hub: DeliveryHub): boolean {
    if (!this.#slot?.claimUser(viewer.userId)) {
      this.#socket.close(TRY_AGAIN_LATER, 'Try Again Later: too many connections for this user');
      return false;
    }
    this.#releases.push(
      this.#presence.connect(viewer.userId),
      hub.sessionsRevoked.add(viewer.sessionId, () => {
        // Deferred so that a `logout` sent over this socket gets its answer first.
        setImmediate(() => this.#socket.close(CloseCode.Forbidden, 'Forbidden'));
      }),
    );
    // Signed in while it closed: nothing to keep.
    if (this.#closed) this.#release();
    return true;
  }

  /**
   * Keeps the socket anonymous (for register and login): capped per address and overall
   * (1013 past it, answering false), and closed once idle for `limits`' anonymous timeout.
   * `running` tells how many operations it has in flight.
   */
  stayAnonymous(limits: ConnectionLimits, running: () => number): boolean {
    if (!this.#slot?.claimAnonymous()) {
      this.#socket.close(TRY_AGAIN_LATER, 'Try Again Later: too many anonymous connections');
      return false;
    }
    this.#touch = closeWhenIdle(this.#socket, limits.options.anonymousIdleTimeoutMs, running).touch;
    return true;
  }

  /** Marks activity (an anonymous socket closes when idle). */
  touch(): void {
    this.#touch?.();
  }

  /** Closes the socket with 4403: its token stopped proving anything. */
  forbid(): void {
    this.#socket.close(CloseCode.Forbidden, 'Forbidden');
  }

  /**
   * Tells which operations run on the socket: graphql-ws's record of them by id (its context's
   * `subscriptions`, kept up to date as operations start and end). Until then, and for ids not
   * in it, nothing is sent pre-serialized.
   */
  runs(operations: Readonly<Record<string, unknown>>): void {
    this.#operations = operations;
  }

  /**
   * Sends the `next` results of operation `id`, already serialized, in the frame graphql-ws
   * would send, while the operation runs: shared live renders skip graphql-ws's per-subscriber
   * stringify (see schema/live-sharing.ts). The sender answers false when it cannot send;
   * undefined before the socket is signed in or anonymous (`runs`).
   */
  sendNextFor(id: string): ((payloadJson: string) => boolean) | undefined {
    const operations = this.#operations;
    if (!operations) return undefined;
    const socket = this.#socket;
    const frameStart = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    return (payloadJson) => {
      if (!(id in operations) || socket.readyState !== socket.OPEN) return false;
      socket.send(`${frameStart}${payloadJson}}`);
      return true;
    };
  }

  #release(): void {
    this.#closed = true;
    for (const release of this.#releases.splice(0)) release();
  }
}
