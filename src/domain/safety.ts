import type { EventBus } from '../events/event-bus.js';
import type { Throttle } from '../limits/action-limits.js';
import {
  accountRefusal,
  adminRefusal,
  adminTargetRefusal,
  inForce,
  isAdmin,
  maySeeRoom,
  userReportRefusal,
} from './access.js';
import { badInput, DomainError, notFound } from './errors.js';
import { type MessageView, toView, viewFor } from './message-views.js';
import type { Messaging } from './messaging.js';
import { nicknameKey } from './nicknames.js';
import { type Page, type PageRequest, pageFromRows } from './pagination.js';
import { verifyPassword } from './passwords.js';
import type { AccountState, Store, StoredAdminAction, StoredReport } from './ports.js';
import type { Viewer } from './viewer.js';

/** A report's reason, and a suspension's: 1 to this many characters. */
export const REASON_MAX_LENGTH = 1000;
/**
 * How a deleted account's author shows in history: not a valid nickname (brackets), so that
 * nobody can register it and pass for a deleted user.
 */
export const DELETED_USER_NAME = '[deleted]';
/** Messages emptied per transaction when an account is deleted. */
const DELETION_BATCH = 500;
/** Messages read per statement by the export. */
const EXPORT_PAGE = 500;
/**
 * Most bytes of messages one export holds (its response must stay under RESPONSE_MAX_BYTES):
 * past this, the document says `messagesTruncated` and `messagesContinueAfter`, the argument
 * that fetches the rest.
 */
export const EXPORT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export type Safety = ReturnType<typeof createSafety>;

/** The document `exportMyData` returns (README, "Safety"). */
export type DataExport = {
  exportedAt: string;
  profile: unknown;
  memberships: unknown[];
  blocks: unknown[];
  reportsFiled: unknown[];
  messages: unknown[];
  messagesTruncated: boolean;
  messagesContinueAfter: number | null;
};

function checkReason(reason: string, field = 'reason'): string {
  const trimmed = reason.trim();
  if (
    !trimmed.isWellFormed() ||
    trimmed.length === 0 ||
    reason.length > REASON_MAX_LENGTH * 2 ||
    [...trimmed].length > REASON_MAX_LENGTH
  ) {
    throw badInput(field, `${field} has 1 to ${REASON_MAX_LENGTH} characters`);
  }
  return trimmed;
}

function checkFuture(until: Date | null | undefined, field: string): Date | null {
  if (until === null || until === undefined) return null;
  if (Number.isNaN(until.getTime()) || until.getTime() <= Date.now()) {
    throw badInput(field, `${field} must be in the future`);
  }
  return until;
}

/**
 * Reports, admins, suspensions, account deletion and data export (issue 17). Every right is
 * decided by the access rules (`adminRefusal`, `accountRefusal`, …) on facts storage reports.
 */
