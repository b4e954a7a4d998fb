/**
 * The terminal client's logic, between the resume module (network) and the screen: which
 * streams to follow, what a command or a plain line does, and what the store shows.
 */

import {
  type ChatState,
  ChatStore,
  conversationKey,
  roomKey,
  type ShownMessage,
  toShown,
} from './chat-state.js';
import { describeError } from './errors.js';
import {
  ChatConversationEventsDocument,
  type ChatConversationEventsSubscription,
  ChatConversationHistoryDocument,
  type ChatConversationHistoryQuery,
  ChatConversationsDocument,
  type ChatConversationsQuery,
  ChatDirectMessagesDocument,
  ChatMarkReadDocument,
  type ChatMessageFragment,
  ChatPostMessageDocument,
  ChatRoomEventsDocument,
  type ChatRoomEventsSubscription,
  type ChatRoomFragment,
  ChatRoomHistoryDocument,
  type ChatRoomHistoryQuery,
  ChatRoomMessagesDocument,
  ChatRoomsDocument,
  type ChatRoomsQuery,
  ChatSendDirectMessageDocument,
  ChatSetTypingDocument,
} from './generated/graphql.js';
import {
  CharlaError,
  createResumeSession,
  directStream,
  type Follow,
  type HistoryPage,
  type ResumeSession,
  roomStream,
} from './resume.js';

type Message = ChatMessageFragment;

/** Messages per history page, for the first screen and for every PageUp. */
export const HISTORY_PAGE_SIZE = 30;
/** How often "typing" is repeated while keys are pressed, in milliseconds (the server keeps it ~5 s). */
const TYPING_REPEAT_MS = 3_000;

export type ChatClientOptions = {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  server: string;
  token: string;
  me: { id: string; nickname: string };
  webSocketImpl?: unknown;
  /** Called when the server no longer accepts the token. */
  onSignedOut?(): void;
};

function roomPage(data: Record<string, unknown>): HistoryPage<Message> | null {
  const node = (data as ChatRoomHistoryQuery).node;
  return node && 'messages' in node ? node.messages : null;
}

function conversationPage(data: Record<string, unknown>): HistoryPage<Message> | null {
  return (data as ChatConversationHistoryQuery).conversation?.messages ?? null;
}

const olderCursorOf = (page: HistoryPage<Message>) =>
  page.pageInfo.hasPreviousPage ? (page.pageInfo.startCursor ?? null) : null;

export class ChatClient {
  readonly store: ChatStore;
  readonly session: ResumeSession;
  readonly server: string;
  #follows = new Map<string, { stop(): void }[]>();
  #lastTyping = new Map<string, number>();
  #stopped = false;
  /** Set by /logout: the socket closing with 4403 that follows is expected. */
  signingOut = false;

  constructor(readonly options: ChatClientOptions) {
    this.server = options.server;
    this.store = new ChatStore(options.me);
    this.session = createResumeSession({
      url: options.server,
      token: () => options.token,
      webSocketImpl: options.webSocketImpl,
      onConnectionChange: (state) => {
        this.store.setConnection(state);
        if (state === 'connected' && this.state.notice?.text.startsWith('Cannot reach')) {
          this.store.notify(undefined);
        }
      },
      onPendingChange: (pending) => {
        const until = Math.max(0, ...pending.map((send) => send.rateLimitedUntil ?? 0));
        this.store.setRateLimitedUntil(until > Date.now() ? until : undefined);
      },
      onUnauthenticated: () => {
        this.store.notify({
          kind: 'error',
          text: describeError(new CharlaError('UNAUTHENTICATED', '')),
        });
        options.onSignedOut?.();
      },
    });
  }

  get state(): ChatState {
    return this.store.getState();
  }

  /** Follows every room the viewer is in and the direct-message stream. */
  async start(): Promise<void> {
    const rooms = await this.listRooms();
    const general = rooms.find((room) => room.name.toLowerCase() === 'general');
    for (const room of rooms.filter((room) => room.viewerIsMember)) this.followRoom(room);
    if (general?.viewerIsMember) this.store.setCurrent(roomKey(general.id));
    this.#followDirectMessages();
  }

