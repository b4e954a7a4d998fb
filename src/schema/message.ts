import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { cursorExpired } from '../domain/errors.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { ConversationRef } from './conversation.js';
import { decodeStreamCursor, messageCursor } from './cursors.js';
import { decodeIntegerIdFor, parseIntegerKey } from './global-id.js';
import { deliver } from './live-items.js';
import { sharedLiveRender } from './live-sharing.js';
import { MessageRef } from './message-connection.js';
import { RoomRef, roomIdArg } from './room.js';
import { UserRef, userIdArg } from './user.js';
import { requireSpeaker, requireViewer } from './viewer.js';

builder.node(MessageRef, {
  description:
    'A room message or a direct message. Clients keep messages by `id`: an edit or delete arrives as the same message with new fields.',
  id: { resolve: (message) => message.id, parse: (key) => parseIntegerKey(key) },
  loadOne: (id, { viewer, messaging }) =>
    viewer ? messaging.findVisibleMessage(viewer, id) : null,
  fields: (t) => ({
    body: t.exposeString('body', { description: 'The text; "" once deleted.' }),
    author: t.field({
      type: UserRef,
      // Live deliveries carry the author; otherwise it is batch-loaded by id.
      resolve: (message) => message.author ?? message.authorId,
    }),
    room: t.loadable({
      type: RoomRef,
      nullable: true,
      description: 'Set for room messages.',
      // A message is only ever resolved for a viewer who may read it, hence its room: no
      // second look at the room's visibility (RoomRef's loader), which would cost the live
      // fan-out of a private room one more statement per subscriber and message.
      load: (ids: number[], { rooms }) => rooms.findRooms(ids),
      resolve: (message) => message.roomId,
    }),
    recipient: t.field({
      type: UserRef,
      nullable: true,
      description: 'Set for direct messages.',
      resolve: (message) => message.recipientId,
    }),
    conversation: t.field({
      type: ConversationRef,
      nullable: true,
      description: 'Set for direct messages: the conversation as the viewer sees it.',
      resolve: (message) => message.conversationId,
    }),
    clientMessageId: t.string({
      nullable: true,
      description:
        'The sender’s idempotency key, shown to the sender only: a retry with it returns this message.',
      resolve: (message, _args, { viewer }) =>
        viewer?.userId === message.authorId ? message.clientMessageId : null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true }),
    cursor: t.string({
      description:
        'A resume point at this message, valid as `after` (and `before`) in history and as `after` in subscriptions, wherever you got it. It stands at the message’s place in history and covers its latest change, and it remembers what you had seen when you got it: from a history page, this message and everything before it as that page was read (the same as its edge cursor); from a subscription, every change delivered up to it; on its own (`node`, a mutation), this message. History after it continues after the message’s place; a subscription after it replays every change you had not seen, once each, in order, then goes live.',
      resolve: messageCursor,
    }),
  }),
});

function messageIdArg(id: string, field: string): number {
  return decodeIntegerIdFor('Message', id, field);
}

const clientMessageIdArg = (t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0]) =>
  t.arg.string({
    description:
      'Your key for this send, at most 64 characters: retrying with it returns the original message instead of posting twice.',
  });

