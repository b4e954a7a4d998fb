import { type Page, type PageRequest, pageFromRows } from './pagination.js';
import type { ConversationStore, ConversationView } from './ports.js';
import type { StreamPosition } from './streams.js';
import type { Viewer } from './viewer.js';

export type Conversations = ReturnType<typeof createConversations>;

/** The viewer's direct conversations, as the GraphQL schema reads them. */
export function createConversations({ store }: { store: ConversationStore }) {
  return {
    /**
     * Conversations by id (a DataLoader batch), as the viewer sees them; null where absent or
     * not theirs (only participants can load a conversation; signed out, none).
     */
    findConversations: async (
      viewer: Viewer | null,
      ids: readonly number[],
    ): Promise<(ConversationView | null)[]> =>
      viewer ? store.findConversations(viewer.userId, ids) : ids.map(() => null),

    /** The viewer's conversation with `peerId`, or null until one of them writes. */
    conversationWith: (viewer: Viewer, peerId: number) =>
      store.conversationWith(viewer.userId, peerId),

    /**
     * The viewer's conversations, most recent activity first, keyset-paginated on the position
     * of each one's latest message in the viewer's stream; `live` is that stream's head as of
     * the same read (`directMessages` resumes after it).
     */
    async listConversations(
      viewer: Viewer,
      request: PageRequest<number>,
    ): Promise<Page<ConversationView> & { live: StreamPosition }> {
      const { head, rows } = await store.conversationPage(viewer.userId, request);
      return {
        ...pageFromRows(rows, request),
        live: { streamId: head.id, position: head.lastPosition },
      };
    },

    /** The newest message of a conversation, in its viewer's stream. */
    lastMessage: (conversation: ConversationView) =>
      store.lastMessage(conversation.viewerId, conversation.id),

    /** Messages from the peer after the viewer's read marker (0 signed out). */
    unreadCounts: async (viewer: Viewer | null, ids: readonly number[]) =>
      viewer ? store.conversationUnreadCounts(viewer.userId, ids) : ids.map(() => 0),
  };
}
