import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTORY_PAGE_SIZE } from '../client/chat.js';
import { roomKey } from '../client/chat-state.js';
import { runLine } from '../client/commands.js';
import { forgetToken, readToken, saveToken, tokenFile } from '../client/token-store.js';
import { GroupRoomByIdDocument, PostMessageDocument } from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { useChatClients } from './support/chat-clients.js';
import { roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';
import { until } from './support/until.js';

const server = useTestServer();
const { chatAs, context } = useChatClients(server);

describe('the terminal client (client/chat.ts, client/commands.ts)', () => {
  it('scrolls back through a long room by keyset pages, down to its first message', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const total = HISTORY_PAGE_SIZE * 2 + 5;
    for (let i = 0; i < total; i += 1) {
      dataOf(
        await server.request(PostMessageDocument, { roomId: room.id, body: `line ${i}` }, owner),
        'postMessage',
      );
    }
    const chat = chatAs(owner);
    await chat.start();
    const key = roomKey(room.id);
    await until(() => (chat.store.channel(key)?.messages.length ?? 0) > 0);
    expect(chat.store.channel(key)?.messages).toHaveLength(HISTORY_PAGE_SIZE);
    chat.switchTo(key);
    expect(await chat.loadOlder()).toBe(true);
    expect(await chat.loadOlder()).toBe(true);
    expect(await chat.loadOlder()).toBe(false);
    const bodies = chat.store.channel(key)?.messages.map((message) => message.body);
    expect(bodies).toEqual(Array.from({ length: total }, (_, i) => `line ${i}`));
    expect(chat.store.channel(key)?.olderCursor).toBeNull();
  });

  it('answers a room that does not exist with one line naming it', async () => {
    const { owner } = await roomWithMembers(server, 0);
    const chat = chatAs(owner);
    await chat.start();
    await runLine(context(chat), '/join no-such-room-here');
    expect(chat.state.notice).toEqual({
      kind: 'error',
      text: 'Not found: no room named no-such-room-here',
    });
  });

  it('joins, talks, edits and deletes through commands, as the other member sees it', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const [guest] = members as [Account];
    const mine = chatAs(owner);
    const theirs = chatAs(guest);
    await Promise.all([mine.start(), theirs.start()]);
    const key = roomKey(room.id);
    // Both have read the room's history (its older-page cursor is set once it is loaded).
    await until(
      () =>
        mine.store.channel(key)?.olderCursor !== undefined &&
        theirs.store.channel(key)?.olderCursor !== undefined,
    );
    mine.switchTo(key);
    await runLine(context(mine), 'first draft');
    await runLine(context(mine), '/edit second draft');
    await runLine(context(mine), 'to be removed');
    await runLine(context(mine), '/delete');
    const seen = () =>
      theirs.store
        .channel(key)
        ?.messages.map(
          (message) =>
            `${message.body}|${message.editedAt ? 'edited' : ''}|${message.deletedAt ? 'deleted' : ''}`,
        );
    await until(() => seen()?.length === 2 && seen()?.[1]?.endsWith('deleted') === true);
    expect(seen()).toEqual(['second draft|edited|', '||deleted']);
    expect(theirs.store.channel(key)?.unread).toBe(2);
  });
});

describe('/group (client/commands.ts)', () => {
  it('starts a private group with the people named, and shows it', async () => {
    const [ada, bob, cy] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const chat = chatAs(ada);
    await chat.start();
    await runLine(context(chat), `/group @${bob.user.nickname} @${cy.user.nickname} Climbing crew`);
    expect(chat.state.notice).toBeUndefined();
    const channel = chat.store.channel(chat.state.current);
    expect(channel).toMatchObject({ kind: 'room' });
    const seenByBob = await server.request(
      GroupRoomByIdDocument,
      { id: channel?.id as string },
      bob,
    );
    expect(seenByBob.data?.room).toMatchObject({
      name: 'Climbing crew',
      visibility: 'PRIVATE',
      memberCount: 3,
    });
    await runLine(context(chat), '/group @nobody_here_at_all');
    expect(chat.state.notice?.kind).toBe('error');
  });
});

describe('blocking from the terminal client', () => {
  it('/block hides the blocked member’s new lines and /unblock brings them back', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const [guest] = members as [Account];
    const mine = chatAs(owner);
    await mine.start();
    const key = roomKey(room.id);
    await until(() => mine.store.channel(key)?.olderCursor !== undefined);
    const say = async (body: string) =>
      dataOf(
        await server.request(PostMessageDocument, { roomId: room.id, body }, guest),
        'postMessage',
      );
    const nick = guest.user.nickname;
    await runLine(context(mine), `/block @${nick}`);
    expect(mine.state.notice).toEqual({
      kind: 'info',
      text: `You blocked ${nick}: /unblock @${nick} to undo.`,
    });
    await say('while blocked');
    await runLine(context(mine), `/unblock ${nick}`);
    expect(mine.state.notice).toEqual({ kind: 'info', text: `You unblocked ${nick}.` });
    await say('after the unblock');
    const bodies = () => mine.store.channel(key)?.messages.map((message) => message.body);
    await until(() => bodies()?.includes('after the unblock') === true);
    expect(bodies()).not.toContain('while blocked');
    await runLine(context(mine), '/block @nobody-is-called-this');
    expect(mine.state.notice?.kind).toBe('error');
  });
});

describe('the token store (client/token-store.ts)', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'charla-tokens-'));
  const env = { XDG_CONFIG_HOME: home };
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('keeps one token per server, readable by its owner only, and forgets it on logout', () => {
    saveToken('http://a/graphql', 'token-a', env);
    saveToken('http://b/graphql', 'token-b', env);
    expect(tokenFile(env)).toBe(path.join(home, 'charla', 'tokens.json'));
    expect(statSync(tokenFile(env)).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(tokenFile(env))).mode & 0o777).toBe(0o700);
    expect(readToken('http://a/graphql', env)).toBe('token-a');
    forgetToken('http://a/graphql', env);
    expect(readToken('http://a/graphql', env)).toBeUndefined();
    expect(readToken('http://b/graphql', env)).toBe('token-b');
  });
});
