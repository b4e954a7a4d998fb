import { describe, expect, it } from 'vitest';
import {
  CreateRoomDocument,
  LoginDocument,
  PostMessageDocument,
  RegisterDocument,
  SendDirectMessageDocument,
  SetTypingDocument,
} from './generated/graphql.js';
import { freshNickname, freshRoomName, PASSWORD, signUp } from './support/accounts.js';
import { execute } from './support/graphql-ws.js';
import { roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';

type Errors = { errors?: readonly { extensions?: Record<string, unknown> }[] } | undefined;
const codeOf = (result: Errors) => result?.errors?.[0]?.extensions?.code;

describe('rate limits per user and per address', () => {
  // 2 a second sustained, bursts of 4; small budgets for rooms, registrations and logins.
  const server = useTestServer({
    env: {
      MESSAGES_PER_SECOND: '2',
      MESSAGE_BURST: '4',
      TYPING_PER_SECOND: '2',
      ROOMS_PER_HOUR: '2',
      REGISTRATIONS_PER_HOUR: '1000',
      LOGINS_PER_MINUTE: '1000',
    },
  });

  it('lets a burst of posts through, then answers RATE_LIMITED with retryAfterMs, on HTTP and WebSocket', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const results = [];
    for (let i = 0; i < 6; i += 1) {
      results.push(
        await server.request(PostMessageDocument, { roomId: room.id, body: `m${i}` }, owner),
      );
    }
    expect(results.slice(0, 4).every((r) => r.data?.postMessage)).toBe(true);
    const limited = results.at(-1)?.errors?.[0]?.extensions;
    expect(limited?.code).toBe('RATE_LIMITED');
    expect(limited?.retryAfterMs).toBeGreaterThan(0);

    const socket = server.wsClient({
      connectionParams: { authorization: `Bearer ${owner.token}` },
    });
    expect(
      codeOf(await execute(socket, PostMessageDocument, { roomId: room.id, body: 'ws' })),
    ).toBe('RATE_LIMITED');
    await new Promise((resolve) => setTimeout(resolve, Number(limited?.retryAfterMs) + 50));
    const later = await server.request(
      PostMessageDocument,
      { roomId: room.id, body: 'later' },
      owner,
    );
    expect(later.data?.postMessage).toBeTruthy();
  });

  it('never refuses the retry of a message it already accepted', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const first = await server.request(
      PostMessageDocument,
      { roomId: room.id, body: 'once', clientMessageId: 'k' },
      owner,
    );
    for (let i = 0; i < 8; i += 1) {
      const retry = await server.request(
        PostMessageDocument,
        { roomId: room.id, body: 'once', clientMessageId: 'k' },
        owner,
      );
      expect(retry.data?.postMessage.id).toBe(first.data?.postMessage.id);
    }
  });

  it('limits direct messages, typing and room creation per user', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    const dms = [];
    for (let i = 0; i < 6; i += 1) {
      dms.push(
        await server.request(SendDirectMessageDocument, { to: bob.user.id, body: `${i}` }, ada),
      );
    }
    expect(codeOf(dms.at(-1))).toBe('RATE_LIMITED');

    const typing = [];
    for (let i = 0; i < 8; i += 1) {
      typing.push(
        await server.request(
          SetTypingDocument,
          { conversationWith: bob.user.id, typing: true },
          ada,
        ),
      );
    }
    expect(codeOf(typing.at(-1))).toBe('RATE_LIMITED');

    const rooms = [];
    for (let i = 0; i < 3; i += 1) {
      rooms.push(await server.request(CreateRoomDocument, { name: freshRoomName() }, bob));
    }
    expect(rooms.slice(0, 2).every((r) => r.data?.createRoom)).toBe(true);
    expect(codeOf(rooms[2])).toBe('RATE_LIMITED');
  });
});

describe('per-address limits on register and login', () => {
  const server = useTestServer({ env: { REGISTRATIONS_PER_HOUR: '3', LOGINS_PER_MINUTE: '4' } });

  it('limits registrations from one address', async () => {
    const results = [];
    for (let i = 0; i < 4; i += 1) {
      results.push(
        await server.request(RegisterDocument, { nickname: freshNickname(), password: PASSWORD }),
      );
    }
    expect(results.slice(0, 3).every((r) => r.data?.register)).toBe(true);
    expect(codeOf(results[3])).toBe('RATE_LIMITED');
  });

  it('limits logins from one address, successful or not', async () => {
    const results = [];
    for (let i = 0; i < 5; i += 1) {
      results.push(
        await server.request(LoginDocument, { nickname: 'nobody_here', password: PASSWORD }),
      );
    }
    expect(codeOf(results[0])).toBe('INVALID_CREDENTIALS');
    expect(codeOf(results[4])).toBe('RATE_LIMITED');
  });
});
