import type { Db } from '../db/database.js';
import type { Store } from '../domain/ports.js';
import { createPrismaBlocks } from './prisma-blocks.js';
import { createPrismaContacts } from './prisma-contacts.js';
import { createPrismaConversations } from './prisma-conversations.js';
import { createPrismaGroups } from './prisma-groups.js';
import { createPrismaIdentityStore } from './prisma-identity.js';
import { createPrismaInbox } from './prisma-inbox.js';
import { createPrismaMessages } from './prisma-messages.js';
import { createPrismaModerationStore } from './prisma-moderation.js';
import { createPrismaRoomStore } from './prisma-rooms.js';
import { createPrismaSafety } from './prisma-safety.js';

/** The store on Prisma: PostgreSQL's (and SQLite's, where nothing faster is wired). */
export function createPrismaStore(db: Db): Store {
  return {
    ...createPrismaIdentityStore(db),
    ...createPrismaRoomStore(db),
    ...createPrismaModerationStore(db),
    ...createPrismaMessages(db),
    ...createPrismaConversations(db),
    ...createPrismaContacts(db),
    ...createPrismaGroups(db),
    ...createPrismaInbox(db),
    ...createPrismaSafety(db),
    ...createPrismaBlocks(db),
  };
}
