import type { Connection, Delivery } from '../delivery/delivery.js';
import type { Presence } from '../delivery/presence.js';
import type { Conversations } from '../domain/conversations.js';
import type { Identity } from '../domain/identity.js';
import type { Messaging } from '../domain/messaging.js';
import type { Rooms } from '../domain/rooms.js';
import type { Viewer } from '../domain/viewer.js';

/** What every resolver receives; built per operation by the server (HTTP, SSE and WebSocket). */
export type GraphQLContext = {
  /** Who is asking, proven by their token; null when signed out. */
  viewer: Viewer | null;
  /** The client's network address, for per-address limits. */
  clientAddress: string;
  identity: Identity;
  rooms: Rooms;
  conversations: Conversations;
  messaging: Messaging;
  delivery: Delivery;
  presence: Presence;
  /** The caller's connection: for presence, and to end subscriptions that fall behind. */
  connection: Connection;
  /**
   * Sends a `next` result, already serialized, for this operation (graphql-ws only): lets live
   * messages rendered once be shared by many subscribers. False when the operation is over.
   */
  sendNext?: (payloadJson: string) => boolean;
  /** Counts live messages rendered once for a group of subscribers (metrics). */
  countLiveRender?: () => void;
};
