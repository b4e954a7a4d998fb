import { badInput, DomainError, type ErrorCode } from '../domain/errors.js';
import { pageRequest } from '../domain/pagination.js';
import type { Room } from '../domain/ports.js';
import { builder } from './builder.js';
import { toConnection } from './connections.js';
import { encodeCursor, optionalCursor } from './cursors.js';
import { reportFieldError } from './field-errors.js';
import { decodeIntegerIdFor, parseIntegerKey } from './global-id.js';
import { historyConnection, MessageConnection, MessageRef } from './message-connection.js';
import { UserConnection, UserRef } from './user.js';
import { requireSpeaker, requireViewer } from './viewer.js';

/** Refusals of `Room.messages` that leave the rest of the room readable. */
const UNREADABLE = new Set<ErrorCode>(['FORBIDDEN', 'UNAUTHENTICATED']);

/** What a viewer who may not read a room's messages gets in their place. */
const NO_MESSAGES = {
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  liveCursor: '',
};

const ROOMS_CURSOR = 'rooms';
const MEMBERS_CURSOR = 'members';

export const RoomRef = builder.loadableNodeRef('Room', {
  id: { resolve: (room: Room) => room.id, parse: (key) => parseIntegerKey(key) },
  load: (ids: number[], { rooms }) => rooms.findRooms(ids),
  sort: (room) => room.id,
});

RoomRef.implement({
  description: 'A public group room. Anyone signed in can list, join and leave it.',
  fields: (t) => ({
    name: t.string({
      description: 'Unique name, compared case-insensitively; shown as its creator typed it.',
      resolve: (room) => room.name ?? '',
    }),
    topic: t.exposeString('topic', { nullable: true, description: 'What the room is about.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description:
        'Sets roles and moderates everyone (see `RoomRole`). The creator, then whom they hand the room to (`setRoomRole` OWNER), or the longest-standing moderator (else member) when the owner leaves; none for `general`.',
      resolve: (room) => room.ownerId,
    }),
    memberCount: t.loadable({
      type: 'Int',
      description: 'How many users are members.',
      load: (ids: number[], { rooms }) => rooms.memberCounts(ids),
      resolve: (room) => room.id,
    }),
    viewerIsMember: t.loadable({
      type: 'Boolean',
      description: 'Whether the signed-in viewer is a member (false when signed out).',
      load: (ids: number[], { rooms, viewer }) => rooms.viewerMemberships(viewer, ids),
      resolve: (room) => room.id,
    }),
    unreadCount: t.loadable({
      type: 'Int',
      description:
        'Messages after the viewer’s read marker (see `markRead`) written by others; 0 when not a member.',
      load: async (ids: number[], { rooms, viewer }) => rooms.unreadCounts(viewer, ids),
      resolve: (room) => room.id,
    }),
    members: t.connection(
      {
        type: UserRef,
        description: 'Members in the order of their user ids. Signed-in viewers only.',
        resolve: async (room, args, context) => {
          const viewer = requireViewer(context);
          const request = pageRequest({
            first: args.first,
            last: args.last,
            after: optionalCursor<number>(MEMBERS_CURSOR, args.after, 'number', 'after'),
            before: optionalCursor<number>(MEMBERS_CURSOR, args.before, 'number', 'before'),
          });
          const page = await context.rooms.members(viewer, room.id, request);
          return toConnection(page, (user) => encodeCursor(MEMBERS_CURSOR, user.id));
        },
      },
      UserConnection,
    ),
    messages: t.connection(
      {
        type: MessageRef,
        description:
          'History, oldest to newest; without `first` or `last`, the newest 20. Members only: for anyone else an empty page (`liveCursor` "") with a FORBIDDEN (UNAUTHENTICATED when signed out) error at this path, so the rest of the room stays readable. Cursors are stream positions: an `endCursor` is a valid `after` for `roomMessages`.',
        resolve: async (room, args, context, info) => {
          try {
            const viewer = requireViewer(context);
            return await historyConnection(args, (request) =>
              context.messaging.roomHistory(viewer, room.id, request),
            );
          } catch (error) {
            if (!(error instanceof DomainError && UNREADABLE.has(error.code))) throw error;
            // A "join to read" screen needs the room itself: refuse the messages alone.
            reportFieldError(context, info, error);
            return NO_MESSAGES;
          }
        },
      },
      MessageConnection,
    ),
  }),
});

