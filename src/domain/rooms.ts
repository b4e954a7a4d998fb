import type { Db } from '../db/database.js';
import type { Room } from '../generated/prisma/client.js';
import { type Page, type PageRequest, pageFromRows } from './pagination.js';

export type { Room };

/** The room every user belongs to; it exists from the first start. */
export const GENERAL_ROOM_NAME = 'general';

/** The key room names are unique on: case-insensitive, whatever the display form. */
export function roomNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

/** Creates the `general` room unless it exists. Safe to run at every start, on every instance. */
export async function ensureGeneralRoom(db: Db): Promise<Room> {
  return db.room.upsert({
    where: { nameKey: roomNameKey(GENERAL_ROOM_NAME) },
    create: { name: GENERAL_ROOM_NAME, nameKey: roomNameKey(GENERAL_ROOM_NAME) },
    update: {},
  });
}

export function findRoomById(db: Db, id: number): Promise<Room | null> {
  return db.room.findUnique({ where: { id } });
}

export function findRoomByName(db: Db, name: string): Promise<Room | null> {
  return db.room.findUnique({ where: { nameKey: roomNameKey(name) } });
}

/** Rooms in alphabetical order of their name key, keyset-paginated on that key. */
export async function listRooms(db: Db, request: PageRequest<string>): Promise<Page<Room>> {
  const rows = await db.room.findMany({
    where: { nameKey: { gt: request.after, lt: request.before } },
    orderBy: { nameKey: request.fromEnd ? 'desc' : 'asc' },
    take: request.limit + 1,
  });
  return pageFromRows(rows, request);
}