export function createSafety(deps: {
  store: Store;
  bus: EventBus;
  throttle: Throttle;
  messaging: Messaging;
  /** ADMIN_NICKNAMES, as configured: compared by look-alike key. */
  adminNicknames: readonly string[];
}) {
  const { store, bus, throttle, messaging } = deps;
  const adminKeys = new Set(deps.adminNicknames.map((nickname) => nicknameKey(nickname)));

  const adminOf = (account: AccountState | null, viewer?: Viewer) =>
    account !== null &&
    isAdmin({ ...account, companyAdmin: viewer?.companyAdmin === true }, adminKeys);

  async function requireAdmin(viewer: Viewer): Promise<void> {
    const account = await store.accountState(viewer.userId);
    const refusal = adminRefusal({ isAdmin: adminOf(account, viewer) });
    if (refusal) throw refusal;
  }

  async function revokeSessions(sessionIds: readonly number[]): Promise<void> {
    await Promise.all(sessionIds.map((sessionId) => bus.publish('session.revoked', { sessionId })));
  }

  async function suspend(
    admin: Viewer,
    userId: number,
    until: Date | null,
    reason: string | null,
    extra: { reportId?: number } = {},
  ): Promise<void> {
    const target = await store.accountState(userId);
    const refusal = adminTargetRefusal(admin.userId, target);
    if (refusal) throw refusal;
    const outcome = await store.suspendUser(
      userId,
      { until, reason },
      {
        adminId: admin.userId,
        action: 'suspend-user',
        targetUserId: userId,
        messageId: null,
        reportId: extra.reportId ?? null,
        detail: JSON.stringify({ until: until?.toISOString() ?? null, reason }),
      },
    );
    if (outcome.kind === 'no-user') throw notFound('userId', 'user');
    await revokeSessions(outcome.revokedSessionIds);
  }

  /** Empties every message of a deleted account, in batches, announcing each change. */
  async function emptyMessagesOf(userId: number): Promise<void> {
    const author = (await store.findUser(userId)) ?? undefined;
    for (;;) {
      const changes = await store.deleteAuthoredMessages(userId, DELETION_BATCH);
      if (changes.length === 0) return;
      for (const change of changes) {
        await bus.publish('stream.changed', { ...change, author });
      }
    }
  }

  return {
    /**
     * Whether each user is an admin (a DataLoader batch); for the viewer, their company token's
     * claim counts too.
     */
    async adminFlags(viewer: Viewer | null, userIds: readonly number[]): Promise<boolean[]> {
      const accounts = await store.accountStates(userIds);
      return accounts.map((account, index) =>
        adminOf(account, viewer && viewer.userId === userIds[index] ? viewer : undefined),
      );
    },

    /** Whether each user's account is deleted (a DataLoader batch). */
    async deletedFlags(userIds: readonly number[]): Promise<boolean[]> {
      return (await store.accountStates(userIds)).map((account) => account?.deleted ?? false);
    },

    /**
     * Reports a message the viewer can read (NOT_FOUND otherwise, as for a missing id): its
     * author is the reported user. Limited per reporter.
     */
    async reportMessage(viewer: Viewer, messageId: number, reasonInput: string): Promise<boolean> {
      const reason = checkReason(reasonInput);
      await throttle('report', viewer.userId);
      const found = await store.findMessage(viewer.userId, messageId);
      const view = found && viewFor(viewer.userId, found);
      if (!view) throw notFound('messageId', 'message');
      await store.fileReport({
        reporterId: viewer.userId,
        userId: view.authorId,
        messageId,
        reason,
      });
      return true;
    },

    /** Reports a user. Limited per reporter. */
    async reportUser(viewer: Viewer, userId: number, reasonInput: string): Promise<boolean> {
      const reason = checkReason(reasonInput);
      await throttle('report', viewer.userId);
      const target = await store.accountState(userId);
      const refusal = userReportRefusal(viewer.userId, target);
      if (refusal) throw refusal;
      await store.fileReport({ reporterId: viewer.userId, userId, messageId: null, reason });
      return true;
    },

    /** Reports, oldest first (open ones only when `open`): admins only. */
    async reports(
      viewer: Viewer,
      open: boolean,
      request: PageRequest<number>,
    ): Promise<Page<StoredReport>> {
      await requireAdmin(viewer);
      return pageFromRows(await store.listReports(open, request), request);
    },

    /** The reported message as an admin sees it (wherever it is), or null when it is gone. */
    async reportedMessage(viewer: Viewer, messageId: number): Promise<MessageView | null> {
      await requireAdmin(viewer);
      const found = await store.findMessage(viewer.userId, messageId);
      const place = found?.places[0];
      return found && place ? toView({ ...place, message: found.message }) : null;
    },

    /**
     * Resolves a report: dismisses it, and optionally deletes the reported message (the normal
     * delete path: it flows through its streams) and suspends the reported user until
     * `suspendUntil`. Admins only; each effect is recorded.
     */
    async resolveReport(
      viewer: Viewer,
      reportId: number,
      deleteMessage: boolean,
      suspendUntilInput: Date | null | undefined,
    ): Promise<StoredReport> {
      await requireAdmin(viewer);
      const suspendUntil = checkFuture(suspendUntilInput, 'suspendUntil');
      const report = await store.findReport(reportId);
      if (!report) throw notFound('reportId', 'report');
      if (report.resolvedAt !== null) throw badInput('reportId', 'This report is resolved already');
      if (suspendUntil !== null) {
        // Checked before anything changes, so that a refused suspension deletes nothing.
        if (report.userId === null) throw badInput('suspendUntil', 'The reported user is gone');
        const refusal = adminTargetRefusal(viewer.userId, await store.accountState(report.userId));
        if (refusal) throw refusal;
      }
      const done: string[] = [];
      if (deleteMessage) {
        if (report.messageId === null) {
          throw badInput('deleteMessage', 'This report names no message');
        }
        try {
          await messaging.deleteMessageAsAdmin(viewer, report.messageId);
          done.push('message-deleted');
        } catch (error) {
          // Gone already (its author deleted it, or their account): nothing left to delete.
          if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
        }
      }
      if (suspendUntil !== null && report.userId !== null) {
        await suspend(viewer, report.userId, suspendUntil, report.reason, { reportId });
        done.push('user-suspended');
      }
      const resolution = done.length === 0 ? 'dismissed' : done.join(',');
      const resolved = await store.resolveReport(reportId, resolution, {
        adminId: viewer.userId,
        action: 'resolve-report',
        targetUserId: report.userId,
        messageId: report.messageId,
        reportId,
        detail: resolution,
      });
      // Another admin resolved it meanwhile: theirs stands.
      return resolved ?? ((await store.findReport(reportId)) as StoredReport);
    },

    /**
     * Suspends a user (until `until`; null: until lifted): every token of theirs stops working at
     * once on every instance (sockets close with 4403) and sign-ins answer ACCOUNT_SUSPENDED.
     */
    async suspendUser(
      viewer: Viewer,
      userId: number,
      untilInput: Date | null | undefined,
      reasonInput: string | null | undefined,
    ): Promise<void> {
      await requireAdmin(viewer);
      const until = checkFuture(untilInput, 'until');
      const reason =
        reasonInput === null || reasonInput === undefined ? null : checkReason(reasonInput);
      await suspend(viewer, userId, until, reason);
    },

    /** Lifts a suspension (no change when there is none): admins only, recorded. */
    async unsuspendUser(viewer: Viewer, userId: number): Promise<void> {
      await requireAdmin(viewer);
      const target = await store.accountState(userId);
      const refusal = adminTargetRefusal(viewer.userId, target);
      if (refusal) throw refusal;
      const lifted = await store.unsuspendUser(userId, {
        adminId: viewer.userId,
        action: 'unsuspend-user',
        targetUserId: userId,
        messageId: null,
        reportId: null,
        detail: null,
      });
      if (!lifted) throw notFound('userId', 'user');
    },

    /** Whether the user is suspended now (timed suspensions end by themselves). */
    async suspendedUntil(userId: number): Promise<{ suspended: boolean; until: Date | null }> {
      const account = await store.accountState(userId);
      const suspended = account?.suspension ? inForce(account.suspension, new Date()) : false;
      return { suspended, until: suspended ? (account?.suspension?.until ?? null) : null };
    },

    /** The admins' log, oldest first: admins only. */
    async adminActions(
      viewer: Viewer,
      request: PageRequest<number>,
    ): Promise<Page<StoredAdminAction>> {
      await requireAdmin(viewer);
      return pageFromRows(await store.listAdminActions(request), request);
    },

    /**
     * Deletes the viewer's account (the password first, for local accounts): every token
     * revoked, the nickname freed, blocks and memberships removed (owned rooms pass on), and
     * every message of theirs emptied as a delete does (new positions, announced), in batches.
     */
    async deleteAccount(viewer: Viewer, password: string | null | undefined): Promise<boolean> {
      const account = await store.accountState(viewer.userId);
      if (!account) throw notFound('id', 'user');
      const refusal = accountRefusal(account);
      if (refusal) throw refusal;
      if (account.passwordHash !== null) {
        if (password === null || password === undefined || password === '') {
          throw badInput('password', 'Your password is required to delete your account');
        }
        if (!(await verifyPassword(account.passwordHash, password))) {
          throw new DomainError('INVALID_CREDENTIALS', 'Wrong password');
        }
      }
      const started = await store.startAccountDeletion(viewer.userId, DELETED_USER_NAME);
      await revokeSessions(started.revokedSessionIds);
      for (const roomId of started.roomIds) {
        const left = await store.leaveRoom(roomId, viewer.userId);
        if (left.kind === 'left') {
          await bus.publish('room.membership', {
            roomId,
            userId: viewer.userId,
            change: 'left',
          });
        }
      }
      await emptyMessagesOf(viewer.userId);
      return true;
    },

    /**
     * Finishes deletions cut short (a crash between the account's first step and its last
     * message): run at start. Returns how many accounts it finished.
     */
    async finishDeletions(): Promise<number> {
      const userIds = await store.unfinishedDeletions(100);
      for (const userId of userIds) await emptyMessagesOf(userId);
      return userIds.length;
    },

    /**
     * Everything Charla holds about the viewer, as JSON: profile, memberships, blocks, reports
     * filed, and messages (their own, and both sides of their direct conversations), up to
     * EXPORT_MAX_MESSAGE_BYTES of messages (`messagesContinueAfter` fetches the rest).
     * Names of rooms appear only where the viewer can see the room now.
     */
    async exportMyData(viewer: Viewer, messagesAfter = 0): Promise<string> {
      const data = await store.accountExport(viewer.userId);
      if (!data) throw notFound('id', 'user');
      const memberOf = new Set(data.memberships.map((m) => m.roomId));
      const roomNames = new Map<number, string | null>();
      const messages: unknown[] = [];
      let bytes = 0;
      let after = messagesAfter;
      let truncated = false;
      page: for (;;) {
        const rows = await store.exportMessages(viewer.userId, after, EXPORT_PAGE);
        const unknownRooms = [
          ...new Set(rows.map((row) => row.roomId).filter((id): id is number => id !== null)),
        ].filter((id) => !roomNames.has(id));
        const rooms = await store.findRooms(unknownRooms);
        unknownRooms.forEach((id, index) => {
          const room = rooms[index];
          const standing = room && {
            visibility: room.visibility,
            member: memberOf.has(id),
            role: null,
            ban: null,
            mute: null,
          };
          roomNames.set(id, room && standing && maySeeRoom(standing) ? room.name : null);
        });
        for (const row of rows) {
          const entry = {
            id: row.id,
            authorId: row.authorId,
            own: row.authorId === viewer.userId,
            ...(row.roomId !== null && { roomId: row.roomId, roomName: roomNames.get(row.roomId) }),
            ...(row.conversationId !== null && {
              conversationId: row.conversationId,
              recipientId: row.recipientId,
            }),
            body: row.body,
            createdAt: row.createdAt.toISOString(),
            editedAt: row.editedAt?.toISOString() ?? null,
            deletedAt: row.deletedAt?.toISOString() ?? null,
          };
          const size = JSON.stringify(entry).length;
          if (bytes + size > EXPORT_MAX_MESSAGE_BYTES) {
            truncated = true;
            break page;
          }
          bytes += size;
          messages.push(entry);
          after = row.id;
        }
        if (rows.length < EXPORT_PAGE) break;
      }
      const document: DataExport = {
        exportedAt: new Date().toISOString(),
        profile: data.user,
        memberships: data.memberships,
        blocks: data.blocks,
        reportsFiled: data.reports,
        messages,
        messagesTruncated: truncated,
        messagesContinueAfter: truncated ? after : null,
      };
      return JSON.stringify(document);
    },
  };
}
