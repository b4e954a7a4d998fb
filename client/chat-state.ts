/**
 * What the terminal client shows, as plain data: rooms and conversations with unread counts and
 * mentions, each one's messages (edits and deletes applied in place, sends pending until
 * acknowledged), who is typing, the connection and the last notice. No screen and no network:
 * `ChatStore` replaces the state object on every change, so React re-renders what changed.
 */
import type { ConnectionState } from './resume.js';

/** A message as shown. */
export type ShownMessage = {
  id: string;
  body: string;
  authorId: string;
  authorNickname: string;
  createdAt: string;
  editedAt?: string | null;
  deletedAt?: string | null;
  clientMessageId?: string | null;
  /** True until the server acknowledges the send. */
  pending?: boolean;
  /** A send of the viewer not delivered by its stream yet: shown at the bottom. */
  unplaced?: boolean;
};

/** A room or a direct conversation. */
export type Channel = {
  /** `room:<room id>` or `dm:<peer user id>`. */
  key: string;
  kind: 'room' | 'dm';
  /** The room id, or the peer's user id. */
  id: string;
  /** `#name` for a room, `@nickname` for a conversation. */
  title: string;
  messages: ShownMessage[];
  unread: number;
  /** Unread messages that mention the viewer's nickname. */
  mentions: number;
  /** `before` for the next older history page; null at the beginning; undefined before any load. */
  olderCursor?: string | null;
  /** Nicknames typing right now. */
  typing: string[];
};

export type Notice = { kind: 'error' | 'info'; text: string };

export type ChatState = {
  me: { id: string; nickname: string };
  channels: Channel[];
  current?: string;
  connection: ConnectionState;
  /** Sends waiting out RATE_LIMITED: until when (epoch milliseconds). */
  rateLimitedUntil?: number;
  notice?: Notice;
  /** A list shown over the messages (/help, /rooms, /who) until the next line is entered. */
  panel?: { title: string; lines: string[] };
};

/** A message as the API returns it (the client's `ChatMessage` fragment). */
export type ApiMessage = {
  id: string;
  body: string;
  author: { id: string; nickname: string };
  room?: { id: string } | null;
  recipient?: { id: string; nickname: string } | null;
  clientMessageId?: string | null;
  createdAt: string;
  editedAt?: string | null;
  deletedAt?: string | null;
};

export const roomKey = (roomId: string) => `room:${roomId}`;
export const conversationKey = (userId: string) => `dm:${userId}`;

export function toShown(message: ApiMessage): ShownMessage {
  return {
    id: message.id,
    body: message.body,
    authorId: message.author.id,
    authorNickname: message.author.nickname,
    createdAt: message.createdAt,
    editedAt: message.editedAt,
    deletedAt: message.deletedAt,
    clientMessageId: message.clientMessageId,
  };
}