builder.mutationFields((t) => ({
  postMessage: t.field({
    type: MessageRef,
    description:
      'Posts to a room; members only. Answers once the message is stored. Errors: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT.',
    args: {
      roomId: t.arg.id({ required: true }),
      body: t.arg.string({ required: true, description: '1–4000 characters.' }),
      clientMessageId: clientMessageIdArg(t),
    },
    resolve: (_root, args, context) =>
      context.messaging.postMessage(
        requireSpeaker(context),
        roomIdArg(args.roomId),
        args.body,
        args.clientMessageId,
      ),
  }),
  sendDirectMessage: t.field({
    type: MessageRef,
    description:
      'Sends a direct message to another user (`to` is a User id), starting the conversation if needed.',
    args: {
      to: t.arg.id({ required: true }),
      body: t.arg.string({ required: true, description: '1–4000 characters.' }),
      clientMessageId: clientMessageIdArg(t),
    },
    resolve: (_root, args, context) =>
      context.messaging.sendDirectMessage(
        requireSpeaker(context),
        userIdArg(args.to, 'to'),
        args.body,
        args.clientMessageId,
      ),
  }),
  editMessage: t.field({
    type: MessageRef,
    description: 'Replaces the body of your own message. Errors: FORBIDDEN, NOT_FOUND.',
    args: {
      id: t.arg.id({ required: true }),
      body: t.arg.string({ required: true }),
    },
    resolve: (_root, { id, body }, context) =>
      context.messaging.editMessage(requireSpeaker(context), messageIdArg(id, 'id'), body),
  }),
  deleteMessage: t.field({
    type: MessageRef,
    description:
      'Deletes a message (yours, or any in a room you own). It keeps its place with an empty body and `deletedAt`.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) =>
      context.messaging.deleteMessage(requireViewer(context), messageIdArg(id, 'id')),
  }),
  markRead: t.boolean({
    description:
      'Moves your read marker in the message’s room or conversation up to this message (never back).',
    args: { messageId: t.arg.id({ required: true }) },
    resolve: (_root, { messageId }, context) =>
      context.messaging.markRead(requireViewer(context), messageIdArg(messageId, 'messageId')),
  }),
}));

/**
 * A subscription's `after` argument. A cursor that does not decode cannot be resumed: the
 * subscription ends with CURSOR_EXPIRED (never a silent partial replay).
 */
function resumeCursor(after: string | null | undefined) {
  if (after === null || after === undefined) return undefined;
  try {
    return decodeStreamCursor(after, 'after');
  } catch {
    throw cursorExpired('it is malformed');
  }
}

builder.subscriptionFields((t) => ({
  /**
   * Try it in GraphiQL (one tab subscribed, another posting):
   *   subscription { roomMessages(roomId: "<id>") { id body author { nickname } cursor } }
   *   mutation { postMessage(roomId: "<id>", body: "hello") { id } }
   */
  roomMessages: t.field({
    type: MessageRef,
    description:
      'Every post, edit and delete of a room, in order; upsert by `id`. With `after` (any cursor you have seen), first replays every change after it, then continues live: nothing missed, nothing twice. Members only; leaving ends it (FORBIDDEN). Ends with CURSOR_EXPIRED for a cursor that cannot be resumed, SLOW_CONSUMER when you fall too far behind.',
    args: {
      roomId: t.arg.id({ required: true }),
      after: t.arg.string({ description: 'Resume after this cursor; omit to start live.' }),
    },
    subscribe: (_root, { roomId, after }, context, info) =>
      context.delivery.roomMessages(
        requireViewer(context),
        roomIdArg(roomId),
        resumeCursor(after),
        context.connection,
        sharedLiveRender(context, info),
      ),
    resolve: deliver,
  }),
  directMessages: t.field({
    type: MessageRef,
    description:
      'Every direct message you send or receive, in every conversation (new ones too), with edits and deletes; resumes from `after` like `roomMessages`.',
    args: {
      after: t.arg.string({ description: 'Resume after this cursor; omit to start live.' }),
    },
    subscribe: (_root, { after }, context, info) =>
      context.delivery.directMessages(
        requireViewer(context),
        resumeCursor(after),
        context.connection,
        sharedLiveRender(context, info),
      ),
    resolve: deliver,
  }),
}));

/** A Message as an Apollo Federation entity: resolved only for a viewer who may see it. */
builder.asEntity(MessageRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, context) =>
    context.viewer ? visibleMessages(context).load(messageIdArg(id, 'id')) : null,
});

/**
 * The messages of one request's `_entities` references, loaded in chunks: each is a lookup
 * Prisma would otherwise merge with all the others into one statement over SQLite's limit of
 * bound parameters.
 */
const visibleMessages = createContextCache(
  ({ viewer, messaging }: GraphQLContext) =>
    new DataLoader((ids: readonly number[]) => messaging.findVisibleMessages(viewer, ids)),
);
