import type { Database } from '../db/database.js';
import type { Store } from '../domain/ports.js';
import { createPrismaStore } from './prisma-store.js';
import { createSqliteStore } from './sqlite-store.js';

/**
 * The store for an open database: Prisma's on PostgreSQL; on SQLite, the hot paths' prepared
 * statements (sqlite-store.ts) spread over Prisma's versions of the same methods.
 */
export function storeFor(database: Database): Store {
  const prisma = createPrismaStore(database.db);
  return database.sqlite ? { ...prisma, ...createSqliteStore(database.sqlite) } : prisma;
}