export const RoomConnection = builder.connectionObject(
  { type: RoomRef, name: 'RoomConnection', description: 'A page of rooms.' },
  { name: 'RoomEdge', description: 'A room and its cursor.' },
);

/** Decodes a Room id argument; BAD_USER_INPUT names the argument when it is not one. */
export function roomIdArg(id: string, field = 'roomId'): number {
  return decodeIntegerIdFor('Room', id, field);
}

builder.queryFields((t) => ({
  room: t.field({
    type: RoomRef,
    nullable: true,
    description: 'One room by `id` or by `name` (case-insensitive); null when there is none.',
    args: {
      id: t.arg.id({ description: 'The room’s global id.' }),
      name: t.arg.string({ description: 'The room’s name, in any letter case.' }),
    },
    resolve: (_root, { id, name }, { rooms }) => {
      if (typeof id === 'string' && typeof name !== 'string') return roomIdArg(id, 'id');
      if (typeof name === 'string' && typeof id !== 'string') return rooms.findRoomByName(name);
      throw badInput('id', 'Give exactly one of id and name');
    },
  }),
  rooms: t.connection(
    {
      type: RoomRef,
      description: 'Every room, in alphabetical order of name.',
      resolve: async (_root, args, { rooms }) => {
        const request = pageRequest({
          first: args.first,
          last: args.last,
          after: optionalCursor<string>(ROOMS_CURSOR, args.after, 'string', 'after'),
          before: optionalCursor<string>(ROOMS_CURSOR, args.before, 'string', 'before'),
        });
        const page = await rooms.listRooms(request);
        return toConnection(page, (room) => encodeCursor(ROOMS_CURSOR, room.nameKey ?? ''));
      },
    },
    RoomConnection,
  ),
}));

builder.mutationFields((t) => ({
  createRoom: t.field({
    type: RoomRef,
    description:
      'Creates a public room; the viewer owns it and is its first member. Errors: BAD_USER_INPUT, ROOM_NAME_TAKEN.',
    args: {
      name: t.arg.string({
        required: true,
        description: '2–64 letters, digits, `-` or `_`; unique in any letter case.',
      }),
      topic: t.arg.string({ description: 'At most 250 characters.' }),
    },
    resolve: (_root, { name, topic }, context) =>
      context.rooms.createRoom(requireSpeaker(context), name, topic),
  }),
  joinRoom: t.field({
    type: RoomRef,
    description: 'Joins a room (again: no change). Its whole history becomes readable.',
    args: { roomId: t.arg.id({ required: true }) },
    resolve: (_root, { roomId }, context) =>
      context.rooms.joinRoom(requireViewer(context), roomIdArg(roomId)),
  }),
  leaveRoom: t.field({
    type: RoomRef,
    description:
      'Leaves a room: its messages and streams are out of reach at once. An owner hands the room to the longest-standing moderator, else member.',
    args: { roomId: t.arg.id({ required: true }) },
    resolve: (_root, { roomId }, context) =>
      context.rooms.leaveRoom(requireViewer(context), roomIdArg(roomId)),
  }),
}));

/** A Room as an Apollo Federation entity, referenced by its global id. */
builder.asEntity(RoomRef, {
  key: builder.selection<{ id: string }>('id'),
  // Through the rooms' loader: a request's references are loaded together, in chunks.
  resolveReference: ({ id }, context) => RoomRef.getDataloader(context).load(roomIdArg(id, 'id')),
});
