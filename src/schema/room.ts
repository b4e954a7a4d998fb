import { badInput } from '../domain/errors.js';
import { pageRequest } from '../domain/pagination.js';
import { findRoomById, findRoomByName, listRooms, type Room } from '../domain/rooms.js';
import { builder } from './builder.js';
import { toConnection } from './connections.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import { decodeIntegerIdFor, parseIntegerKey } from './global-id.js';

const ROOMS_CURSOR = 'rooms';

export const RoomRef = builder.node(builder.objectRef<Room>('Room'), {
  description: 'A public group room. Anyone signed in can list, join and leave it.',
  id: { resolve: (room) => room.id, parse: (key) => parseIntegerKey(key) },
  loadOne: (id, { db }) => findRoomById(db, id),
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'Unique name, compared case-insensitively; shown as its creator typed it.',
    }),
    topic: t.exposeString('topic', { nullable: true, description: 'What the room is about.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const RoomConnection = builder.connectionObject(
  { type: RoomRef, name: 'RoomConnection', description: 'A page of rooms.' },
  { name: 'RoomEdge', description: 'A room and its cursor.' },
);

builder.queryFields((t) => ({
  room: t.field({
    type: RoomRef,
    nullable: true,
    description: 'One room by `id` or by `name` (case-insensitive); null when there is none.',
    args: {
      id: t.arg.id({ description: "The room's global id." }),
      name: t.arg.string({ description: "The room's name, in any letter case." }),
    },
    resolve: (_root, { id, name }, { db }) => {
      if (typeof id === 'string' && typeof name !== 'string') {
        return findRoomById(db, decodeIntegerIdFor('Room', id, 'id'));
      }
      if (typeof name === 'string' && typeof id !== 'string') return findRoomByName(db, name);
      throw badInput('id', 'Give exactly one of id and name');
    },
  }),
  rooms: t.connection(
    {
      type: RoomRef,
      description: 'Every room, in alphabetical order of name.',
      resolve: async (_root, args, { db }) => {
        const request = pageRequest({
          first: args.first,
          last: args.last,
          after: decodeRoomsCursor(args.after, 'after'),
          before: decodeRoomsCursor(args.before, 'before'),
        });
        const page = await listRooms(db, request);
        return toConnection(page, (room) => encodeCursor(ROOMS_CURSOR, room.nameKey));
      },
    },
    RoomConnection,
  ),
}));

function decodeRoomsCursor(cursor: string | null | undefined, field: string) {
  return cursor ? decodeCursor<string>(ROOMS_CURSOR, cursor, 'string', field) : undefined;
}
