import type { Db } from '../db/database.js';

/** What every resolver receives; built per operation by the server (HTTP, SSE and WebSocket). */
export type GraphQLContext = {
  db: Db;
};
