import { EventEmitter } from 'node:events';
import type { EventBus, Topic, Topics } from './event-bus.js';

/** The bus for a single instance: synchronous delivery to the handlers of this process. */
export function createInProcessBus(): EventBus {
  const emitter = new EventEmitter();
  // Every open socket may listen (for example to session revocations); there is no leak to warn of.
  emitter.setMaxListeners(0);
  return {
    async publish<T extends Topic>(topic: T, payload: Topics[T]) {
      emitter.emit(topic, payload);
    },
    subscribe<T extends Topic>(topic: T, handler: (payload: Topics[T]) => void) {
      emitter.on(topic, handler);
      return () => emitter.off(topic, handler);
    },
    onResync: () => () => {},
    onInterrupted: () => () => {},
    async close() {
      emitter.removeAllListeners();
    },
  };
}
