import { hidesAuthor } from '../domain/access.js';
import type { BlockStore } from '../domain/ports.js';
import type { DeliveryHub } from './stream-hub.js';

/**
 * Whom one live subscription's viewer hides: the users they blocked, loaded once when the
 * subscription starts and kept current by the `user.blocks` events of the bus (from every
 * instance), so that the fan-out decides per change with one set lookup and no I/O. After the
 * bus may have lost events (an outage of Redis), `refresh` reads the set again before the
 * subscription reads what it missed. Every path that hides the blocked (messages, typing,
 * presence, and later reactions, mentions, notifications) asks `hides` here, which asks the
 * access module's `hidesAuthor`.
 */
export class HiddenAuthors {
  #ids = new Set<number>();
  #stale = true;
  #reading: Promise<void> | undefined;
  /** Changes heard while a read of the set is under way, applied over what it returns. */
  #heard: { blockedId: number; blocked: boolean }[] | undefined;
  readonly #stop: () => void;

  private constructor(
    private readonly store: BlockStore,
    hub: DeliveryHub,
    private readonly viewerId: number,
  ) {
    this.#stop = hub.blocksChanged.add(viewerId, (change) => {
      this.#heard?.push(change);
      this.#apply(change);
    });
  }

  /** Listens for the viewer's blocks, then reads them: nothing committed in between is missed. */
  static async load(store: BlockStore, hub: DeliveryHub, viewerId: number): Promise<HiddenAuthors> {
    const hidden = new HiddenAuthors(store, hub, viewerId);
    try {
      await hidden.refresh();
    } catch (error) {
      hidden.close();
      throw error;
    }
    return hidden;
  }

  /** Whether the viewer hides what `authorId` wrote or did. */
  hides(authorId: number): boolean {
    return this.#ids.size > 0 && hidesAuthor(this.#ids, authorId);
  }

  /** Marks the set as possibly stale (the bus may have lost block events). */
  invalidate(): void {
    this.#stale = true;
  }

  /** Reads the set again if it may be stale; resolves once a read under way has finished. */
  refresh(): Promise<void> {
    if (this.#stale) {
      const reading = this.#read().finally(() => {
        if (this.#reading === reading) this.#reading = undefined;
      });
      this.#reading = reading;
    }
    return this.#reading ?? Promise.resolve();
  }

  async #read(): Promise<void> {
    this.#stale = false;
    const heard: { blockedId: number; blocked: boolean }[] = [];
    this.#heard = heard;
    try {
      const ids = new Set(await this.store.blockedIds(this.viewerId));
      this.#ids = ids;
      for (const change of heard) this.#apply(change);
    } catch (error) {
      this.#stale = true;
      throw error;
    } finally {
      if (this.#heard === heard) this.#heard = undefined;
    }
  }

  close(): void {
    this.#stop();
  }

  #apply({ blockedId, blocked }: { blockedId: number; blocked: boolean }): void {
    if (blocked) this.#ids.add(blockedId);
    else this.#ids.delete(blockedId);
  }
}
