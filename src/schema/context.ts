import type { Connection, Delivery } from '../delivery/delivery.js';
import type { Presence } from '../delivery/presence.js';
import type { Blocking } from '../domain/blocking.js';
import type { Conversations } from '../domain/conversations.js';
import type { Groups } from '../domain/groups.js';
import type { Identity } from '../domain/identity.js';
import type { Inbox } from '../domain/inbox.js';
import type { Messaging } from '../domain/messaging.js';
import type { Moderation } from '../domain/moderation.js';
import type { Rooms } from '../domain/rooms.js';
import type { Safety } from '../domain/safety.js';
import type { Viewer } from '../domain/viewer.js';

/** What every resolver receives; built per operation by the server (HTTP, SSE and WebSocket). */
export type GraphQLContext = {
  /** Who is asking, proven by their token; null when signed out. */
  viewer: Viewer | null;
  /** The client's network address, for per-address limits. */
  clientAddress: string;
  identity: Identity;
  rooms: Rooms;
  groups: Groups;
  inbox: Inbox;
  moderation: Moderation;
  conversations: Conversations;
  blocking: Blocking;
  messaging: Messaging;
  /** Reports, admins, suspensions, account deletion and export. */
  safety: Safety;
  delivery: Delivery;
  presence: Presence;
  /**
   * The caller's connection: for presence, to end subscriptions that fall behind, and (graphql-ws)
   * to send this operation's pre-serialized results.
   */
  connection: LiveConnection;
  /** This operation's id on its connection (graphql-ws only), for `connection.sendNextFor`. */
  operationId?: string;
  /** Counts live messages rendered once for a group of subscribers (metrics). */
  countLiveRender?: () => void;
};

/**
 * A connection as the schema sees it: delivery's, and on graphql-ws the direct path of shared
 * live renders (schema/live-sharing.ts).
 */
export type LiveConnection = Connection & {
  /**
   * A function that sends a `next` result of operation `operationId`, already serialized, in the
   * frame graphql-ws would send: live messages rendered once are written to many subscribers
   * without graphql-ws's per-subscriber stringify. It answers false, sending nothing, once the
   * operation is over or the socket closed. Absent where results cannot be sent pre-serialized.
   */
  sendNextFor?(operationId: string): ((payloadJson: string) => boolean) | undefined;
};
