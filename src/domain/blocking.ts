import type { EventBus } from '../events/event-bus.js';
import type { DirectMessagePolicy } from './access.js';
import { badInput, notFound } from './errors.js';
import { type Page, type PageRequest, pageFromRows } from './pagination.js';
import type { BlockStore } from './ports.js';
import type { User } from './users.js';
import type { Viewer } from './viewer.js';

export type Blocking = ReturnType<typeof createBlocking>;

/**
 * Blocking and who may write to you first. A block is one-way and silent: the blocked user is
 * refused (BLOCKED) when they write to the blocker directly (`contactRefusal` in access.ts),
 * and the blocker stops seeing them in shared rooms (`hidesAuthor`: history pages, unread
 * counts, live streams and their replay, typing, presence). Each change is announced on the bus
 * after it commits (`user.blocks`), so that the blocker's live streams on every instance start
 * or stop hiding at once.
 */
export function createBlocking({ store, bus }: { store: BlockStore; bus: EventBus }) {
  async function change(viewer: Viewer, userId: number, blocked: boolean): Promise<User> {
    if (userId === viewer.userId) {
      throw badInput(
        'userId',
        blocked ? 'You cannot block yourself' : 'You cannot unblock yourself',
      );
    }
    const outcome = blocked
      ? await store.block(viewer.userId, userId)
      : await store.unblock(viewer.userId, userId);
    if (outcome.kind === 'no-user') throw notFound('userId', 'user');
    // Announced even when unchanged: cheap, and it heals a subscription that missed the first.
    await bus.publish('user.blocks', { blockerId: viewer.userId, blockedId: userId, blocked });
    return outcome.user;
  }

  return {
    /** Blocks a user (idempotent); the answer is the blocked user. */
    blockUser: (viewer: Viewer, userId: number) => change(viewer, userId, true),

    /** Lifts a block (idempotent); the answer is the user. */
    unblockUser: (viewer: Viewer, userId: number) => change(viewer, userId, false),

    /** Whether the viewer blocked each of these users (false signed out): a DataLoader batch. */
    viewerHasBlocked: async (viewer: Viewer | null, userIds: readonly number[]) =>
      viewer ? store.blockedAmong(viewer.userId, userIds) : userIds.map(() => false),

    /** The users the viewer blocked, by user id. */
    async blockedUsers(viewer: Viewer, request: PageRequest<number>): Promise<Page<User>> {
      return pageFromRows(await store.listBlocked(viewer.userId, request), request);
    },

    /** The viewer's own direct-message policy. */
    async directMessagePolicy(viewer: Viewer): Promise<DirectMessagePolicy> {
      return (await store.directMessagePolicy(viewer.userId)) ?? 'EVERYONE';
    },

    /**
     * Sets who may start a conversation with the viewer: EVERYONE, people who share a room with
     * them (SHARED_ROOMS) or NOBODY. Existing conversations go on whatever the policy.
     */
    async setDirectMessagePolicy(viewer: Viewer, policy: DirectMessagePolicy): Promise<void> {
      await store.setDirectMessagePolicy(viewer.userId, policy);
    },
  };
}
