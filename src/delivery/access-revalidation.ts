import { mayKeepFollowing } from '../domain/access.js';
import type { Store } from '../domain/ports.js';
import type { EventBus } from '../events/event-bus.js';
import { type DeliveryHub, membershipKey, parseMembershipKey } from './stream-hub.js';

export type AccessRevalidationOptions = {
  /**
   * How often every access decision held by a live connection is re-checked against the
   * database, in ms, as a backstop for revocations the bus never delivered (and for tokens that
   * expire while a connection is open). Default 30,000 (`ACCESS_REVALIDATION_SECONDS`).
   */
  intervalMs: number;
  /** After a failed re-check (the database is unreachable), the wait before the next, in ms. */
  retryMs?: number;
  /** Told when a re-check fails; it is retried. */
  onError?: (error: unknown) => void;
};

/** Rows per query: well under SQLite's and PostgreSQL's limits on bound parameters. */
/**
 * Live connections cache access decisions: the session each socket and SSE stream was opened
 * with, the memberships of the rooms they follow. The bus tells them when one is withdrawn
 * (logout, leaving), but the bus may lose events (Redis pub/sub while a connection is down).
 *
 * So every decision held is re-checked against the database:
 * - when the bus is interrupted, delivery is held (nothing published meanwhile can be trusted
 *   absent), and when it is back, access is re-checked *before* streams read what they missed
 *   and delivery resumes: a revocation made during the outage ends its streams before they could
 *   deliver anything posted after it;
 * - every `intervalMs`, as a backstop (events lost without an interruption being noticed, and
 *   tokens expiring while a connection stays open).
 *
 * A withdrawn decision is announced on the hub exactly as a bus event would be, so the sockets
 * close with 4403 and the streams end with UNAUTHENTICATED or FORBIDDEN the same way.
 */
export class AccessRevalidation {
  readonly #store: Store;
  readonly #hub: DeliveryHub;
  readonly #options: Required<Omit<AccessRevalidationOptions, 'onError'>> &
    Pick<AccessRevalidationOptions, 'onError'>;
  readonly #stop: (() => void)[];
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(
    deps: { store: Store; hub: DeliveryHub; bus: EventBus },
    options: AccessRevalidationOptions,
  ) {
    this.#store = deps.store;
    this.#hub = deps.hub;
    this.#options = { retryMs: 1_000, ...options };
    const timer = setInterval(() => void this.revalidate().catch(() => {}), options.intervalMs);
    timer.unref();
    this.#stop = [
      () => clearInterval(timer),
      deps.bus.onInterrupted(() => this.#hub.hold()),
      deps.bus.onResync(() => void this.#resync()),
    ];
  }

  /** After an outage: re-check until it succeeds, then let streams catch up and deliver. */
  async #resync(): Promise<void> {
    this.#hub.hold();
    while (!this.#closed) {
      try {
        await this.revalidate();
        break;
      } catch (error) {
        this.#options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, this.#options.retryMs).unref());
      }
    }
    this.#hub.resyncs.emit('all', undefined);
    this.#hub.release();
  }

  /**
   * Re-checks every session and membership some live connection relies on now, and withdraws
   * those no longer valid. Runs one at a time; a call during a run waits for a fresh one.
   */
  async revalidate(): Promise<void> {
    const previous = this.#running;
    const run = (async () => {
      await previous?.catch(() => {});
      await this.#revalidateNow();
    })();
    this.#running = run;
    try {
      await run;
    } finally {
      if (this.#running === run) this.#running = undefined;
    }
  }

  async #revalidateNow(): Promise<void> {
    const hub = this.#hub;
    const sessionIds = hub.sessionsRevoked.keys();
    const validSessions = await this.#store.validSessions(sessionIds);
    const memberships = hub.membershipsLost.keys().map(parseMembershipKey);
    const usersByRoom = new Map<number, number[]>();
    for (const { roomId, userId } of memberships) {
      const users = usersByRoom.get(roomId) ?? [];
      users.push(userId);
      usersByRoom.set(roomId, users);
    }
    const current = new Set<string>();
    for (const [roomId, users] of usersByRoom) {
      const standings = await this.#store.roomStandings(roomId, users);
      for (const [userId, standing] of standings) {
        if (mayKeepFollowing(standing)) current.add(membershipKey(roomId, userId));
      }
    }
    if (this.#closed) return;
    for (const id of sessionIds) {
      if (!validSessions.has(id)) hub.sessionsRevoked.emit(id, undefined);
    }
    for (const { roomId, userId } of memberships) {
      const key = membershipKey(roomId, userId);
      if (!current.has(key)) hub.membershipsLost.emit(key, undefined);
    }
  }

  close(): void {
    this.#closed = true;
    for (const stop of this.#stop) stop();
  }
}
