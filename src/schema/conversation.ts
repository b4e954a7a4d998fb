import { pageRequest } from '../domain/pagination.js';
import type { ConversationView } from '../domain/ports.js';
import { pointAt } from '../domain/resume-points.js';
import { builder } from './builder.js';
import { toConnection } from './connections.js';
import { encodeCursor, encodeStreamCursor, optionalCursor } from './cursors.js';
import { parseIntegerKey } from './global-id.js';
import { historyConnection, MessageConnection, MessageRef } from './message-connection.js';
import { UserRef, userIdArg } from './user.js';
import { requireViewer } from './viewer.js';

const CONVERSATIONS_CURSOR = 'conversations';

export const ConversationRef = builder.loadableNode('Conversation', {
  description: 'The one direct conversation between the viewer and `peer`.',
  id: {
    resolve: (conversation: ConversationView) => conversation.id,
    parse: (key) => parseIntegerKey(key),
  },
  // Only participants can load a conversation; anyone else gets null.
  load: (ids: number[], { conversations, viewer }) => conversations.findConversations(viewer, ids),
  sort: (conversation) => conversation.id,
  fields: (t) => ({
    peer: t.field({ type: UserRef, resolve: (conversation) => conversation.peerId }),
    lastMessage: t.field({
      type: MessageRef,
      nullable: true,
      resolve: (conversation, _args, { conversations }) => conversations.lastMessage(conversation),
    }),
    unreadCount: t.loadable({
      type: 'Int',
      description: 'Messages from the peer after the viewer’s read marker (see `markRead`).',
      load: async (ids: number[], { conversations, viewer }) =>
        conversations.unreadCounts(viewer, ids),
      resolve: (conversation) => conversation.id,
    }),
    messages: t.connection(
      {
        type: MessageRef,
        description:
          'History, oldest to newest; without `first` or `last`, the newest 20. An `endCursor` is a valid `after` for `directMessages`.',
        resolve: (conversation, args, context) =>
          historyConnection(args, (request) =>
            context.messaging.conversationHistory(requireViewer(context), conversation.id, request),
          ),
      },
      MessageConnection,
    ),
  }),
});

const ConversationConnection = builder.connectionObject(
  {
    type: ConversationRef,
    name: 'ConversationConnection',
    description: 'A page of conversations, most recent activity first.',
    fields: (t) => ({
      liveCursor: t.string({
        description:
          'Your direct-message stream’s position when this page was read: subscribe to `directMessages(after: liveCursor)` to receive every direct message since.',
        resolve: (connection) => (connection as unknown as { liveCursor: string }).liveCursor,
      }),
    }),
  },
  { name: 'ConversationEdge', description: 'A conversation and its cursor.' },
);

builder.queryFields((t) => ({
  conversations: t.connection(
    {
      type: ConversationRef,
      description: 'The viewer’s direct conversations, most recent activity first.',
      resolve: async (_root, args, context) => {
        const viewer = requireViewer(context);
        const request = pageRequest({
          first: args.first,
          last: args.last,
          after: optionalCursor<number>(CONVERSATIONS_CURSOR, args.after, 'number', 'after'),
          before: optionalCursor<number>(CONVERSATIONS_CURSOR, args.before, 'number', 'before'),
        });
        const page = await context.conversations.listConversations(viewer, request);
        return toConnection(
          page,
          (conversation) => encodeCursor(CONVERSATIONS_CURSOR, conversation.lastPosition),
          { liveCursor: encodeStreamCursor(pointAt(page.live)) },
        );
      },
    },
    ConversationConnection,
  ),
  conversation: t.field({
    type: ConversationRef,
    nullable: true,
    description:
      'The viewer’s conversation with a user (`with` is a User id); null until one of you writes.',
    args: { with: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => {
      const viewer = requireViewer(context);
      return context.conversations.conversationWith(viewer, userIdArg(args.with, 'with'));
    },
  }),
}));
