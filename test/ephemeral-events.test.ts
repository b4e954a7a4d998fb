import { describe, expect, it } from 'vitest';
import {
  ConversationEventsDocument,
  JoinRoomDocument,
  LeaveRoomDocument,
  MeDocument,
  RoomEventsDocument,
  SetTypingDocument,
  UserByNicknameDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { activeSubscriptions, untilLive } from './support/live.js';
import { roomWithMembers } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

type Event = {
  __typename: string;
  user: { id: string };
  typing?: boolean;
  online?: boolean;
  expiresAt?: string;
};

function socketFor(server: TestServer, account: Account, lazy = true) {
  return server.wsClient({
    lazy,
    connectionParams: { authorization: `Bearer ${account.token}` },
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('ephemeral room events', () => {
  const server = useTestServer({ env: { TYPING_TIMEOUT_MS: '400' } });

  it('tells members who is typing, throttles repeats, and lets it lapse by itself', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const typist = members[0] as Account;
    const baseline = await activeSubscriptions(server);
    const seen = record<{ roomEvents: Event }>(socketFor(server, owner), RoomEventsDocument, {
      roomId: room.id,
    });
    await untilLive(server, baseline, 1);
    for (let i = 0; i < 3; i += 1) {
      const ok = await server.request(SetTypingDocument, { roomId: room.id, typing: true }, typist);
      expect(ok.data?.setTyping).toBe(true);
    }
    const typingEvents = async (count: number, timeoutMs?: number) => {
      const deadline = Date.now() + (timeoutMs ?? 5_000);
      for (;;) {
        const typing = seen.results.filter((r) => r.data?.roomEvents.__typename === 'TypingEvent');
        if (typing.length >= count || Date.now() > deadline) return typing;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const [started] = await typingEvents(1);
    expect(started?.data?.roomEvents).toMatchObject({
      __typename: 'TypingEvent',
      user: { id: typist.user.id },
      typing: true,
    });
    const expiresAt = Date.parse(started?.data?.roomEvents.expiresAt ?? '');
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(400);
    const [, lapsed] = await typingEvents(2, 2_000);
    expect(lapsed?.data?.roomEvents).toMatchObject({ typing: false, user: { id: typist.user.id } });
    await settle();
    expect(await typingEvents(2)).toHaveLength(2); // the three calls were announced once
  });

  it('announces stopping at once, and never echoes your own typing', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const typist = members[0] as Account;
    const ownerSees = record<{ roomEvents: Event }>(socketFor(server, owner), RoomEventsDocument, {
      roomId: room.id,
    });
    const typistSees = record<{ roomEvents: Event }>(
      socketFor(server, typist),
      RoomEventsDocument,
      { roomId: room.id },
    );
    await settle();
    await server.request(SetTypingDocument, { roomId: room.id, typing: true }, typist);
    await server.request(SetTypingDocument, { roomId: room.id, typing: false }, typist);
    await ownerSees.waitFor(2);
    await settle();
    const typing = ownerSees.results.filter((r) => r.data?.roomEvents.__typename === 'TypingEvent');
    expect(typing.map((r) => r.data?.roomEvents.typing)).toEqual([true, false]);
    await settle();
    expect(
      typistSees.results.filter((r) => r.data?.roomEvents.__typename === 'TypingEvent'),
    ).toEqual([]);
  });

  it('announces members joining and leaving, and presence as sockets open and close', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const seen = record<{ roomEvents: Event }>(socketFor(server, owner), RoomEventsDocument, {
      roomId: room.id,
    });
    await settle();
    const newcomer = await signUp(server);
    await server.request(JoinRoomDocument, { roomId: room.id }, newcomer);
    const socket = socketFor(server, newcomer, false);
    await settle();
    const online = dataOf(
      await server.request(UserByNicknameDocument, { nickname: newcomer.user.nickname }, owner),
      'user',
    );
    expect(online.id).toBe(newcomer.user.id);
    const me = await server.request(MeDocument, {}, newcomer);
    expect(me.data?.me?.online).toBe(true);
    await socket.dispose();
    await settle();
    await server.request(LeaveRoomDocument, { roomId: room.id }, newcomer);
    await seen.waitFor(4);
    await settle();
    // Only the newcomer's events: the owner's own socket coming online may be announced too.
    const results = seen.results.filter((r) => r.data?.roomEvents.user.id === newcomer.user.id);
    expect(
      results.map((r) => [r.data?.roomEvents.__typename, r.data?.roomEvents.online ?? null]),
    ).toEqual([
      ['MemberJoinedEvent', null],
      ['PresenceEvent', true],
      ['PresenceEvent', false],
      ['MemberLeftEvent', null],
    ]);
    expect(results.every((r) => r.data?.roomEvents.user.id === newcomer.user.id)).toBe(true);
    expect((await server.request(MeDocument, {}, newcomer)).data?.me?.online).toBe(false);
  });

  it('refuses non-members, and bad setTyping input', async () => {
    const { room } = await roomWithMembers(server, 0);
    const outsider = await signUp(server);
    const seen = record(socketFor(server, outsider), RoomEventsDocument, { roomId: room.id });
    await seen.waitFor(1);
    expect(seen.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const typing = await server.request(
      SetTypingDocument,
      { roomId: room.id, typing: true },
      outsider,
    );
    expect(typing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const both = await server.request(
      SetTypingDocument,
      { roomId: room.id, conversationWith: outsider.user.id, typing: true },
      outsider,
    );
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('typing in direct conversations', () => {
  const server = useTestServer({ env: { TYPING_TIMEOUT_MS: '400' } });

  it('reaches only the person typed to', async () => {
    const [ada, bob, eve] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    type Typing = { conversationEvents: { user: { id: string }; typing: boolean } };
    const bobSees = record<Typing>(socketFor(server, bob), ConversationEventsDocument, {
      with: ada.user.id,
    });
    const eveSees = record<Typing>(socketFor(server, eve), ConversationEventsDocument, {
      with: ada.user.id,
    });
    await settle();
    await server.request(SetTypingDocument, { conversationWith: bob.user.id, typing: true }, ada);
    const [event] = await bobSees.waitFor(1);
    expect(event?.data?.conversationEvents).toMatchObject({
      user: { id: ada.user.id },
      typing: true,
    });
    await settle();
    expect(eveSees.results).toEqual([]);
  });
});
