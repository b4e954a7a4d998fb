import { builder } from './builder.js';
import './conversation.js';
import './message.js';
import './room.js';
import './room-events.js';
import './user.js';

/** Charla's executable GraphQL schema, sorted so that the printed SDL is stable. */
export const schema = builder.toSchema({ sortSchema: true });
