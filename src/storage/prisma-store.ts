import type { Db } from '../db/database.js';
import type { Store } from '../domain/ports.js';
import { createPrismaBlocks } from './prisma-blocks.js';
import { createPrismaContacts } from './prisma-contacts.js';
import { createPrismaConversations } from './prisma-conversations.js';
import { createPrismaIdentityStore } from './prisma-identity.js';
import { createPrismaMessages } from './prisma-messages.js';
import { createPrismaRoomStore } from './prisma-rooms.js';

/** The store on Prisma: PostgreSQL's (and SQLite's, where nothing faster is wired). */
export function createPrismaStore(db: Db): Store {
  return {
    ...createPrismaIdentityStore(db),
    ...createPrismaRoomStore(db),
    ...createPrismaMessages(db),
    ...createPrismaConversations(db),
    ...createPrismaBlocks(db),
    ...createPrismaContacts(db),
  };
}
