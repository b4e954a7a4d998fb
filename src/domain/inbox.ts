import { badInput } from './errors.js';
import type { Page, PageRequest } from './pagination.js';
import type {
  ConversationStore,
  ConversationView,
  InboxActivity,
  InboxStore,
  Room,
  RoomStore,
} from './ports.js';
import type { Viewer } from './viewer.js';

/**
 * Where an item stands in the inbox order: last activity newest first, then rooms before
 * conversations, then higher id first. Unique, so it is a stable keyset cursor.
 */
export type InboxKey = { at: number; kind: InboxActivity['kind']; id: number };

/** One item of the inbox, with its key. */
export type InboxItem =
  | { kind: 'room'; room: Room; key: InboxKey }
  | { kind: 'conversation'; conversation: ConversationView; key: InboxKey };

const KIND_RANK = { room: 0, conversation: 1 } as const;

/** Negative when `a` comes first in the inbox. */
export function compareInboxKeys(a: InboxKey, b: InboxKey): number {
  return b.at - a.at || KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.id - a.id;
}

/** The cursor text of a key: `<ms>.<r|c>.<id>`. */
export function inboxKeyText(key: InboxKey): string {
  return `${key.at}.${key.kind === 'room' ? 'r' : 'c'}.${key.id}`;
}

/** The key of a cursor's text; BAD_USER_INPUT naming `field` when it is not one. */
export function parseInboxKey(text: string, field: string): InboxKey {
  const match = /^(\d{1,15})\.([rc])\.(\d{1,10})$/.exec(text);
  if (!match) throw badInput(field, `Malformed ${field} cursor`);
  return {
    at: Number(match[1]),
    kind: match[2] === 'r' ? 'room' : 'conversation',
    id: Number(match[3]),
  };
}

export type Inbox = ReturnType<typeof createInbox>;

/**
 * The viewer's rooms and conversations the way an inbox wants them: most recent activity first
 * (the latest message's time; a room without messages by when the viewer joined it). A page
 * costs two statements for the order (one index seek per room or conversation the viewer has,
 * never a scan of messages), then one for the page's rooms and one for its conversations.
 */
export function createInbox({
  store,
}: {
  store: InboxStore & Pick<RoomStore, 'findRooms'> & Pick<ConversationStore, 'findConversations'>;
}) {
  return {
    async page(viewer: Viewer, request: PageRequest<InboxKey>): Promise<Page<InboxItem>> {
      const keys = (await store.inboxActivity(viewer.userId))
        .map((item): InboxKey => ({ at: item.at.getTime(), kind: item.kind, id: item.id }))
        .sort(compareInboxKeys);
      const { after, before } = request;
      const window = keys.filter(
        (key) =>
          (after === undefined || compareInboxKeys(after, key) < 0) &&
          (before === undefined || compareInboxKeys(key, before) < 0),
      );
      const picked = request.fromEnd
        ? window.slice(Math.max(0, window.length - request.limit))
        : window.slice(0, request.limit);
      const more = window.length > request.limit;
      const roomIds = picked.filter((key) => key.kind === 'room').map((key) => key.id);
      const conversationIds = picked
        .filter((key) => key.kind === 'conversation')
        .map((key) => key.id);
      const [rooms, conversations] = await Promise.all([
        roomIds.length ? store.findRooms(roomIds) : [],
        conversationIds.length ? store.findConversations(viewer.userId, conversationIds) : [],
      ]);
      const roomOf = new Map(rooms.flatMap((room) => (room ? [[room.id, room] as const] : [])));
      const conversationOf = new Map(conversations.flatMap((c) => (c ? [[c.id, c] as const] : [])));
      const items = picked.flatMap((key): InboxItem[] => {
        if (key.kind === 'room') {
          const room = roomOf.get(key.id);
          return room ? [{ kind: 'room', room, key }] : [];
        }
        const conversation = conversationOf.get(key.id);
        return conversation ? [{ kind: 'conversation', conversation, key }] : [];
      });
      return request.fromEnd
        ? { items, hasPreviousPage: more, hasNextPage: before !== undefined }
        : { items, hasNextPage: more, hasPreviousPage: after !== undefined };
    },
  };
}
