import type { Redis } from 'ioredis';
import type { EventBus } from '../events/event-bus.js';

/**
 * Where instances record which users have live connections. `join` answers whether the user was
 * offline everywhere before; `leave` whether they now are.
 */
export interface PresenceDirectory {
  join(userId: number): Promise<boolean>;
  leave(userId: number): Promise<boolean>;
  isOnline(userId: number): Promise<boolean>;
}

/** One instance: this process's own counts are the whole truth. */
export function localPresenceDirectory(): PresenceDirectory {
  const online = new Set<number>();
  return {
    async join(userId) {
      const first = !online.has(userId);
      online.add(userId);
      return first;
    },
    async leave(userId) {
      online.delete(userId);
      return true;
    },
    async isOnline(userId) {
      return online.has(userId);
    },
  };
}

/** How long a user stays online in Redis after the instance holding them stops refreshing. */
const PRESENCE_TTL_SECONDS = 60;

/**
 * Several instances: a Redis hash per online user, one field per instance holding connections.
 * Each key expires a minute after its last refresh, so users of an instance that crashed go
 * offline by themselves; `refresh` runs every 20 s for the users this instance holds.
 */
export function redisPresenceDirectory(
  client: Redis,
  prefix: string,
  instanceId: string,
): PresenceDirectory & { refresh(userIds: number[]): Promise<void> } {
  const key = (userId: number) => `${prefix}presence:${userId}`;
  return {
    async join(userId) {
      const [[, before]] = (await client
        .multi()
        .hlen(key(userId))
        .hset(key(userId), instanceId, '1')
        .expire(key(userId), PRESENCE_TTL_SECONDS)
        .exec()) as [[null, number]];
      return before === 0;
    },
    async leave(userId) {
      const results = (await client
        .multi()
        .hdel(key(userId), instanceId)
        .hlen(key(userId))
        .exec()) as [[null, number], [null, number]];
      return results[1][1] === 0;
    },
    async isOnline(userId) {
      return (await client.exists(key(userId))) === 1;
    },
    async refresh(userIds) {
      if (userIds.length === 0) return;
      const pipeline = client.pipeline();
      for (const userId of userIds) {
        pipeline.hset(key(userId), instanceId, '1').expire(key(userId), PRESENCE_TTL_SECONDS);
      }
      await pipeline.exec();
    },
  };
}

/**
 * Who is online: a user is online while at least one of their live connections (a signed-in
 * WebSocket, or an SSE subscription) is open on any instance. Going online or offline is
 * published as `presence.changed`.
 */
export class Presence {
  readonly #connections = new Map<number, number>();

  constructor(
    private readonly bus?: EventBus,
    private readonly directory: PresenceDirectory = localPresenceDirectory(),
  ) {}

  /** Records an open connection; call the returned function once when it closes. */
  connect(userId: number): () => void {
    const before = this.#connections.get(userId) ?? 0;
    this.#connections.set(userId, before + 1);
    if (before === 0) {
      void this.directory
        .join(userId)
        .then(async (first) => {
          if (first) await this.bus?.publish('presence.changed', { userId, online: true });
        })
        .catch(() => {});
    }
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const remaining = (this.#connections.get(userId) ?? 1) - 1;
      if (remaining > 0) {
        this.#connections.set(userId, remaining);
        return;
      }
      this.#connections.delete(userId);
      void this.directory
        .leave(userId)
        .then(async (last) => {
          if (last) await this.bus?.publish('presence.changed', { userId, online: false });
        })
        .catch(() => {});
    };
  }

  /** The users this instance holds connections for. */
  localUsers(): number[] {
    return [...this.#connections.keys()];
  }

  async isOnline(userId: number): Promise<boolean> {
    return this.#connections.has(userId) || this.directory.isOnline(userId);
  }
}
