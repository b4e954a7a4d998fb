import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { pageRequest } from '../domain/pagination.js';
import type { StoredAdminAction, StoredReport } from '../domain/ports.js';
import { DELETED_USER_NAME } from '../domain/safety.js';
import { builder } from './builder.js';
import { toConnection } from './connections.js';
import type { GraphQLContext } from './context.js';
import { encodeCursor, optionalCursor } from './cursors.js';
import { decodeIntegerIdFor, encodeGlobalId } from './global-id.js';
import { MessageRef } from './message-connection.js';
import { UserRef, userIdArg } from './user.js';
import { requireViewer } from './viewer.js';

const REPORTS_CURSOR = 'reports';
const ADMIN_ACTIONS_CURSOR = 'admin-actions';

/** Per operation: the users' admin and deleted flags, each list read in one batch. */
const adminFlags = createContextCache(
  ({ viewer, safety }: GraphQLContext) =>
    new DataLoader((ids: readonly number[]) => safety.adminFlags(viewer, ids)),
);
const deletedFlags = createContextCache(
  ({ safety }: GraphQLContext) =>
    new DataLoader((ids: readonly number[]) => safety.deletedFlags(ids)),
);

builder.objectFields(UserRef, (t) => ({
  isAdmin: t.boolean({
    description:
      'Whether the operator named this user an admin (ADMIN_NICKNAMES; for the viewer, also their company token’s admin claim).',
    resolve: (user, _args, context) => adminFlags(context).load(user.id),
  }),
  deleted: t.boolean({
    description: `True for a deleted account: its nickname shows as "[deleted]" and its messages are empty.`,
    // Only "[deleted]" (which no one can register) needs a look.
    resolve: (user, _args, context) =>
      user.nickname === DELETED_USER_NAME ? deletedFlags(context).load(user.id) : false,
  }),
}));

const ReportRef = builder.objectRef<StoredReport>('Report').implement({
  description: 'A report of a message or a user, filed by a user, for admins to resolve.',
  fields: (t) => ({
    id: t.id({ resolve: (report) => encodeGlobalId('Report', report.id) }),
    reporter: t.field({
      type: UserRef,
      nullable: true,
      description: 'Null once the reporter’s account is gone.',
      resolve: (report) => report.reporterId,
    }),
    message: t.field({
      type: MessageRef,
      nullable: true,
      description:
        'The reported message (as it is now: empty once deleted); null for a report of a user.',
      resolve: (report, _args, context) =>
        report.messageId === null
          ? null
          : context.safety.reportedMessage(requireViewer(context), report.messageId),
    }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description: 'The reported user (for a message, its author).',
      resolve: (report) => report.userId,
    }),
    reason: t.exposeString('reason'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolvedBy: t.field({
      type: UserRef,
      nullable: true,
      resolve: (report) => report.resolvedById,
    }),
    resolution: t.exposeString('resolution', {
      nullable: true,
      description:
        '`dismissed`, or what was done: `message-deleted`, `user-suspended` (comma-separated).',
    }),
  }),
});

const ReportConnection = builder.connectionObject(
  { type: ReportRef, name: 'ReportConnection', description: 'A page of reports, oldest first.' },
  { name: 'ReportEdge' },
);