/** Whether `body` mentions `nickname` as `@nickname` (case-insensitive, whole word). */
export function mentions(body: string, nickname: string): boolean {
  if (!nickname) return false;
  const escaped = nickname.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])@${escaped}(?![\\p{L}\\p{N}_])`, 'iu').test(body);
}

/** Of two versions of one message, the later one: deleted beats edited beats original. */
function later(a: ShownMessage, b: ShownMessage): ShownMessage {
  if (a.deletedAt || b.deletedAt) return b.deletedAt ? b : a;
  return (b.editedAt ?? '') >= (a.editedAt ?? '') ? b : a;
}

/** Holds the state and tells subscribers when it is replaced. */
export class ChatStore {
  #state: ChatState;
  #listeners = new Set<() => void>();
  /** Changes to messages older than the loaded window, applied when their page loads. */
  #offWindow = new Map<string, ShownMessage>();

  constructor(me: { id: string; nickname: string }) {
    this.#state = { me, channels: [], connection: 'connecting' };
  }

  getState = (): ChatState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  #set(change: Partial<ChatState>) {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }

  #updateChannel(key: string, update: (channel: Channel) => Channel) {
    const channels = this.#state.channels.map((channel) =>
      channel.key === key ? update(channel) : channel,
    );
    this.#set({ channels });
  }

  channel(key: string | undefined): Channel | undefined {
    return this.#state.channels.find((channel) => channel.key === key);
  }

  setMe(me: { id: string; nickname: string }) {
    this.#set({ me });
  }

  /** Adds a room or conversation (no change when present); the first one becomes current. */
  addChannel(channel: Pick<Channel, 'key' | 'kind' | 'id' | 'title'> & { unread?: number }) {
    if (this.channel(channel.key)) return;
    const added: Channel = { messages: [], mentions: 0, typing: [], unread: 0, ...channel };
    this.#set({
      channels: [...this.#state.channels, added],
      current: this.#state.current ?? channel.key,
    });
  }

  removeChannel(key: string) {
    const channels = this.#state.channels.filter((channel) => channel.key !== key);
    const current = this.#state.current === key ? channels[0]?.key : this.#state.current;
    this.#set({ channels, current });
  }

  /** Shows a channel; its unread count and mentions are cleared. */
  setCurrent(key: string) {
    if (!this.channel(key)) return;
    this.#set({ current: key, panel: undefined });
    this.#updateChannel(key, (channel) => ({ ...channel, unread: 0, mentions: 0 }));
  }

  /** The newest page of a channel's history: replaces its messages, keeping pending sends. */
  setHistory(key: string, messages: ShownMessage[], olderCursor: string | null) {
    this.#updateChannel(key, (channel) => {
      const loaded = messages.map((message) => this.#withOffWindow(message));
      const ids = new Set(loaded.map((message) => message.id));
      const keys = new Set(loaded.map((message) => message.clientMessageId).filter(Boolean));
      // Messages that arrived live before this page was read, and sends not acknowledged yet.
      const newer = channel.messages.filter(
        (message) =>
          !ids.has(message.id) && !(message.clientMessageId && keys.has(message.clientMessageId)),
      );
      return { ...channel, messages: [...loaded, ...newer], olderCursor };
    });
  }

  /** An older page, put in front of what is shown. */
  prependHistory(key: string, messages: ShownMessage[], olderCursor: string | null) {
    this.#updateChannel(key, (channel) => {
      const ids = new Set(channel.messages.map((message) => message.id));
      const older = messages
        .filter((message) => !ids.has(message.id))
        .map((message) => this.#withOffWindow(message));
      return { ...channel, messages: [...older, ...channel.messages], olderCursor };
    });
  }

  #withOffWindow(message: ShownMessage): ShownMessage {
    const change = this.#offWindow.get(message.id);
    if (!change) return message;
    this.#offWindow.delete(message.id);
    return later(message, change);
  }

  /**
   * A message from a stream, in the stream's order: replaces the one with its id in place (an
   * edit, a delete), or takes its place after the messages received so far; a send of the viewer
   * shown at the bottom until now moves there. A change to a message older than what is loaded
   * waits for its page.
   */
  receive(key: string, message: ShownMessage) {
    const { me, current } = this.#state;
    this.#updateChannel(key, (channel) => {
      const index = channel.messages.findIndex(
        (shown) => shown.id === message.id && !shown.unplaced,
      );
      if (index >= 0) {
        const messages = [...channel.messages];
        messages[index] = message;
        return { ...channel, messages };
      }
      const isCopy = (shown: ShownMessage) =>
        shown.unplaced &&
        (shown.id === message.id ||
          Boolean(message.clientMessageId && shown.clientMessageId === message.clientMessageId));
      const wasSentHere = channel.messages.some(isCopy);
      const messages = channel.messages.filter((shown) => !isCopy(shown));
      const oldest = messages[0];
      if (!wasSentHere && channel.olderCursor && oldest && message.createdAt < oldest.createdAt) {
        this.#offWindow.set(message.id, message);
        return channel;
      }
      const firstUnplaced = messages.findIndex((shown) => shown.unplaced);
      messages.splice(firstUnplaced < 0 ? messages.length : firstUnplaced, 0, message);
      const unseen = message.authorId !== me.id && current !== key;
      return {
        ...channel,
        messages,
        unread: channel.unread + (unseen ? 1 : 0),
        mentions: channel.mentions + (unseen && mentions(message.body, me.nickname) ? 1 : 0),
      };
    });
  }

  /**
   * The server acknowledged a send: it is no longer pending, but stays at the bottom until the
   * stream delivers it in its place (others may have written before it was stored).
   */
  acknowledge(key: string, message: ShownMessage) {
    this.#updateChannel(key, (channel) => {
      const delivered = channel.messages.some(
        (shown) => shown.id === message.id && !shown.unplaced,
      );
      const messages = channel.messages.flatMap((shown) =>
        shown.pending && shown.clientMessageId === message.clientMessageId
          ? delivered
            ? []
            : [{ ...message, unplaced: true }]
          : [shown],
      );
      return { ...channel, messages };
    });
  }

  /** A send on its way: shown at once, marked pending. */
  addPending(key: string, clientMessageId: string, body: string) {
    const { me } = this.#state;
    this.#updateChannel(key, (channel) => ({
      ...channel,
      messages: [
        ...channel.messages,
        {
          id: `pending:${clientMessageId}`,
          body,
          authorId: me.id,
          authorNickname: me.nickname,
          createdAt: new Date().toISOString(),
          clientMessageId,
          pending: true,
          unplaced: true,
        },
      ],
    }));
  }

  /** A send the server refused: it is taken off the screen (the notice says why). */
  dropPending(key: string, clientMessageId: string) {
    this.#updateChannel(key, (channel) => ({
      ...channel,
      messages: channel.messages.filter(
        (message) => !(message.pending && message.clientMessageId === clientMessageId),
      ),
    }));
  }

  setTyping(key: string, nickname: string, typing: boolean) {
    this.#updateChannel(key, (channel) => {
      const others = channel.typing.filter((name) => name !== nickname);
      return { ...channel, typing: typing ? [...others, nickname] : others };
    });
  }

  setConnection(connection: ConnectionState) {
    this.#set({ connection });
  }

  setRateLimitedUntil(until: number | undefined) {
    this.#set({ rateLimitedUntil: until });
  }

  notify(notice: Notice | undefined) {
    this.#set({ notice });
  }

  showPanel(panel: ChatState['panel']) {
    this.#set({ panel });
  }
}
