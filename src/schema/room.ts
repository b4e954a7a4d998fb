import { badInput, DomainError, type ErrorCode } from '../domain/errors.js';
import { pageRequest } from '../domain/pagination.js';
import type { Room } from '../domain/ports.js';
import { builder } from './builder.js';
import { toConnection } from './connections.js';
import { encodeCursor, optionalCursor } from './cursors.js';
import { reportFieldError } from './field-errors.js';
import { decodeIntegerIdFor, parseIntegerKey } from './global-id.js';
import { historyConnection, MessageConnection, MessageRef } from './message-connection.js';
import { UserConnection, UserRef, userIdsArg } from './user.js';
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
  // A private room loads only for its members: for anyone else (`room(id:)`, `node(id:)`,
  // `_entities`) it is null, exactly as an id that never existed.
  load: (ids: number[], { groups, viewer }) => groups.findVisibleRooms(viewer, ids),
  sort: (room) => room.id,
});

export const RoomVisibilityEnum = builder.enumType('RoomVisibility', {
  description: 'Who can find and join a room.',
  values: {
    PUBLIC: {
      description: 'Listed in `rooms`, found by name; anyone signed in may join and leave it.',
    },
    PRIVATE: {
      description:
        'Exists only for its members: for anyone else its id is NOT_FOUND on every path, as if it never existed. Members are added (`addRoomMembers`), never join by themselves.',
    },
  },
});

RoomRef.implement({
  description:
    'A group room: PUBLIC (listed, anyone may join) or PRIVATE (a group: only its members know it exists).',
  fields: (t) => ({
    name: t.loadable({
      type: 'String',
      description:
        'A PUBLIC room’s unique name (compared case-insensitively, shown as its creator typed it), or a PRIVATE room’s free-text name. An unnamed PRIVATE room shows its other members’ nicknames in nickname order: "ada", "ada and bob", "ada, bob and cy", "ada, bob, cy and 2 others" (the viewer’s own nickname when they are alone in it).',
      load: (rooms: Room[], { groups, viewer }) => groups.displayNames(viewer, rooms),
      resolve: (room) => room,
    }),
    visibility: t.field({
      type: RoomVisibilityEnum,
      description: 'PUBLIC or PRIVATE.',
      resolve: (room) => room.visibility,
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
    description:
      'One room by `id` or by `name` (case-insensitive); null when there is none. A PRIVATE room is found by id, by its members only; `name` finds PUBLIC rooms only (private names are not unique).',
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
      description:
        'The directory: every PUBLIC room, in alphabetical order of name. Private rooms are never listed here, not even to their members: they are in `inbox`.',
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
      'Creates a room; the viewer owns it and is its first member, and the users in `memberIds` are members at once. PUBLIC (the default): `name` required, unique. PRIVATE: `name` optional free text (1–64 characters; never "taken"); unnamed, it shows its members’ nicknames. Errors: BAD_USER_INPUT, ROOM_NAME_TAKEN, NOT_FOUND (an unknown user), BLOCKED (a user who would not accept a direct message from the viewer).',
    args: {
      name: t.arg.string({
        description:
          'PUBLIC: 2–64 letters, digits, `-` or `_`; unique in any letter case. PRIVATE: optional, up to 64 characters of free text.',
      }),
      topic: t.arg.string({ description: 'At most 250 characters.' }),
      visibility: t.arg({
        type: RoomVisibilityEnum,
        defaultValue: 'PUBLIC',
        description: 'PUBLIC (default) or PRIVATE.',
      }),
      memberIds: t.arg.idList({
        description:
          'Users (User ids) who become members at once; duplicates and the viewer are ignored; at most 100.',
      }),
    },
    resolve: (_root, { name, topic, visibility, memberIds }, context) =>
      context.groups.createRoom(requireSpeaker(context), {
        name,
        topic,
        visibility: visibility ?? 'PUBLIC',
        memberIds: userIdsArg(memberIds ?? [], 'memberIds'),
      }),
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
