import { builder } from './builder.js';
import './blocking.js';
import './conversation.js';
import './groups.js';
import './inbox.js';
import './message.js';
import './moderation.js';
import './room.js';
import './room-events.js';
import './safety.js';
import './user.js';
import { resolveGlobalIdsSynchronously } from './sync-global-ids.js';
import { refuseNulInTextArguments } from './text-arguments.js';

/** Charla's executable GraphQL schema, sorted so that the printed SDL is stable. */
export const schema = refuseNulInTextArguments(
  resolveGlobalIdsSynchronously(builder.toSchema({ sortSchema: true })),
);

/**
 * The same schema as an Apollo Federation v2 subgraph (`_service`, `_entities`, `@key`s on User,
 * Room and Message), served instead when FEDERATION=true, for a gateway to compose.
 */
export const subgraphSchema = refuseNulInTextArguments(
  resolveGlobalIdsSynchronously(
    builder.toSubGraphSchema({
      linkUrl: 'https://specs.apollo.dev/federation/v2.6',
      sortSchema: true,
    }),
  ),
);