  async listRooms(): Promise<ChatRoomFragment[]> {
    const rooms: ChatRoomFragment[] = [];
    let after: string | null | undefined;
    do {
      const data = await this.session.request<ChatRoomsQuery>(ChatRoomsDocument, { after });
      rooms.push(...data.rooms.edges.map((edge) => edge.node));
      after = data.rooms.pageInfo.hasNextPage ? data.rooms.pageInfo.endCursor : undefined;
    } while (after);
    return rooms;
  }

  /** Shows a room and follows its messages (resumed across drops) and its typing events. */
  followRoom(room: { id: string; name: string; unreadCount?: number }) {
    const key = roomKey(room.id);
    this.store.addChannel({
      key,
      kind: 'room',
      id: room.id,
      title: `#${room.name}`,
      unread: room.unreadCount ?? 0,
    });
    if (this.#follows.has(key)) return;
    const messages: Follow = this.session.follow(
      roomStream<Message>({
        roomId: room.id,
        history: ChatRoomHistoryDocument,
        page: roomPage,
        subscription: ChatRoomMessagesDocument,
        pageSize: HISTORY_PAGE_SIZE,
      }),
      {
        onStart: (start) =>
          this.store.setHistory(key, start.messages.map(toShown), start.olderCursor ?? null),
        onMessage: (message) => this.#receive(key, message),
        onReset: () => this.store.notify({ kind: 'info', text: `Reloading ${room.name}…` }),
        onError: (error) => this.fail(error),
      },
    );
    const events = this.session.watch<ChatRoomEventsSubscription>(
      ChatRoomEventsDocument,
      { roomId: room.id },
      ({ roomEvents: event }) => {
        if (event.__typename === 'TypingEvent' && event.user.id !== this.state.me.id) {
          this.store.setTyping(key, event.user.nickname, event.typing);
        }
      },
    );
    this.#follows.set(key, [messages, { stop: events }]);
  }

  unfollow(key: string) {
    for (const follow of this.#follows.get(key) ?? []) follow.stop();
    this.#follows.delete(key);
    this.store.removeChannel(key);
  }

  #followDirectMessages() {
    const follow = this.session.follow(
      directStream<Message>({
        position: ChatConversationsDocument,
        liveCursor: (data) => (data as ChatConversationsQuery).conversations.liveCursor,
        subscription: ChatDirectMessagesDocument,
      }),
      {
        onStart: () => {
          // The conversations list is read once more for titles and unread counts.
          this.session
            .request<ChatConversationsQuery>(ChatConversationsDocument)
            .then((data) => {
              for (const { node } of data.conversations.edges) {
                this.#addConversation(node.peer, node.unreadCount);
              }
            })
            .catch(() => {});
        },
        onMessage: (message) => {
          const peer = message.author.id === this.state.me.id ? message.recipient : message.author;
          if (!peer) return;
          this.#addConversation(peer);
          this.#receive(conversationKey(peer.id), message);
        },
        onError: (error) => this.fail(error),
      },
    );
    this.#follows.set('dm', [follow]);
  }

  #addConversation(peer: { id: string; nickname: string }, unread = 0) {
    const key = conversationKey(peer.id);
    if (this.store.channel(key)) return key;
    this.store.addChannel({ key, kind: 'dm', id: peer.id, title: `@${peer.nickname}`, unread });
    this.#follows.set(key, [
      {
        stop: this.session.watch<ChatConversationEventsSubscription>(
          ChatConversationEventsDocument,
          { with: peer.id },
          ({ conversationEvents: event }) =>
            this.store.setTyping(key, event.user.nickname, event.typing),
        ),
      },
    ]);
    return key;
  }

  /** Opens (or creates on the first message) the conversation with a user. */
  openConversation(peer: { id: string; nickname: string }) {
    const key = this.#addConversation(peer);
    this.switchTo(key);
  }

  #receive(key: string, message: Message) {
    this.store.receive(key, toShown(message));
    if (this.state.current === key && !message.deletedAt) this.#markRead(message.id);
  }

  #markReadTimer: ReturnType<typeof setTimeout> | undefined;
  #markRead(messageId: string) {
    clearTimeout(this.#markReadTimer);
    this.#markReadTimer = setTimeout(() => {
      this.session.request(ChatMarkReadDocument, { messageId }).catch(() => {});
    }, 500);
  }

  /** Shows a channel, loading its history the first time. */
  switchTo(key: string) {
    this.store.setCurrent(key);
    const channel = this.store.channel(key);
    if (!channel) return;
    if (channel.kind === 'dm' && channel.olderCursor === undefined) {
      this.#loadConversation(key, channel.id).catch((error) => this.fail(error));
    }
    const last = channel.messages.findLast((message) => !message.pending);
    if (last) this.#markRead(last.id);
  }

  async #loadConversation(key: string, peerId: string, before?: string) {
    const data = await this.session.request<ChatConversationHistoryQuery>(
      ChatConversationHistoryDocument,
      { with: peerId, last: HISTORY_PAGE_SIZE, before },
    );
    const page = conversationPage(data);
    const messages = (page?.edges ?? []).map((edge) => toShown(edge.node));
    const olderCursor = page ? olderCursorOf(page) : null;
    if (before) this.store.prependHistory(key, messages, olderCursor);
    else this.store.setHistory(key, messages, olderCursor);
  }

  /** PageUp: the page before the oldest message shown, if any. Resolves with whether there was one. */
  async loadOlder(key = this.state.current): Promise<boolean> {
    const channel = this.store.channel(key);
    if (!channel?.olderCursor || !key) return false;
    if (channel.kind === 'dm') {
      await this.#loadConversation(key, channel.id, channel.olderCursor);
      return true;
    }
    const data = await this.session.request<ChatRoomHistoryQuery>(ChatRoomHistoryDocument, {
      roomId: channel.id,
      last: HISTORY_PAGE_SIZE,
      before: channel.olderCursor,
    });
    const page = roomPage(data);
    if (!page) return false;
    this.store.prependHistory(
      key,
      page.edges.map((edge) => toShown(edge.node)),
      olderCursorOf(page),
    );
    return true;
  }

  /**
   * Posts a line to the current room or conversation. It shows at once as pending, and is
   * retried with its clientMessageId until the server acknowledges it.
   */
  async say(body: string, key = this.state.current): Promise<void> {
    const channel = this.store.channel(key);
    if (!channel || !key) {
      this.store.notify({ kind: 'error', text: 'No room open: /join a room or /dm someone.' });
      return;
    }
    const clientMessageId = globalThis.crypto.randomUUID();
    this.store.addPending(key, clientMessageId, body);
    try {
      const message =
        channel.kind === 'room'
          ? (
              await this.session.send<{ postMessage: Message }>(ChatPostMessageDocument, {
                roomId: channel.id,
                body,
                clientMessageId,
              })
            ).postMessage
          : (
              await this.session.send<{ sendDirectMessage: Message }>(
                ChatSendDirectMessageDocument,
                { to: channel.id, body, clientMessageId },
              )
            ).sendDirectMessage;
      this.store.acknowledge(key, toShown(message));
    } catch (error) {
      this.store.dropPending(key, clientMessageId);
      this.fail(error);
    }
  }

  /** Tells the current channel that the viewer is typing, at most every few seconds. */
  typing() {
    const channel = this.store.channel(this.state.current);
    if (!channel) return;
    const now = Date.now();
    if (now - (this.#lastTyping.get(channel.key) ?? 0) < TYPING_REPEAT_MS) return;
    this.#lastTyping.set(channel.key, now);
    const target =
      channel.kind === 'room' ? { roomId: channel.id } : { conversationWith: channel.id };
    this.session.request(ChatSetTypingDocument, { ...target, typing: true }).catch(() => {});
  }

  /** The viewer's newest message in the current channel, for /edit and /delete. */
  lastOwnMessage(): ShownMessage | undefined {
    const channel = this.store.channel(this.state.current);
    return channel?.messages.findLast(
      (message) => message.authorId === this.state.me.id && !message.pending && !message.deletedAt,
    );
  }

  /** Shows an error as one line on the status line (bound: usable as a `.catch` handler). */
  fail = (error: unknown) => {
    this.store.notify({ kind: 'error', text: describeError(error, this.server) });
  };

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#markReadTimer);
    for (const follows of this.#follows.values()) for (const follow of follows) follow.stop();
    await this.session.dispose();
  }
}
