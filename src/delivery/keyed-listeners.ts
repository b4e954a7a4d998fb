/**
 * Listeners grouped by key, so that an event reaches only the listeners of its key (a stream, a
 * room, a session) in time independent of how many other keys are listened to.
 */
export class KeyedListeners<K, V> {
  readonly #byKey = new Map<K, Set<(value: V) => void>>();

  /** Adds a listener; call the returned function to remove it. */
  add(key: K, listener: (value: V) => void): () => void {
    let listeners = this.#byKey.get(key);
    if (!listeners) {
      listeners = new Set();
      this.#byKey.set(key, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#byKey.get(key) === listeners) this.#byKey.delete(key);
    };
  }

  emit(key: K, value: V): void {
    const listeners = this.#byKey.get(key);
    if (!listeners) return;
    for (const listener of [...listeners]) listener(value);
  }

  /** The keys listened to now. */
  keys(): K[] {
    return [...this.#byKey.keys()];
  }

  /** How many listeners a key has (for tests and metrics). */
  count(key: K): number {
    return this.#byKey.get(key)?.size ?? 0;
  }
}
