/**
 * The slash commands, one table: a command the server gains later becomes one entry with a
 * `run`; an entry without one answers "not available on this server yet".
 */
import type { ChatClient } from './chat.js';
import { conversationKey, roomKey } from './chat-state.js';
import {
  ChatBanFromRoomDocument,
  ChatBlockUserDocument,
  type ChatBlockUserMutation,
  ChatChangeNicknameDocument,
  type ChatChangeNicknameMutation,
  ChatCreateGroupChatDocument,
  type ChatCreateGroupChatMutation,
  ChatCreateRoomDocument,
  type ChatCreateRoomMutation,
  ChatDeleteMessageDocument,
  ChatEditMessageDocument,
  ChatJoinRoomDocument,
  type ChatJoinRoomMutation,
  ChatLeaveRoomDocument,
  ChatLogoutDocument,
  ChatMuteInRoomDocument,
  ChatRemoveRoomMemberDocument,
  ChatReportUserDocument,
  ChatRoomByNameDocument,
  type ChatRoomByNameQuery,
  ChatRoomMembersDocument,
  type ChatRoomMembersQuery,
  ChatUnbanFromRoomDocument,
  ChatUnblockUserDocument,
  type ChatUnblockUserMutation,
  ChatUnmuteInRoomDocument,
  ChatUserDocument,
  type ChatUserQuery,
} from './generated/graphql.js';
import { CharlaError } from './resume.js';

/** What a command may do besides talking to the server. */
export type CommandContext = {
  chat: ChatClient;
  /** Ends the program (after /quit, or /logout once the token is revoked). */
  exit(): void;
  /** Forgets the stored token (after /logout). */
  forgetToken(): void;
};

export type Command = {
  name: string;
  /** Arguments as shown by /help, e.g. `<room>`. */
  usage: string;
  summary: string;
  /** Absent for a command this server does not offer yet. */
  run?(context: CommandContext, args: string): Promise<void> | void;
};

const info = (chat: ChatClient, text: string) => chat.store.notify({ kind: 'info', text });

/** Splits `/name rest` into the command name (lower case) and the rest. */
export function parseCommand(line: string): { name: string; args: string } | undefined {
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
  return match
    ? { name: (match[1] ?? '').toLowerCase(), args: (match[2] ?? '').trim() }
    : undefined;
}

