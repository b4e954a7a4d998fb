import { type InboxKey, inboxKeyText, parseInboxKey } from '../domain/inbox.js';
import { pageRequest } from '../domain/pagination.js';
import type { ConversationView, Room } from '../domain/ports.js';
import { builder } from './builder.js';
import { ConversationRef } from './conversation.js';
import { encodeCursor, optionalCursor } from './cursors.js';
import { RoomRef } from './room.js';
import { requireViewer } from './viewer.js';

const INBOX_CURSOR = 'inbox';

/** What an inbox edge carries besides its node and cursor. */
type InboxEdgeShape = { node: Room | ConversationView; cursor: string; lastActivityAt: Date };

const InboxItemUnion = builder.unionType('InboxItem', {
  description: 'A room the viewer is a member of, or one of their direct conversations.',
  types: [RoomRef, ConversationRef],
  resolveType: (item) => ('peerId' in item ? ConversationRef : RoomRef),
});

const InboxConnection = builder.connectionObject(
  {
    type: InboxItemUnion,
    name: 'InboxConnection',
    description: 'A page of the viewer’s inbox, most recent activity first.',
  },
  {
    name: 'InboxEdge',
    description: 'A room or conversation, its cursor and when something last happened in it.',
    fields: (t) => ({
      lastActivityAt: t.field({
        type: 'DateTime',
        description:
          'The latest message’s time; for a room without messages, when the viewer joined it.',
        resolve: (edge) => (edge as unknown as InboxEdgeShape).lastActivityAt,
      }),
    }),
  },
);

function cursorKey(cursor: string | null | undefined, field: string): InboxKey | undefined {
  const text = optionalCursor<string>(INBOX_CURSOR, cursor, 'string', field);
  return text === undefined ? undefined : parseInboxKey(text, field);
}

builder.queryFields((t) => ({
  inbox: t.connection(
    {
      type: InboxItemUnion,
      description:
        'Every room (public and private) the viewer is a member of and every direct conversation they have, the way an inbox wants them: most recent activity first (the latest message’s time; a room without messages by when the viewer joined it), ties broken rooms first, then newest id. Ask `unreadCount` on each node. Cursors are stable: an item moves only when it has new activity.',
      resolve: async (_root, args, context) => {
        const viewer = requireViewer(context);
        const request = pageRequest({
          first: args.first,
          last: args.last,
          after: cursorKey(args.after, 'after'),
          before: cursorKey(args.before, 'before'),
        });
        const page = await context.inbox.page(viewer, request);
        const edges: InboxEdgeShape[] = page.items.map((item) => ({
          node: item.kind === 'room' ? item.room : item.conversation,
          cursor: encodeCursor(INBOX_CURSOR, inboxKeyText(item.key)),
          lastActivityAt: new Date(item.key.at),
        }));
        return {
          edges,
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: page.hasPreviousPage,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    },
    InboxConnection,
  ),
}));
