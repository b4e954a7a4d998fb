import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ChatConversationHistoryDocument,
  type ChatConversationHistoryQuery,
  ChatJoinRoomDocument,
  ChatMeDocument,
  ChatPostMessageDocument,
  ChatRoomByNameDocument,
  ChatRoomHistoryDocument,
  type ChatRoomHistoryQuery,
  ChatUserDocument,
} from '../client/generated/graphql.js';
import { dataOf, freshNickname, freshRoomName, PASSWORD, signUp } from './support/accounts.js';
import { COMPANY, companyToken } from './support/company.js';
import { graphqlRequest } from './support/endpoint.js';
import { freePort } from './support/free-port.js';
import { startTestServer, type TestServer, temporaryDatabaseFile } from './support/server.js';
import { startInTerminal, type TerminalClient } from './support/terminal.js';

/** Where the message column starts: the rooms column is 18 cells wide, then one of padding. */
const MESSAGE_COLUMN = 19;

/** The messages the screen shows, as `nickname: body`, top to bottom. */
function messagesOnScreen(rows: string[]): string[] {
  return rows
    .slice(1, -2)
    .map((row) => /^\d\d:\d\d (\S+): (.*)$/.exec(row.slice(MESSAGE_COLUMN).trimEnd()))
    .filter((match) => match !== null)
    .map((match) => `${match[1]}: ${match[2]}`);
}

const shows = (line: string) => (rows: string[]) => messagesOnScreen(rows).includes(line);