async function findRoom(chat: ChatClient, name: string) {
  const room = (
    await chat.session.request<ChatRoomByNameQuery>(ChatRoomByNameDocument, {
      name: name.replace(/^#/, ''),
    })
  ).room;
  if (!room) throw new CharlaError('NOT_FOUND', `no room named ${name.replace(/^#/, '')}`);
  return room;
}

async function findUser(chat: ChatClient, nickname: string) {
  const user = (
    await chat.session.request<ChatUserQuery>(ChatUserDocument, {
      nickname: nickname.replace(/^@/, ''),
    })
  ).user;
  if (!user) throw new CharlaError('NOT_FOUND', `nobody is called ${nickname.replace(/^@/, '')}`);
  return user;
}

function requireArgs(args: string, usage: string) {
  if (!args) throw new CharlaError('BAD_USER_INPUT', `usage: ${usage}`);
}

/**
 * A moderation command on `@nick` in the current room: `/kick @nick`, `/ban @nick [minutes]
 * [reason]`, `/mute @nick [minutes]`, `/unban`, `/unmute`. Without minutes, until lifted.
 */
const moderation = (
  name: string,
  usage: string,
  summary: string,
  document: { toString(): string },
  done: string,
): Command => ({
  name,
  usage,
  summary,
  async run({ chat }, args) {
    requireArgs(args, `/${name} ${usage}`);
    const channel = chat.store.channel(chat.state.current);
    if (channel?.kind !== 'room') throw new CharlaError('BAD_USER_INPUT', 'not in a room');
    const [nickname = '', ...rest] = args.split(/\s+/);
    const minutes = /^\d+$/.test(rest[0] ?? '') ? Number(rest.shift()) : undefined;
    const user = await findUser(chat, nickname);
    await chat.session.request(document, {
      roomId: channel.id,
      userId: user.id,
      ...(minutes !== undefined && {
        until: new Date(Date.now() + minutes * 60_000).toISOString(),
      }),
      ...(name === 'ban' && rest.length > 0 && { reason: rest.join(' ') }),
    });
    const lasting = minutes === undefined ? '' : ` for ${minutes} min`;
    info(chat, `${user.nickname} ${done} ${channel.title}${lasting}.`);
  },
});

export const COMMANDS: Command[] = [
  {
    name: 'join',
    usage: '<room>',
    summary: 'join a room and show it',
    async run({ chat }, args) {
      requireArgs(args, '/join <room>');
      const room = await findRoom(chat, args);
      const joined = (
        await chat.session.request<ChatJoinRoomMutation>(ChatJoinRoomDocument, { roomId: room.id })
      ).joinRoom;
      chat.followRoom(joined);
      chat.switchTo(roomKey(joined.id));
    },
  },
  {
    name: 'leave',
    usage: '[room]',
    summary: 'leave the current room (or the one named)',
    async run({ chat }, args) {
      const channel = args
        ? chat.store.channel(roomKey((await findRoom(chat, args)).id))
        : chat.store.channel(chat.state.current);
      if (channel?.kind !== 'room') {
        throw new CharlaError('BAD_USER_INPUT', 'not in a room: /leave <room>');
      }
      await chat.session.request(ChatLeaveRoomDocument, { roomId: channel.id });
      chat.unfollow(channel.key);
      info(chat, `You left ${channel.title}.`);
    },
  },
  {
    name: 'rooms',
    usage: '',
    summary: 'list the rooms',
    async run({ chat }) {
      const rooms = await chat.listRooms();
      chat.store.showPanel({
        title: 'Rooms (/join <room>)',
        lines: rooms.map(
          (room) =>
            `${room.viewerIsMember ? '*' : ' '} #${room.name} (${room.memberCount})${room.topic ? ` ${room.topic}` : ''}`,
        ),
      });
    },
  },
  {
    name: 'create',
    usage: '<room> [topic]',
    summary: 'create a room and join it',
    async run({ chat }, args) {
      requireArgs(args, '/create <room> [topic]');
      const [name = '', ...topic] = args.split(/\s+/);
      const room = (
        await chat.session.request<ChatCreateRoomMutation>(ChatCreateRoomDocument, {
          name: name.replace(/^#/, ''),
          topic: topic.join(' ') || undefined,
        })
      ).createRoom;
      chat.followRoom(room);
      chat.switchTo(roomKey(room.id));
    },
  },
  {
    name: 'dm',
    usage: '@nick [text]',
    summary: 'open a direct conversation, optionally sending a first line',
    async run({ chat }, args) {
      requireArgs(args, '/dm @nick [text]');
      const [nickname = '', ...words] = args.split(/\s+/);
      const user = await findUser(chat, nickname);
      if (user.id === chat.state.me.id) {
        throw new CharlaError('BAD_USER_INPUT', 'that is you');
      }
      chat.openConversation(user);
      const text = args.slice(nickname.length).trim();
      if (words.length > 0 && text) await chat.say(text, conversationKey(user.id));
    },
  },
  {
    name: 'switch',
    usage: '<#room|@nick|number>',
    summary: 'show another room or conversation (also Tab)',
    run({ chat }, args) {
      requireArgs(args, '/switch <#room|@nick|number>');
      const { channels } = chat.state;
      const byNumber = /^\d+$/.test(args) ? channels[Number(args) - 1] : undefined;
      const wanted = args.toLowerCase();
      const channel =
        byNumber ??
        channels.find(
          (channel) =>
            channel.title.toLowerCase() === wanted ||
            channel.title.slice(1).toLowerCase() === wanted,
        );
      if (!channel) throw new CharlaError('NOT_FOUND', `${args} is not in your list`);
      chat.switchTo(channel.key);
    },
  },
  {
    name: 'who',
    usage: '',
    summary: 'who is in the current room',
    async run({ chat }) {
      const channel = chat.store.channel(chat.state.current);
      if (channel?.kind !== 'room') throw new CharlaError('BAD_USER_INPUT', 'not in a room');
      const node = (
        await chat.session.request<ChatRoomMembersQuery>(ChatRoomMembersDocument, {
          roomId: channel.id,
        })
      ).node;
      const members = node && 'members' in node ? node.members.edges.map((edge) => edge.node) : [];
      chat.store.showPanel({
        title: `In ${channel.title}`,
        lines: members.map((member) => `${member.online ? '●' : '○'} ${member.nickname}`),
      });
    },
  },
  {
    name: 'nick',
    usage: '<nickname>',
    summary: 'change your nickname',
    async run({ chat }, args) {
      requireArgs(args, '/nick <nickname>');
      const user = (
        await chat.session.request<ChatChangeNicknameMutation>(ChatChangeNicknameDocument, {
          nickname: args,
        })
      ).changeNickname;
      chat.store.setMe(user);
      info(chat, `You are now ${user.nickname}.`);
    },
  },
  {
    name: 'edit',
    usage: '<text>',
    summary: 'replace your last message here',
    async run({ chat }, args) {
      requireArgs(args, '/edit <text>');
      const last = chat.lastOwnMessage();
      if (!last) throw new CharlaError('NOT_FOUND', 'you have no message here to edit');
      await chat.session.request(ChatEditMessageDocument, { id: last.id, body: args });
    },
  },
  {
    name: 'delete',
    usage: '',
    summary: 'delete your last message here',
    async run({ chat }) {
      const last = chat.lastOwnMessage();
      if (!last) throw new CharlaError('NOT_FOUND', 'you have no message here to delete');
      await chat.session.request(ChatDeleteMessageDocument, { id: last.id });
    },
  },
  {
    name: 'group',
    usage: '@a @b [name]',
    summary: 'start a private group with them, optionally named',
    async run({ chat }, args) {
      requireArgs(args, '/group @a @b [name]');
      const words = args.split(/\s+/);
      const nicknames = words.filter((word) => word.startsWith('@'));
      const name = words.filter((word) => !word.startsWith('@')).join(' ');
      if (nicknames.length === 0)
        throw new CharlaError('BAD_USER_INPUT', 'usage: /group @a @b [name]');
      const users = await Promise.all(nicknames.map((nickname) => findUser(chat, nickname)));
      const room = (
        await chat.session.request<ChatCreateGroupChatMutation>(ChatCreateGroupChatDocument, {
          memberIds: users.map((user) => user.id),
          name: name || undefined,
        })
      ).createGroupChat;
      chat.followRoom(room);
      chat.switchTo(roomKey(room.id));
    },
  },
  {
    name: 'report',
    usage: '@nick <reason>',
    summary: 'report someone to the admins',
    async run({ chat }, args) {
      const match = /^(\S+)\s+([\s\S]+)$/.exec(args);
      if (!match?.[1] || !match[2]) {
        throw new CharlaError('BAD_USER_INPUT', 'usage: /report @nick <reason>');
      }
      const user = await findUser(chat, match[1]);
      await chat.session.request(ChatReportUserDocument, { userId: user.id, reason: match[2] });
      info(chat, `Reported ${user.nickname} to the admins.`);
    },
  },
  {
    name: 'block',
    usage: '@nick',
    summary: 'stop someone from writing to you, and stop seeing them in your rooms',
    async run({ chat }, args) {
      requireArgs(args, '/block @nick');
      const user = await findUser(chat, args);
      const blocked = (
        await chat.session.request<ChatBlockUserMutation>(ChatBlockUserDocument, {
          userId: user.id,
        })
      ).blockUser;
      info(chat, `You blocked ${blocked.nickname}: /unblock @${blocked.nickname} to undo.`);
    },
  },
  {
    name: 'unblock',
    usage: '@nick',
    summary: 'lift a block',
    async run({ chat }, args) {
      requireArgs(args, '/unblock @nick');
      const user = await findUser(chat, args);
      const unblocked = (
        await chat.session.request<ChatUnblockUserMutation>(ChatUnblockUserDocument, {
          userId: user.id,
        })
      ).unblockUser;
      info(chat, `You unblocked ${unblocked.nickname}.`);
    },
  },
  moderation(
    'kick',
    '@nick',
    'remove someone from this room (moderators)',
    ChatRemoveRoomMemberDocument,
    'removed from',
  ),
  moderation(
    'ban',
    '@nick [minutes] [reason]',
    'remove and keep someone out of this room (moderators)',
    ChatBanFromRoomDocument,
    'banned from',
  ),
  moderation(
    'unban',
    '@nick',
    'let someone back into this room (moderators)',
    ChatUnbanFromRoomDocument,
    'unbanned from',
  ),
  moderation(
    'mute',
    '@nick [minutes]',
    'stop someone posting in this room (moderators)',
    ChatMuteInRoomDocument,
    'muted in',
  ),
  moderation(
    'unmute',
    '@nick',
    'let someone post in this room again (moderators)',
    ChatUnmuteInRoomDocument,
    'unmuted in',
  ),
  {
    name: 'logout',
    usage: '',
    summary: 'sign out: the token is revoked and forgotten',
    async run({ chat, exit, forgetToken }) {
      chat.signingOut = true;
      await chat.session.request(ChatLogoutDocument).catch((error: unknown) => {
        // The server may close the socket (4403) before its answer arrives: the token is gone.
        if (!(error instanceof CharlaError && error.code === 'UNAUTHENTICATED')) {
          chat.signingOut = false;
          throw error;
        }
      });
      forgetToken();
      exit();
    },
  },
  { name: 'quit', usage: '', summary: 'leave the client (also Ctrl+C)', run: ({ exit }) => exit() },
  {
    name: 'help',
    usage: '',
    summary: 'this list',
    run({ chat }) {
      chat.store.showPanel({
        title: 'Commands (a plain line is posted here; PageUp/PageDown scroll; Tab switches)',
        lines: COMMANDS.map(
          (command) =>
            `/${command.name}${command.usage ? ` ${command.usage}` : ''}: ${command.summary}${command.run ? '' : ' (not available yet)'}`,
        ),
      });
    },
  },
];

/**
 * Runs one line typed by the user: a command, or a message for the current channel. Errors
 * become the one-line notice, never an exception.
 */
export async function runLine(context: CommandContext, line: string): Promise<void> {
  const { chat } = context;
  chat.store.showPanel(undefined);
  chat.store.notify(undefined);
  if (!line.trim()) return;
  const parsed = line.startsWith('/') && !line.startsWith('//') ? parseCommand(line) : undefined;
  if (!parsed) {
    await chat.say(line.startsWith('//') ? line.slice(1) : line);
    return;
  }
  const command = COMMANDS.find((candidate) => candidate.name === parsed.name);
  if (!command) {
    chat.store.notify({ kind: 'error', text: `Unknown command /${parsed.name}: try /help.` });
    return;
  }
  if (!command.run) {
    chat.store.notify({
      kind: 'info',
      text: `/${command.name} is not available on this server yet.`,
    });
    return;
  }
  try {
    await command.run(context, parsed.args);
  } catch (error) {
    chat.fail(error);
  }
}
