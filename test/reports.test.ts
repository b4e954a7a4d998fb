import { describe, expect, it } from 'vitest';
import {
  AdminActionsDocument,
  LoginDocument,
  MessageNodeDocument,
  ReportMessageDocument,
  ReportsDocument,
  ReportUserDocument,
  ResolveReportDocument,
  RoomMessagesDocument,
} from './generated/graphql.js';
import { type Account, dataOf, freshNickname, PASSWORD, signUp } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { createRoom, post, roomWithMembers, sendDirect } from './support/rooms.js';
import { useTestServer } from './support/server.js';

const adminName = freshNickname('admin');
const codeOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.[0]?.extensions?.code;

describe('reports and their resolution', () => {
  const server = useTestServer({ env: { ADMIN_NICKNAMES: adminName, REPORTS_PER_HOUR: '5' } });
  let admin: Account;
  const adminAccount = async () => {
    admin ??= await signUp(server, adminName);
    return admin;
  };
  const openReports = async (viewer: Account) =>
    dataOf(await server.request(ReportsDocument, { first: 100 }, viewer), 'reports').edges.map(
      (edge) => edge.node,
    );

  it('files a report of a message the reporter can read, for admins only to list', async () => {
    const me = await adminAccount();
    const { room, owner, members } = await roomWithMembers(server, 1, 'rp');
    const reporter = members[0] as Account;
    const message = await post(server, owner, room.id, 'something nasty');
    const filed = await server.request(
      ReportMessageDocument,
      { messageId: message.id, reason: 'abusive' },
      reporter,
    );
    expect(filed.data?.reportMessage).toBe(true);
    const refused = await server.request(ReportsDocument, { first: 10 }, reporter);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const report = (await openReports(me)).find((node) => node.message?.id === message.id);
    expect(report).toMatchObject({
      reason: 'abusive',
      reporter: { id: reporter.user.id },
      user: { id: owner.user.id },
      message: { body: 'something nasty' },
      resolvedAt: null,
    });
  });

  it('answers NOT_FOUND for a message the reporter cannot read, exactly as for a missing id', async () => {
    const alice = await signUp(server);
    const bob = await signUp(server);
    const eve = await signUp(server);
    const direct = await sendDirect(server, alice, bob, 'between us');
    const unreadable = await server.request(
      ReportMessageDocument,
      { messageId: direct.id, reason: 'curious' },
      eve,
    );
    const missing = await server.request(
      ReportMessageDocument,
      { messageId: Buffer.from('Message:999999').toString('base64url'), reason: 'curious' },
      eve,
    );
    expect(unreadable.errors?.[0]?.extensions).toEqual(missing.errors?.[0]?.extensions);
    expect(codeOf(unreadable)).toBe('NOT_FOUND');
    // Nor a room message of a room she is not in (public rooms need membership to read).
    const room = await createRoom(server, alice);
    const inRoom = await post(server, alice, room.id, 'members only');
    const roomRefused = await server.request(
      ReportMessageDocument,
      { messageId: inRoom.id, reason: 'curious' },
      eve,
    );
    expect(codeOf(roomRefused)).toBe('NOT_FOUND');
  });

  it('validates the reason and limits reports per reporter (RATE_LIMITED with retryAfterMs)', async () => {
    const reporter = await signUp(server);
    const target = await signUp(server);
    for (const reason of ['', '   ', 'x'.repeat(1001)]) {
      const bad = await server.request(
        ReportUserDocument,
        { userId: target.user.id, reason },
        reporter,
      );
      expect(bad.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'reason',
      });
    }
    const self = await server.request(
      ReportUserDocument,
      { userId: reporter.user.id, reason: 'me' },
      reporter,
    );
    expect(codeOf(self)).toBe('FORBIDDEN');
    const codes: unknown[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await server.request(
        ReportUserDocument,
        { userId: target.user.id, reason: `spam ${i}` },
        reporter,
      );
      codes.push(codeOf(response) ?? 'ok');
      if (codeOf(response) === 'RATE_LIMITED') {
        expect(response.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0);
      }
    }
    // REPORTS_PER_HOUR=5, one spent on reporting themselves.
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('resolves a report by deleting the message through its stream and suspending its author, recorded in the log', async () => {
    const me = await adminAccount();
    const { room, owner, members } = await roomWithMembers(server, 1, 'rs');
    const reader = members[0] as Account;
    const message = await post(server, owner, room.id, 'delete me');
    await server.request(ReportMessageDocument, { messageId: message.id, reason: 'spam' }, reader);
    const report = (await openReports(me)).find((node) => node.message?.id === message.id);
    if (!report) throw new Error('report not listed');

    const live = record<{ roomMessages: { id: string; body: string; deletedAt: string | null } }>(
      server.wsClient({ connectionParams: { authorization: `Bearer ${reader.token}` } }),
      RoomMessagesDocument,
      { roomId: room.id, after: message.cursor },
    );
    live.done.catch(() => {});

    const refused = await server.request(
      ResolveReportDocument,
      { reportId: report.id, deleteMessage: true },
      reader,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');

    const until = new Date(Date.now() + 3_600_000).toISOString();
    const resolved = dataOf(
      await server.request(
        ResolveReportDocument,
        { reportId: report.id, deleteMessage: true, suspendUntil: until },
        me,
      ),
      'resolveReport',
    );
    expect(resolved).toMatchObject({
      resolution: 'message-deleted,user-suspended',
      resolvedBy: { id: me.user.id },
      message: { body: '' },
    });
    const [change] = await live.waitFor(1);
    expect(change?.data?.roomMessages).toMatchObject({ id: message.id, body: '' });
    const seen = dataOf(
      await server.request(MessageNodeDocument, { id: message.id }, reader),
      'node',
    );
    expect(seen).toMatchObject({ body: '' });
    const login = await server.request(LoginDocument, {
      nickname: owner.user.nickname,
      password: PASSWORD,
    });
    expect(codeOf(login)).toBe('ACCOUNT_SUSPENDED');

    expect((await openReports(me)).some((node) => node.id === report.id)).toBe(false);
    const all = dataOf(
      await server.request(ReportsDocument, { first: 100, open: false }, me),
      'reports',
    );
    expect(all.edges.some((edge) => edge.node.id === report.id)).toBe(true);
    const again = await server.request(ResolveReportDocument, { reportId: report.id }, me);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    const log = dataOf(
      await server.request(AdminActionsDocument, { last: 100 }, me),
      'adminActions',
    );
    const actions = log.edges
      .map((edge) => edge.node)
      .filter((node) => node.reportId === report.id)
      .map((node) => node.action);
    expect(actions).toEqual(['suspend-user', 'resolve-report']);
  });

  it('dismisses a report of a user; a forged report id is BAD_USER_INPUT, an unknown one NOT_FOUND', async () => {
    const me = await adminAccount();
    const reporter = await signUp(server);
    const target = await signUp(server);
    await server.request(ReportUserDocument, { userId: target.user.id, reason: 'rude' }, reporter);
    const report = (await openReports(me)).find((node) => node.user?.id === target.user.id);
    if (!report) throw new Error('report not listed');
    expect(report.message).toBeNull();
    const dismissed = dataOf(
      await server.request(ResolveReportDocument, { reportId: report.id }, me),
      'resolveReport',
    );
    expect(dismissed.resolution).toBe('dismissed');
    const forged = await server.request(ResolveReportDocument, { reportId: target.user.id }, me);
    expect(forged.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reportId',
    });
    const unknown = await server.request(
      ResolveReportDocument,
      { reportId: Buffer.from('Report:999999').toString('base64url') },
      me,
    );
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    const forgedCursor = await server.request(ReportsDocument, { first: 5, after: 'nope' }, me);
    expect(codeOf(forgedCursor)).toBe('BAD_USER_INPUT');
  });
});