describe('charla-chat in a real terminal', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('two people talk in a room and privately, through a server restart, missing nothing', async () => {
    const database = temporaryDatabaseFile();
    cleanups.push(database.cleanup);
    const port = String(await freePort());
    const start = () => startTestServer({ databaseFile: database.file, env: { PORT: port } });
    let server: TestServer = await start();
    cleanups.push(() => server.stop());
    const endpoint = `http://127.0.0.1:${port}/graphql`;
    const home = mkdtempSync(path.join(tmpdir(), 'charla-chat-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));

    const ada = freshNickname('ada');
    const bob = freshNickname('bob');
    const room = freshRoomName('tui');
    const open = (who: string) => {
      const terminal = startInTerminal(['node', 'bin/charla-chat.mjs', '--server', endpoint], {
        env: { XDG_CONFIG_HOME: path.join(home, who), NO_COLOR: '1' },
      });
      cleanups.push(() => terminal.close());
      return terminal;
    };
    const registerOnScreen = async (terminal: TerminalClient, nickname: string) => {
      await terminal.waitFor('[l] log in or [r] register?', 30_000);
      terminal.type('r');
      await terminal.waitFor('Nickname:');
      await terminal.enter(nickname);
      await terminal.waitFor('Password:');
      await terminal.enter(PASSWORD, '*'.repeat(PASSWORD.length));
      await terminal.waitFor('Password again:');
      await terminal.enter(PASSWORD, '*'.repeat(PASSWORD.length));
      await terminal.waitFor('● connected');
    };

    const a = open('ada');
    const b = open('bob');
    await Promise.all([registerOnScreen(a, ada), registerOnScreen(b, bob)]);
    const adaToken = (
      JSON.parse(readFileSync(path.join(home, 'ada', 'charla', 'tokens.json'), 'utf8')) as Record<
        string,
        string
      >
    )[endpoint] as string;
    expect(statSync(path.join(home, 'ada', 'charla', 'tokens.json')).mode & 0o777).toBe(0o600);

    await a.enter(`/create ${room}`);
    await a.waitFor(`· #${room} ·`);
    await b.enter(`/join ${room}`);
    await b.waitFor(`· #${room} ·`);

    for (let i = 1; i <= 3; i += 1) {
      await a.enter(`ada says ${i}`);
      await b.waitFor(shows(`${ada}: ada says ${i}`));
      await b.enter(`bob says ${i}`);
      await a.waitFor(shows(`${bob}: bob says ${i}`));
    }

    // Privately: ada opens a conversation with a first line; bob sees it listed as unread.
    await a.enter(`/dm @${bob} psst, bob`);
    await a.waitFor(shows(`${ada}: psst, bob`));
    await b.waitFor(`@${ada} 1`);
    await b.enter(`/switch @${ada}`);
    await b.waitFor(shows(`${ada}: psst, bob`));
    await b.enter('hi ada, just us');
    await a.waitFor(shows(`${bob}: hi ada, just us`));
    await a.enter(`/switch #${room}`);
    await b.enter(`/switch #${room}`);
    await a.waitFor(shows(`${bob}: bob says 3`));
    await b.waitFor(shows(`${bob}: bob says 3`));

    // Someone else in the room, talking through the API only.
    const carol = await signUp(server);
    const roomId = dataOf(
      await graphqlRequest(server.url, ChatRoomByNameDocument, { name: room }, carol),
      'room',
    ).id;
    await graphqlRequest(server.url, ChatJoinRoomDocument, { roomId }, carol);

    // The server restarts mid-conversation; ada types while it is down.
    await server.stop();
    await Promise.all([a.waitFor('reconnecting'), b.waitFor('reconnecting')]);
    await a.enter('said while the server was down');
    await a.waitFor(shows(`${ada}: said while the server was down (sending…)`));
    server = await start();
    await graphqlRequest(
      server.url,
      ChatPostMessageDocument,
      { roomId, body: 'carol after the restart', clientMessageId: 'carol-1' },
      carol,
    );
    await b.enter('bob after the restart');
    await b.enter(`/dm @${ada} a private word after the restart`);
    await b.enter(`/switch #${room}`);
    await a.waitFor(shows(`${bob}: bob after the restart`));

    // Both screens show the room exactly as history has it: nothing missing, nothing twice.
    const history = dataOf(
      await graphqlRequest(server.url, ChatRoomHistoryDocument, { roomId, last: 50 }, carol),
      'node',
    ) as Extract<ChatRoomHistoryQuery['node'], { messages: unknown }>;
    const nicknameOf = new Map([[carol.user.id, carol.user.nickname]]);
    const expected = history.messages.edges.map(
      ({ node }) => `${nicknameOf.get(node.author.id) ?? node.author.nickname}: ${node.body}`,
    );
    expect(expected).toHaveLength(9);
    for (const terminal of [a, b]) {
      const rows = await terminal
        .waitFor((lines) => messagesOnScreen(lines).join('\n') === expected.join('\n'), 15_000)
        .catch(() => terminal.screen());
      expect(messagesOnScreen(rows)).toEqual(expected);
    }

    // The conversation too, on ada's screen.
    await a.waitFor(`@${bob} 1`);
    await a.enter(`/switch @${bob}`);
    const bobUser = dataOf(
      await graphqlRequest(server.url, ChatUserDocument, { nickname: bob }, carol),
      'user',
    );
    const conversation = dataOf(
      await graphqlRequest(
        server.url,
        ChatConversationHistoryDocument,
        { with: bobUser.id, last: 50 },
        { token: adaToken },
      ),
      'conversation',
    ) as NonNullable<ChatConversationHistoryQuery['conversation']>;
    const privateLines = conversation.messages.edges.map(
      ({ node }) => `${node.author.nickname}: ${node.body}`,
    );
    expect(privateLines).toEqual([
      `${ada}: psst, bob`,
      `${bob}: hi ada, just us`,
      `${bob}: a private word after the restart`,
    ]);
    const dmRows = await a
      .waitFor((lines) => messagesOnScreen(lines).join('\n') === privateLines.join('\n'))
      .catch(() => a.screen());
    expect(messagesOnScreen(dmRows)).toEqual(privateLines);

    // NO_COLOR: not one color escape sequence, only bold, dim, italic and inverse.
    const colorSequence = new RegExp(
      `${String.fromCharCode(27)}\\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`,
    );
    expect(a.raw()).toContain('● connected');
    expect(a.raw()).not.toMatch(colorSequence);

    // /logout revokes the token and forgets it; the client ends.
    await a.enter('/logout');
    await expect
      .poll(
        async () =>
          (await graphqlRequest(server.url, ChatMeDocument, {}, { token: adaToken })).data?.me ??
          null,
        {
          timeout: 10_000,
        },
      )
      .toBeNull();
    expect(() => readFileSync(path.join(home, 'ada', 'charla', 'tokens.json'), 'utf8')).toThrow();
    expect(await a.exited).toBe(0);
  }, 120_000);

  it('signs in with the company token in CHARLA_TOKEN, claims a nickname, and scrolls back with PageUp', async () => {
    const server = await startTestServer({ env: COMPANY });
    cleanups.push(() => server.stop());
    const home = mkdtempSync(path.join(tmpdir(), 'charla-chat-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const nickname = freshNickname('emp');
    // More history in `general` than one page: PageUp loads the older pages.
    const colleague = await signUp(server);
    const general = dataOf(
      await graphqlRequest(server.url, ChatRoomByNameDocument, { name: 'general' }, colleague),
      'room',
    );
    for (let i = 0; i < 45; i += 1) {
      await graphqlRequest(
        server.url,
        ChatPostMessageDocument,
        { roomId: general.id, body: `history ${i}`, clientMessageId: `h-${i}` },
        colleague,
      );
    }
    const terminal = startInTerminal(
      ['node', 'bin/charla-chat.mjs', '--server', `${server.url}/graphql`],
      {
        env: {
          XDG_CONFIG_HOME: home,
          NO_COLOR: '1',
          CHARLA_TOKEN: await companyToken(`employee-${process.pid}`),
        },
      },
    );
    cleanups.push(() => terminal.close());
    await terminal.waitFor('Choose the nickname you will be known by', 30_000);
    await terminal.enter(nickname);
    await terminal.waitFor(`Charla · ${nickname} · #general`);
    await terminal.waitFor('● connected');
    await terminal.waitFor(shows(`${colleague.user.nickname}: history 44`));
    for (let press = 0; press < 4; press += 1) {
      terminal.type('\x1b[5~'); // PageUp
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const top = await terminal.waitFor('· beginning of the conversation ·');
    expect(messagesOnScreen(top)[0]).toBe(`${colleague.user.nickname}: history 0`);
    await terminal.enter('hello from the company');
    await terminal.waitFor(shows(`${nickname}: hello from the company`));
    await terminal.enter('/quit');
    expect(await terminal.exited).toBe(0);
    expect(() => readFileSync(path.join(home, 'charla', 'tokens.json'))).toThrow();
  }, 60_000);
});