const AdminActionRef = builder.objectRef<StoredAdminAction>('AdminAction').implement({
  description: 'One thing an admin did, as recorded: who, what, when, on whom.',
  fields: (t) => ({
    id: t.id({ resolve: (action) => encodeGlobalId('AdminAction', action.id) }),
    admin: t.field({ type: UserRef, nullable: true, resolve: (action) => action.adminId }),
    action: t.exposeString('action', {
      description: '`suspend-user`, `unsuspend-user` or `resolve-report`.',
    }),
    targetUser: t.field({
      type: UserRef,
      nullable: true,
      resolve: (action) => action.targetUserId,
    }),
    reportId: t.id({
      nullable: true,
      resolve: (action) =>
        action.reportId === null ? null : encodeGlobalId('Report', action.reportId),
    }),
    detail: t.exposeString('detail', { nullable: true, description: 'JSON or a short word.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const AdminActionConnection = builder.connectionObject(
  {
    type: AdminActionRef,
    name: 'AdminActionConnection',
    description: 'A page of the admins’ log, oldest first (use `last` for the newest).',
  },
  { name: 'AdminActionEdge' },
);

function idPage(
  kind: string,
  args: {
    first?: number | null;
    last?: number | null;
    after?: string | null;
    before?: string | null;
  },
) {
  return pageRequest({
    first: args.first,
    last: args.last,
    after: optionalCursor<number>(kind, args.after, 'number', 'after'),
    before: optionalCursor<number>(kind, args.before, 'number', 'before'),
  });
}

builder.queryFields((t) => ({
  reports: t.connection(
    {
      type: ReportRef,
      description:
        'Reports, oldest first; open ones only unless `open: false`. Admins only (FORBIDDEN).',
      args: { open: t.arg.boolean({ defaultValue: true }) },
      resolve: async (_root, args, context) => {
        const page = await context.safety.reports(
          requireViewer(context),
          args.open !== false,
          idPage(REPORTS_CURSOR, args),
        );
        return toConnection(page, (report) => encodeCursor(REPORTS_CURSOR, report.id));
      },
    },
    ReportConnection,
  ),
  adminActions: t.connection(
    {
      type: AdminActionRef,
      description: 'What admins did, oldest first. Admins only (FORBIDDEN).',
      resolve: async (_root, args, context) => {
        const page = await context.safety.adminActions(
          requireViewer(context),
          idPage(ADMIN_ACTIONS_CURSOR, args),
        );
        return toConnection(page, (action) => encodeCursor(ADMIN_ACTIONS_CURSOR, action.id));
      },
    },
    AdminActionConnection,
  ),
  exportMyData: t.string({
    description:
      'A JSON document of everything Charla holds about the viewer: profile, memberships, blocks, reports filed, and messages (their own, and both sides of their direct conversations). Messages stop at about 4 MiB: then `messagesTruncated` is true and `messagesContinueAfter` is the `messagesAfter` that fetches the rest.',
    args: {
      messagesAfter: t.arg.int({
        description: 'Continue the messages after this one (`messagesContinueAfter`).',
      }),
    },
    resolve: (_root, { messagesAfter }, context) =>
      context.safety.exportMyData(
        requireViewer(context),
        messagesAfter === null || messagesAfter === undefined || messagesAfter < 0
          ? 0
          : messagesAfter,
      ),
  }),
}));

builder.mutationFields((t) => ({
  reportMessage: t.boolean({
    description:
      'Reports a message you can read to the admins. reason: 1–1000 characters. Errors: NOT_FOUND (as for a missing id), BAD_USER_INPUT, RATE_LIMITED.',
    args: {
      messageId: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: (_root, { messageId, reason }, context) =>
      context.safety.reportMessage(
        requireViewer(context),
        decodeIntegerIdFor('Message', String(messageId), 'messageId'),
        reason,
      ),
  }),
  reportUser: t.boolean({
    description:
      'Reports a user to the admins. reason: 1–1000 characters. Errors: NOT_FOUND, BAD_USER_INPUT, RATE_LIMITED.',
    args: { userId: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_root, { userId, reason }, context) =>
      context.safety.reportUser(
        requireViewer(context),
        userIdArg(String(userId), 'userId'),
        reason,
      ),
  }),
  resolveReport: t.field({
    type: ReportRef,
    description:
      'Resolves a report (admins only): dismisses it, and with `deleteMessage` deletes the reported message (for everyone, live), with `suspendUntil` suspends the reported user until then. Errors: FORBIDDEN, NOT_FOUND, BAD_USER_INPUT (resolved already, a past date).',
    args: {
      reportId: t.arg.id({ required: true }),
      deleteMessage: t.arg.boolean(),
      suspendUntil: t.arg({ type: 'DateTime' }),
    },
    resolve: (_root, { reportId, deleteMessage, suspendUntil }, context) =>
      context.safety.resolveReport(
        requireViewer(context),
        decodeIntegerIdFor('Report', String(reportId), 'reportId'),
        deleteMessage === true,
        suspendUntil,
      ),
  }),
  suspendUser: t.field({
    type: UserRef,
    description:
      'Suspends a user (admins only), until `until` or until lifted: every token of theirs stops working at once (sockets close with 4403) and login answers ACCOUNT_SUSPENDED. Recorded in `adminActions`.',
    args: {
      userId: t.arg.id({ required: true }),
      until: t.arg({ type: 'DateTime' }),
      reason: t.arg.string({ description: '1–1000 characters.' }),
    },
    resolve: async (_root, { userId, until, reason }, context) => {
      const id = userIdArg(String(userId), 'userId');
      await context.safety.suspendUser(requireViewer(context), id, until, reason);
      return id;
    },
  }),
  unsuspendUser: t.field({
    type: UserRef,
    description: 'Lifts a user’s suspension (admins only). Recorded in `adminActions`.',
    args: { userId: t.arg.id({ required: true }) },
    resolve: async (_root, { userId }, context) => {
      const id = userIdArg(String(userId), 'userId');
      await context.safety.unsuspendUser(requireViewer(context), id);
      return id;
    },
  }),
  deleteAccount: t.boolean({
    description:
      'Deletes the viewer’s account: every token revoked, the nickname free for anyone, memberships and blocks removed (owned rooms pass on), every message emptied (they keep their places, shown as deleted, by "[deleted]"). Direct messages to the account answer NOT_FOUND. `password` is required for accounts with one (INVALID_CREDENTIALS when wrong).',
    args: { password: t.arg.string() },
    resolve: (_root, { password }, context) =>
      context.safety.deleteAccount(requireViewer(context), password),
  }),
}));
