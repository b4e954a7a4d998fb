import type { DirectMessagePolicy as Policy } from '../domain/access.js';
import { pageRequest } from '../domain/pagination.js';
import type { User } from '../domain/users.js';
import { builder } from './builder.js';
import { toConnection } from './connections.js';
import { encodeCursor, optionalCursor } from './cursors.js';
import { UserConnection, UserRef, userIdArg } from './user.js';
import { requireViewer } from './viewer.js';

/**
 * Blocking and who may write to you first: `blockUser`, `unblockUser`, `blockedUsers`,
 * `User.viewerHasBlocked`, `setDirectMessagePolicy` and the viewer's own
 * `User.directMessagePolicy`. For example:
 *
 *     mutation { blockUser(userId: "VXNlcjoy") { nickname viewerHasBlocked } }
 *     query { blockedUsers(first: 20) { edges { node { nickname } } } }
 */

const BLOCKED_CURSOR = 'blocked';

export const DirectMessagePolicyEnum = builder.enumType('DirectMessagePolicy', {
  description: 'Who may start a direct conversation with a user (existing ones always go on).',
  values: {
    EVERYONE: { description: 'Anyone signed in (who has not been blocked).' },
    SHARED_ROOMS: { description: 'Only people who share a room with the user.' },
    NOBODY: { description: 'Nobody new.' },
  } as const,
});

builder.objectFields(UserRef, (t) => ({
  viewerHasBlocked: t.loadable({
    type: 'Boolean',
    description:
      'Whether the signed-in viewer blocked this user (see `blockUser`); false when signed out.',
    load: (ids: number[], { blocking, viewer }) => blocking.viewerHasBlocked(viewer, ids),
    resolve: (user: User) => user.id,
  }),
  directMessagePolicy: t.field({
    type: DirectMessagePolicyEnum,
    nullable: true,
    description:
      'Who may start a direct conversation with this user (`setDirectMessagePolicy`). Only the viewer sees their own: null on every other user, so that nobody learns how others filter them.',
    resolve: (user: User, _args, { blocking, viewer }) =>
      viewer && viewer.userId === user.id ? blocking.directMessagePolicy(viewer) : null,
  }),
}));

builder.queryFields((t) => ({
  blockedUsers: t.connection(
    {
      type: UserRef,
      description: 'The users the viewer blocked, in the order of their user ids.',
      resolve: async (_root, args, context) => {
        const viewer = requireViewer(context);
        const request = pageRequest({
          first: args.first,
          last: args.last,
          after: optionalCursor<number>(BLOCKED_CURSOR, args.after, 'number', 'after'),
          before: optionalCursor<number>(BLOCKED_CURSOR, args.before, 'number', 'before'),
        });
        const page = await context.blocking.blockedUsers(viewer, request);
        return toConnection(page, (user) => encodeCursor(BLOCKED_CURSOR, user.id));
      },
    },
    UserConnection,
  ),
}));

builder.mutationFields((t) => ({
  blockUser: t.field({
    type: UserRef,
    description:
      'Blocks a user, silently: they get BLOCKED when they write to you directly (or type to you), and you stop seeing their messages, typing and presence in the rooms you share, in history, unread counts, live streams and their replay (your cursors stay valid). Idempotent. Errors: BAD_USER_INPUT (yourself), NOT_FOUND.',
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, { userId }, context) =>
      context.blocking.blockUser(requireViewer(context), userIdArg(String(userId), 'userId')),
  }),
  unblockUser: t.field({
    type: UserRef,
    description:
      'Lifts a block: their new messages show again at once (those written meanwhile appear in history pages). Idempotent. Errors: BAD_USER_INPUT (yourself), NOT_FOUND.',
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, { userId }, context) =>
      context.blocking.unblockUser(requireViewer(context), userIdArg(String(userId), 'userId')),
  }),
  setDirectMessagePolicy: t.field({
    type: UserRef,
    description:
      'Sets who may start a direct conversation with you: EVERYONE, SHARED_ROOMS or NOBODY. Others get BLOCKED; existing conversations go on. Returns you.',
    args: { policy: t.arg({ type: DirectMessagePolicyEnum, required: true }) },
    resolve: async (_root, { policy }, context) => {
      const viewer = requireViewer(context);
      await context.blocking.setDirectMessagePolicy(viewer, policy as Policy);
      return viewer.userId;
    },
  }),
}));
