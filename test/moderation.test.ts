import { describe, expect, it } from 'vitest';
import {
  BanFromRoomDocument,
  JoinRoomDocument,
  ModerationEventsDocument,
  MuteInRoomDocument,
  PostMessageDocument,
  RemoveRoomMemberDocument,
  RoomEventsDocument,
  RoomHistoryDocument,
  RoomMessagesDocument,
  RoomRolesDocument,
  SetRoomRoleDocument,
  UnbanFromRoomDocument,
  UnmuteInRoomDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { activeSubscriptions, untilLive } from './support/live.js';
import { post, roomWithMembers } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';
import { until } from './support/until.js';

type Response = { errors?: readonly { extensions?: Record<string, unknown> }[] };
const codeOf = (response: Response) => response.errors?.[0]?.extensions?.code ?? 'OK';

function socketFor(server: TestServer, account: Account) {
  return server.wsClient({ connectionParams: { authorization: `Bearer ${account.token}` } });
}

describe('moderating a room', () => {
  const server = useTestServer();

  /** A room with its owner, two moderators and two plain members. */
  async function rankedRoom() {
    const { room, owner, members } = await roomWithMembers(server, 4);
    const [moderator, deputy, member, other] = members as [Account, Account, Account, Account];
    for (const who of [moderator, deputy]) {
      dataOf(
        await server.request(
          SetRoomRoleDocument,
          { roomId: room.id, userId: who.user.id, role: 'MODERATOR' },
          owner,
        ),
        'setRoomRole',
      );
    }
    return { room, owner, moderator, deputy, member, other };
  }

  const isMember = async (roomId: string, who: Account) =>
    dataOf(await server.request(RoomRolesDocument, { id: roomId }, who), 'room')?.viewerIsMember;

  it.each([
    ['kick', RemoveRoomMemberDocument, {}],
    ['ban', BanFromRoomDocument, { reason: 'spam' }],
    ['mute', MuteInRoomDocument, {}],
  ] as const)('lets each rank %s only lower ranks', async (_action, document, extra) => {
    const { room, owner, moderator, deputy, member, other } = await rankedRoom();
    const outsider = await signUp(server);
    const attempt = async (actor: Account, target: Account) =>
      codeOf(
        await server.request(
          String(document),
          { roomId: room.id, userId: target.user.id, ...extra },
          actor,
        ),
      );
    expect(await attempt(member, other)).toBe('FORBIDDEN');
    expect(await attempt(outsider, member)).toBe('FORBIDDEN');
    expect(await attempt(moderator, deputy)).toBe('FORBIDDEN');
    expect(await attempt(moderator, owner)).toBe('FORBIDDEN');
    expect(await attempt(moderator, moderator)).toBe('FORBIDDEN');
    expect(await attempt(owner, owner)).toBe('FORBIDDEN');
    expect(await attempt(moderator, member)).toBe('OK');
    expect(await attempt(owner, deputy)).toBe('OK');
  });

  it('refuses kicking or muting a non-member, and unknown or forged ids', async () => {
    const { room, owner } = await rankedRoom();
    const outsider = await signUp(server);
    for (const document of [RemoveRoomMemberDocument, MuteInRoomDocument]) {
      expect(
        codeOf(
          await server.request(
            String(document),
            { roomId: room.id, userId: outsider.user.id },
            owner,
          ),
        ),
      ).toBe('NOT_FOUND');
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ roomId: room.id, userId: 'VXNlcjo5OTk5OTk5' }, 'NOT_FOUND'],
      [{ roomId: 'Um9vbTo5OTk5OTk5', userId: outsider.user.id }, 'NOT_FOUND'],
      [{ roomId: room.id, userId: room.id }, 'BAD_USER_INPUT'],
    ];
    for (const [variables, code] of cases) {
      expect(codeOf(await server.request(String(BanFromRoomDocument), variables, owner))).toBe(
        code,
      );
    }
  });

  it('validates until and reason', async () => {
    const { room, owner, member } = await rankedRoom();
    const base = { roomId: room.id, userId: member.user.id };
    const cases: [Record<string, unknown>, string][] = [
      [{ until: new Date(Date.now() - 1_000).toISOString() }, 'until'],
      [{ until: '3026-01-01T00:00:00Z' }, 'until'],
      [{ reason: 'x'.repeat(501) }, 'reason'],
    ];
    for (const [extra, field] of cases) {
      const refused = await server.request(BanFromRoomDocument, { ...base, ...extra }, owner);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const muted = await server.request(
      MuteInRoomDocument,
      { ...base, until: new Date(Date.now() - 1).toISOString() },
      owner,
    );
    expect(muted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
    const notADate = await server.request(MuteInRoomDocument, { ...base, until: 'soon' }, owner);
    expect(notADate.errors).toBeTruthy();
    expect(await isMember(room.id, member)).toBe(true);
  });

  it('ends a kicked member’s streams at once while the others keep receiving in order', async () => {
    const { room, owner, moderator, member, other } = await rankedRoom();
    const baseline = await activeSubscriptions(server);
    const kickedMessages = record<{ roomMessages: { body: string } }>(
      socketFor(server, member),
      RoomMessagesDocument,
      { roomId: room.id },
    );
    const kickedEvents = record(socketFor(server, member), RoomEventsDocument, {
      roomId: room.id,
    });
    const otherMessages = record<{ roomMessages: { body: string } }>(
      socketFor(server, other),
      RoomMessagesDocument,
      { roomId: room.id },
    );
    const otherEvents = record<{
      roomEvents: {
        __typename: string;
        user?: { id: string };
        by?: { id: string };
        banned?: boolean;
      };
    }>(socketFor(server, other), ModerationEventsDocument, { roomId: room.id });
    await untilLive(server, baseline, 4);
    await post(server, owner, room.id, 'one');
    await kickedMessages.waitFor(1);
    const kicked = dataOf(
      await server.request(
        RemoveRoomMemberDocument,
        { roomId: room.id, userId: member.user.id },
        moderator,
      ),
      'removeRoomMember',
    );
    expect(kicked.memberCount).toBe(4);
    await Promise.race([
      Promise.all([kickedMessages.done, kickedEvents.done]),
      new Promise((_, reject) => setTimeout(reject, 5_000, new Error('streams still open'))),
    ]);
    await post(server, owner, room.id, 'two');
    await post(server, owner, room.id, 'three');
    await otherMessages.waitFor(3);
    expect(otherMessages.results.map((r) => r.data?.roomMessages.body)).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(
      kickedMessages.results.map(
        (r) => r.data?.roomMessages?.body ?? r.errors?.[0]?.extensions?.code,
      ),
    ).toEqual(['one', 'FORBIDDEN']);
    expect(kickedEvents.results.at(-1)?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await until(
      () => otherEvents.results.some((r) => r.data?.roomEvents.__typename === 'MemberRemovedEvent'),
      'the removal announced',
    );
    expect(
      otherEvents.results.find((r) => r.data?.roomEvents.__typename === 'MemberRemovedEvent')?.data
        ?.roomEvents,
    ).toMatchObject({ user: { id: member.user.id }, by: { id: moderator.user.id }, banned: false });

    // History and new subscriptions are out of reach; a kick is no ban: they may join again.
    const history = await server.request(RoomHistoryDocument, { id: room.id, last: 5 }, member);
    expect(codeOf(history)).toBe('FORBIDDEN');
    const late = record(socketFor(server, member), RoomMessagesDocument, { roomId: room.id });
    await late.done.catch(() => {});
    expect(late.results.at(-1)?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(codeOf(await server.request(JoinRoomDocument, { roomId: room.id }, member))).toBe('OK');
    otherMessages.stop();
    otherEvents.stop();
  });

  it('ends a stream still replaying when its follower is removed', async () => {
    const { room, owner, member } = await rankedRoom();
    const start = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id, last: 1 }, member),
      'room',
    ).messages.liveCursor;
    for (let i = 0; i < 40; i += 1) await post(server, owner, room.id, `old ${i}`);
    const replaying = record<{ roomMessages: { body: string } }>(
      socketFor(server, member),
      RoomMessagesDocument,
      { roomId: room.id, after: start },
    );
    await replaying.waitFor(1);
    await server.request(
      RemoveRoomMemberDocument,
      { roomId: room.id, userId: member.user.id },
      owner,
    );
    await post(server, owner, room.id, 'after the kick');
    await replaying.done;
    const bodies = replaying.results.map(
      (r) => r.data?.roomMessages?.body ?? r.errors?.[0]?.extensions?.code,
    );
    expect(bodies.at(-1)).toBe('FORBIDDEN');
    expect(bodies).not.toContain('after the kick');
  });

  it('keeps a banned user out until unbanned, and a timed ban ends by itself', async () => {
    const { room, owner, moderator, member, other } = await rankedRoom();
    const banned = dataOf(
      await server.request(
        BanFromRoomDocument,
        { roomId: room.id, userId: member.user.id, reason: 'spam' },
        moderator,
      ),
      'banFromRoom',
    );
    expect(banned.memberCount).toBe(4);
    expect(await isMember(room.id, member)).toBe(false);
    const rejoin = await server.request(JoinRoomDocument, { roomId: room.id }, member);
    expect(codeOf(rejoin)).toBe('FORBIDDEN');
    await server.request(
      UnbanFromRoomDocument,
      { roomId: room.id, userId: member.user.id },
      moderator,
    );
    expect(codeOf(await server.request(JoinRoomDocument, { roomId: room.id }, member))).toBe('OK');

    // A ban may name someone who is not (yet) a member; this one lasts 1.5 s.
    await server.request(
      RemoveRoomMemberDocument,
      { roomId: room.id, userId: other.user.id },
      owner,
    );
    const untilTime = new Date(Date.now() + 1_500).toISOString();
    dataOf(
      await server.request(
        BanFromRoomDocument,
        { roomId: room.id, userId: other.user.id, until: untilTime },
        owner,
      ),
      'banFromRoom',
    );
    const refused = await server.request(JoinRoomDocument, { roomId: room.id }, other);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', until: untilTime });
    await until(
      async () =>
        codeOf(await server.request(JoinRoomDocument, { roomId: room.id }, other)) === 'OK',
      'the ban to end',
      10_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(untilTime));
  });

  it('lets a muted member read but not post, until unmuted or the mute ends', async () => {
    const { room, owner, moderator, member, other } = await rankedRoom();
    const baseline = await activeSubscriptions(server);
    const events = record<{
      roomEvents: {
        __typename: string;
        user?: { id: string };
        muted?: boolean;
        until?: string | null;
      };
    }>(socketFor(server, other), ModerationEventsDocument, { roomId: room.id });
    await untilLive(server, baseline, 1);
    await server.request(
      MuteInRoomDocument,
      { roomId: room.id, userId: member.user.id },
      moderator,
    );
    const refused = await server.request(
      PostMessageDocument,
      { roomId: room.id, body: 'let me speak' },
      member,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
    await post(server, owner, room.id, 'still readable');
    const history = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id, last: 1 }, member),
      'room',
    );
    expect(history.messages.edges.map((e) => e.node.body)).toEqual(['still readable']);
    const listed = dataOf(
      await server.request(RoomRolesDocument, { id: room.id, first: 10 }, other),
      'room',
    )?.memberships.edges.find((e) => e.node.user.id === member.user.id)?.node;
    expect(listed).toMatchObject({ muted: true, mutedUntil: null });
    await server.request(
      UnmuteInRoomDocument,
      { roomId: room.id, userId: member.user.id },
      moderator,
    );
    await post(server, member, room.id, 'unmuted');

    const untilTime = new Date(Date.now() + 1_500).toISOString();
    await server.request(
      MuteInRoomDocument,
      { roomId: room.id, userId: member.user.id, until: untilTime },
      owner,
    );
    const timed = await server.request(PostMessageDocument, { roomId: room.id, body: 'x' }, member);
    expect(timed.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', until: untilTime });
    await until(
      async () =>
        codeOf(
          await server.request(PostMessageDocument, { roomId: room.id, body: 'free' }, member),
        ) === 'OK',
      'the mute to end',
      10_000,
    );
    await events.waitFor(3);
    expect(
      events.results
        .map((r) => r.data?.roomEvents)
        .filter((e) => e?.__typename === 'MemberMutedEvent')
        .map((e) => [e?.user?.id, e?.muted, e?.until ?? null]),
    ).toEqual([
      [member.user.id, true, null],
      [member.user.id, false, null],
      [member.user.id, true, untilTime],
    ]);
    events.stop();
  });
});
