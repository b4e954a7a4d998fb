import type { Db } from '../db/database.js';
import type { Store } from '../domain/ports.js';
import { createPrismaConversations } from './prisma-conversations.js';
import { createPrismaIdentityStore } from './prisma-identity.js';
import { createPrismaMessages } from './prisma-messages.js';
import { createPrismaRoomStore } from './prisma-rooms.js';
import { createPrismaSafety } from './prisma-safety.js';

/** The store on Prisma: PostgreSQL's (and SQLite's, where nothing faster is wired). */
export function createPrismaStore(db: Db): Store {
  return {
    ...createPrismaIdentityStore(db),
    ...createPrismaRoomStore(db),
    ...createPrismaMessages(db),
    ...createPrismaConversations(db),
    ...createPrismaSafety(db),
  };
}
