import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { EventBus, Topic, Topics } from './event-bus.js';

/** Dates travel as ISO strings; fields named `…At` come back as Dates. */
function revive(key: string, value: unknown): unknown {
  return typeof value === 'string' && key.endsWith('At') && /^\d{4}-\d\d-\d\dT/.test(value)
    ? new Date(value)
    : value;
}

export type RedisBus = EventBus & {
  /** Both connections are up. */
  isHealthy(): boolean;
  /** The Redis connections this bus opened, for other users of Redis (rate limits, presence). */
  readonly client: Redis;
};

/**
 * The event bus across instances: Redis pub/sub, one channel per topic under `prefix`. Every
 * event is published once and reaches every instance, this one included, through its
 * subscription (so local subscribers hear each event exactly once too).
 *
 * Pub/sub is fire-and-forget: events published while a connection is down are lost. Publishing
 * therefore never waits on Redis (a committed write is acknowledged whatever Redis does), and
 * when the subscriber connection comes back, `onResync` handlers run so that every stream reads
 * what it missed from the database.
 */
export function createRedisBus(url: string, prefix: string): RedisBus {
  // Named after the prefix, so that an operator (or a test) can find this deployment's clients.
  const client = new Redis(url, {
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
    connectionName: `${prefix}client`,
  });
  const subscriber = new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: `${prefix}subscriber`,
  });
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const channels = new Set<string>();
  let connectedBefore = false;

  client.on('error', () => {}); // reconnects by itself; readiness reports the outage
  subscriber.on('error', () => {});
  subscriber.on('ready', () => {
    if (connectedBefore) local.emit('resync');
    connectedBefore = true;
  });
  subscriber.on('message', (channel: string, message: string) => {
    const topic = channel.slice(prefix.length);
    try {
      local.emit(topic, JSON.parse(message, revive));
    } catch {
      // A malformed message on our channel: nothing to deliver.
    }
  });

  return {
    client,
    async publish<T extends Topic>(topic: T, payload: Topics[T]) {
      client.publish(prefix + topic, JSON.stringify(payload)).catch(() => {});
    },
    subscribe<T extends Topic>(topic: T, handler: (payload: Topics[T]) => void) {
      const channel = prefix + topic;
      if (!channels.has(channel)) {
        channels.add(channel);
        subscriber.subscribe(channel).catch(() => {}); // re-subscribed on reconnect by ioredis
      }
      local.on(topic, handler);
      return () => local.off(topic, handler);
    },
    onResync(handler: () => void) {
      local.on('resync', handler);
      return () => local.off('resync', handler);
    },
    isHealthy: () => client.status === 'ready' && subscriber.status === 'ready',
    async close() {
      local.removeAllListeners();
      subscriber.disconnect();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
