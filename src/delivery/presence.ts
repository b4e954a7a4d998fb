/**
 * Who is online: a user is online while at least one of their connections is open. Counted per
 * instance; the scale-out issue shares it across instances.
 */
export class Presence {
  readonly #connections = new Map<number, number>();

  /** Records an open connection; call the returned function once when it closes. */
  connect(userId: number): () => void {
    this.#connections.set(userId, (this.#connections.get(userId) ?? 0) + 1);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const remaining = (this.#connections.get(userId) ?? 1) - 1;
      if (remaining > 0) this.#connections.set(userId, remaining);
      else this.#connections.delete(userId);
    };
  }

  isOnline(userId: number): boolean {
    return this.#connections.has(userId);
  }
}
