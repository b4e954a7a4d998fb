import type { Db } from '../db/database.js';
import type { Presence } from '../delivery/presence.js';
import type { Identity } from '../domain/identity.js';
import type { Viewer } from '../domain/sessions.js';

/** What every resolver receives; built per operation by the server (HTTP, SSE and WebSocket). */
export type GraphQLContext = {
  /** Who is asking, proven by their token; null when signed out. */
  viewer: Viewer | null;
  /** The client's network address, for per-address limits. */
  clientAddress: string;
  db: Db;
  identity: Identity;
  presence: Presence;
};
