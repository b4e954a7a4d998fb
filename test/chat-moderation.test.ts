import { describe, expect, it } from 'vitest';
import { roomKey } from '../client/chat-state.js';
import { runLine } from '../client/commands.js';
import { JoinRoomDocument, PostMessageDocument, RoomRolesDocument } from './generated/graphql.js';
import { type Account, dataOf } from './support/accounts.js';
import { useChatClients } from './support/chat-clients.js';
import { roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';
import { until } from './support/until.js';

const server = useTestServer();
const { chatAs, context } = useChatClients(server);
type Response = { errors?: readonly { extensions?: Record<string, unknown> }[] };
const codeOf = (response: Response) => response.errors?.[0]?.extensions?.code ?? 'OK';

describe('moderating from the terminal client (/kick, /ban, /unban, /mute, /unmute)', () => {
  it('mutes, kicks and bans the named user in the current room', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const [guest] = members as [Account];
    const chat = chatAs(owner);
    await chat.start();
    const key = roomKey(room.id);
    await until(() => chat.store.channel(key) !== undefined);
    chat.switchTo(key);
    const speak = async () =>
      codeOf(await server.request(PostMessageDocument, { roomId: room.id, body: 'hi' }, guest));

    await runLine(context(chat), `/mute @${guest.user.nickname} 5`);
    expect(chat.state.notice).toEqual({
      kind: 'info',
      text: `${guest.user.nickname} muted in #${room.name} for 5 min.`,
    });
    expect(await speak()).toBe('FORBIDDEN');
    await runLine(context(chat), `/unmute @${guest.user.nickname}`);
    expect(await speak()).toBe('OK');

    await runLine(context(chat), `/kick @${guest.user.nickname}`);
    const membership = async () =>
      dataOf(await server.request(RoomRolesDocument, { id: room.id }, guest), 'room')
        ?.viewerIsMember;
    expect(await membership()).toBe(false);
    const rejoin = () => server.request(JoinRoomDocument, { roomId: room.id }, guest);
    expect(codeOf(await rejoin())).toBe('OK');

    await runLine(context(chat), `/ban @${guest.user.nickname} flooding the room`);
    expect(await membership()).toBe(false);
    expect(codeOf(await rejoin())).toBe('FORBIDDEN');
    await runLine(context(chat), `/unban @${guest.user.nickname}`);
    expect(codeOf(await rejoin())).toBe('OK');
  });

  it('says why when the server refuses', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const [guest] = members as [Account];
    const chat = chatAs(guest);
    await chat.start();
    const key = roomKey(room.id);
    await until(() => chat.store.channel(key) !== undefined);
    chat.switchTo(key);
    await runLine(context(chat), `/kick @${owner.user.nickname}`);
    expect(chat.state.notice?.kind).toBe('error');
    expect(await membershipOf(room.id, owner)).toBe(true);
  });
});

async function membershipOf(roomId: string, who: Account) {
  return dataOf(await server.request(RoomRolesDocument, { id: roomId }, who), 'room')
    ?.viewerIsMember;
}
