import type { DirectTyping } from '../delivery/delivery.js';
import { badInput } from '../domain/errors.js';
import type { RoomEvent } from '../events/event-bus.js';
import { builder } from './builder.js';
import { deliver } from './live-items.js';
import {
  MemberMutedEventRef,
  MemberRemovedEventRef,
  MemberRoleChangedEventRef,
} from './moderation.js';
import { roomIdArg } from './room.js';
import { UserRef, userIdArg } from './user.js';
import { requireSpeaker, requireViewer } from './viewer.js';

type Of<K extends RoomEvent['kind']> = Extract<RoomEvent, { kind: K }>;

const TypingEventRef = builder.objectRef<Of<'typing'> | (DirectTyping & { kind: 'typing' })>(
  'TypingEvent',
);
TypingEventRef.implement({
  description:
    'Someone started or stopped typing. "Typing" lasts until `expiresAt` unless renewed; a `typing: false` event follows when it lapses.',
  fields: (t) => ({
    user: t.field({
      type: UserRef,
      resolve: (event) => ('userId' in event ? event.userId : event.fromUserId),
    }),
    typing: t.exposeBoolean('typing'),
    expiresAt: t.field({ type: 'DateTime', resolve: (event) => new Date(event.expiresAt) }),
  }),
});

const PresenceEventRef = builder.objectRef<Of<'presence'>>('PresenceEvent').implement({
  description: 'A member came online (first live connection) or went offline (last one closed).',
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (event) => event.userId }),
    online: t.exposeBoolean('online'),
  }),
});

const MemberJoinedEventRef = builder.objectRef<Of<'member-joined'>>('MemberJoinedEvent').implement({
  description: 'A user joined the room.',
  fields: (t) => ({ user: t.field({ type: UserRef, resolve: (event) => event.userId }) }),
});

const MemberLeftEventRef = builder.objectRef<Of<'member-left'>>('MemberLeftEvent').implement({
  description: 'A user left the room.',
  fields: (t) => ({ user: t.field({ type: UserRef, resolve: (event) => event.userId }) }),
});

const eventTypes = {
  typing: TypingEventRef,
  presence: PresenceEventRef,
  'member-joined': MemberJoinedEventRef,
  'member-left': MemberLeftEventRef,
  'member-removed': MemberRemovedEventRef,
  'member-role-changed': MemberRoleChangedEventRef,
  'member-muted': MemberMutedEventRef,
} as const;

const RoomEventRef = builder.unionType('RoomEvent', {
  description: 'An ephemeral room event: never stored, never replayed.',
  types: [
    TypingEventRef,
    PresenceEventRef,
    MemberJoinedEventRef,
    MemberLeftEventRef,
    MemberRemovedEventRef,
    MemberRoleChangedEventRef,
    MemberMutedEventRef,
  ],
  resolveType: (event) => eventTypes[(event as RoomEvent).kind],
});

builder.subscriptionFields((t) => ({
  roomEvents: t.field({
    type: RoomEventRef,
    description:
      'Typing, presence, members joining, leaving or being removed, role changes and mutes, live. Members only; leaving or being removed ends it.',
    args: { roomId: t.arg.id({ required: true }) },
    subscribe: (_root, { roomId }, context) =>
      context.delivery.roomEvents(requireViewer(context), roomIdArg(roomId), context.connection),
    resolve: (item) => deliver(item) as never,
  }),
  conversationEvents: t.field({
    type: TypingEventRef,
    description: 'Whether the user `with` is typing to you, live.',
    args: { with: t.arg.id({ required: true }) },
    subscribe: (_root, args, context) =>
      context.delivery.conversationEvents(
        requireViewer(context),
        userIdArg(args.with, 'with'),
        context.connection,
      ),
    resolve: (item) => ({ ...deliver(item), kind: 'typing' as const }),
  }),
}));

builder.mutationFields((t) => ({
  setTyping: t.boolean({
    description:
      'Tells a room (`roomId`) or one user (`conversationWith`) that you are typing, or stopped. Give exactly one. Announced at most every 2 s; lapses by itself after a few seconds.',
    args: {
      roomId: t.arg.id(),
      conversationWith: t.arg.id({ description: 'A User id.' }),
      typing: t.arg.boolean({ required: true }),
    },
    resolve: async (_root, { roomId, conversationWith, typing }, context) => {
      const viewer = requireSpeaker(context);
      if ((roomId ? 1 : 0) + (conversationWith ? 1 : 0) !== 1) {
        throw badInput('roomId', 'Give exactly one of roomId and conversationWith');
      }
      const target = roomId
        ? { roomId: roomIdArg(roomId) }
        : { peerId: userIdArg(conversationWith as string, 'conversationWith') };
      await context.delivery.setTyping(viewer, target, typing);
      return true;
    },
  }),
}));
