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
 * when the subscriber connection drops, `onInterrupted` handlers run (access decisions cached by
 * live connections can no longer be trusted), and when it comes back, `onResync` handlers run so
 * that every stream re-checks access and reads what it missed from the database.
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
  let interrupted = false;
  // From the moment the subscriber connection drops, events published anywhere may be lost.
  subscriber.on('close', () => {
    if (!connectedBefore || interrupted) return;
    interrupted = true;
    local.emit('interrupted');
  });
  subscriber.on('ready', () => {
    if (connectedBefore) {
      interrupted = false;
      // 'ready' comes before ioredis re-subscribes; a PING answered after the SUBSCRIBE replies
      // means that every event published from now on is heard, so the resync misses nothing.
      queueMicrotask(() => {
        subscriber.ping().then(
          () => local.emit('resync'),
          () => {}, // dropped again: the next 'ready' resyncs
        );
      });
    }
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
    onInterrupted(handler: () => void) {
      local.on('interrupted', handler);
      return () => local.off('interrupted', handler);
    },
    isHealthy: () => client.status === 'ready' && subscriber.status === 'ready',
    async close() {
      local.removeAllListeners();
      subscriber.disconnect();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
