/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ChatMessageFragment = { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string } | null, recipient: { id: string, nickname: string } | null };

export type ChatRoomFragment = { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, unreadCount: number };

export type ChatRegisterMutationVariables = Exact<{
  nickname: string;
  password: string;
}>;


export type ChatRegisterMutation = { register: { token: string, user: { id: string, nickname: string } } };

export type ChatLoginMutationVariables = Exact<{
  nickname: string;
  password: string;
}>;


export type ChatLoginMutation = { login: { token: string, user: { id: string, nickname: string } } };

export type ChatLogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type ChatLogoutMutation = { logout: boolean };

export type ChatMeQueryVariables = Exact<{ [key: string]: never; }>;


export type ChatMeQuery = { me: { id: string, nickname: string } | null };

export type ChatClaimNicknameMutationVariables = Exact<{
  nickname: string;
}>;


export type ChatClaimNicknameMutation = { claimNickname: { id: string, nickname: string } };

export type ChatChangeNicknameMutationVariables = Exact<{
  nickname: string;
}>;


export type ChatChangeNicknameMutation = { changeNickname: { id: string, nickname: string } };

export type ChatRoomsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ChatRoomsQuery = { rooms: { edges: Array<{ node: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, unreadCount: number } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ChatRoomByNameQueryVariables = Exact<{
  name: string;
}>;


export type ChatRoomByNameQuery = { room: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, unreadCount: number } | null };

export type ChatRoomHistoryQueryVariables = Exact<{
  roomId: string | number;
  last: number;
  before?: string | null | undefined;
}>;


export type ChatRoomHistoryQuery = { node:
    | { messages: { liveCursor: string, edges: Array<{ node: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string } | null, recipient: { id: string, nickname: string } | null } }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } } }
    | Record<PropertyKey, never>
   | null };

export type ChatRoomMembersQueryVariables = Exact<{
  roomId: string | number;
}>;


export type ChatRoomMembersQuery = { node:
    | { members: { edges: Array<{ node: { nickname: string, online: boolean } }> } }
    | Record<PropertyKey, never>
   | null };

export type ChatConversationsQueryVariables = Exact<{ [key: string]: never; }>;


export type ChatConversationsQuery = { conversations: { liveCursor: string, edges: Array<{ node: { id: string, unreadCount: number, peer: { id: string, nickname: string } } }> } };

export type ChatConversationHistoryQueryVariables = Exact<{
  with: string | number;
  last: number;
  before?: string | null | undefined;
}>;


export type ChatConversationHistoryQuery = { conversation: { messages: { liveCursor: string, edges: Array<{ node: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string } | null, recipient: { id: string, nickname: string } | null } }>, pageInfo: { hasPreviousPage: boolean, startCursor: string | null } } } | null };

export type ChatUserQueryVariables = Exact<{
  nickname: string;
}>;


export type ChatUserQuery = { user: { id: string, nickname: string } | null };

export type ChatCreateRoomMutationVariables = Exact<{
  name: string;
  topic?: string | null | undefined;
}>;


export type ChatCreateRoomMutation = { createRoom: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, unreadCount: number } };

export type ChatCreateGroupChatMutationVariables = Exact<{
  memberIds: Array<string | number> | string | number;
  name?: string | null | undefined;
}>;


export type ChatCreateGroupChatMutation = { createGroupChat: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, unreadCount: number } };

export type ChatJoinRoomMutationVariables = Exact<{
  roomId: string | number;
}>;


export type ChatJoinRoomMutation = { joinRoom: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, unreadCount: number } };

export type ChatLeaveRoomMutationVariables = Exact<{
  roomId: string | number;
}>;


export type ChatLeaveRoomMutation = { leaveRoom: { id: string } };

export type ChatPostMessageMutationVariables = Exact<{
  roomId: string | number;
  body: string;
  clientMessageId: string;
}>;


export type ChatPostMessageMutation = { postMessage: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string } | null, recipient: { id: string, nickname: string } | null } };

export type ChatSendDirectMessageMutationVariables = Exact<{
  to: string | number;
  body: string;
  clientMessageId: string;
}>;


export type ChatSendDirectMessageMutation = { sendDirectMessage: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string } | null, recipient: { id: string, nickname: string } | null } };

export type ChatEditMessageMutationVariables = Exact<{
  id: string | number;
  body: string;
}>;


export type ChatEditMessageMutation = { editMessage: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string } | null, recipient: { id: string, nickname: string } | null } };

export type ChatDeleteMessageMutationVariables = Exact<{
  id: string | number;
}>;


export type ChatDeleteMessageMutation = { deleteMessage: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string } | null, recipient: { id: string, nickname: string } | null } };

export type ChatMarkReadMutationVariables = Exact<{
  messageId: string | number;
}>;


export type ChatMarkReadMutation = { markRead: boolean };

export type ChatSetTypingMutationVariables = Exact<{
  roomId?: string | number | null | undefined;
  conversationWith?: string | number | null | undefined;
  typing: boolean;
}>;


export type ChatSetTypingMutation = { setTyping: boolean };

export type ChatRoomMessagesSubscriptionVariables = Exact<{
  roomId: string | number;
  after?: string | null | undefined;
}>;


export type ChatRoomMessagesSubscription = { roomMessages: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string } | null, recipient: { id: string, nickname: string } | null } };

export type ChatDirectMessagesSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ChatDirectMessagesSubscription = { directMessages: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string } | null, recipient: { id: string, nickname: string } | null } };

export type ChatRoomEventsSubscriptionVariables = Exact<{
  roomId: string | number;
}>;


export type ChatRoomEventsSubscription = { roomEvents:
    | { __typename: 'MemberJoinedEvent', user: { nickname: string } }
    | { __typename: 'MemberLeftEvent', user: { nickname: string } }
    | { __typename: 'MemberMutedEvent' }
    | { __typename: 'MemberRemovedEvent' }
    | { __typename: 'MemberRoleChangedEvent' }
    | { __typename: 'PresenceEvent', online: boolean, user: { nickname: string } }
    | { __typename: 'TypingEvent', typing: boolean, user: { id: string, nickname: string } }
   };

export type ChatConversationEventsSubscriptionVariables = Exact<{
  with: string | number;
}>;


export type ChatConversationEventsSubscription = { conversationEvents: { typing: boolean, user: { id: string, nickname: string } } };

export type ChatReportUserMutationVariables = Exact<{
  userId: string | number;
  reason: string;
}>;


export type ChatReportUserMutation = { reportUser: boolean };

export type ChatBlockUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type ChatBlockUserMutation = { blockUser: { id: string, nickname: string } };

export type ChatUnblockUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type ChatUnblockUserMutation = { unblockUser: { id: string, nickname: string } };

export type ChatRemoveRoomMemberMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
}>;


export type ChatRemoveRoomMemberMutation = { removeRoomMember: { id: string } };

export type ChatBanFromRoomMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
  until?: string | null | undefined;
  reason?: string | null | undefined;
}>;


export type ChatBanFromRoomMutation = { banFromRoom: { id: string } };

export type ChatUnbanFromRoomMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
}>;


export type ChatUnbanFromRoomMutation = { unbanFromRoom: { id: string } };

export type ChatMuteInRoomMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
  until?: string | null | undefined;
}>;


export type ChatMuteInRoomMutation = { muteInRoom: { id: string } };

export type ChatUnmuteInRoomMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
}>;


export type ChatUnmuteInRoomMutation = { unmuteInRoom: { id: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ChatMessageFragmentDoc = new TypedDocumentString(`
    fragment ChatMessage on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
  }
  recipient {
    id
    nickname
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}
    `, {"fragmentName":"ChatMessage"}) as unknown as TypedDocumentString<ChatMessageFragment, unknown>;
export const ChatRoomFragmentDoc = new TypedDocumentString(`
    fragment ChatRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  unreadCount
}
    `, {"fragmentName":"ChatRoom"}) as unknown as TypedDocumentString<ChatRoomFragment, unknown>;
export const ChatRegisterDocument = new TypedDocumentString(`
    mutation ChatRegister($nickname: String!, $password: String!) {
  register(nickname: $nickname, password: $password) {
    token
    user {
      id
      nickname
    }
  }
}
    `) as unknown as TypedDocumentString<ChatRegisterMutation, ChatRegisterMutationVariables>;
export const ChatLoginDocument = new TypedDocumentString(`
    mutation ChatLogin($nickname: String!, $password: String!) {
  login(nickname: $nickname, password: $password) {
    token
    user {
      id
      nickname
    }
  }
}
    `) as unknown as TypedDocumentString<ChatLoginMutation, ChatLoginMutationVariables>;
export const ChatLogoutDocument = new TypedDocumentString(`
    mutation ChatLogout {
  logout
}
    `) as unknown as TypedDocumentString<ChatLogoutMutation, ChatLogoutMutationVariables>;
export const ChatMeDocument = new TypedDocumentString(`
    query ChatMe {
  me {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<ChatMeQuery, ChatMeQueryVariables>;
export const ChatClaimNicknameDocument = new TypedDocumentString(`
    mutation ChatClaimNickname($nickname: String!) {
  claimNickname(nickname: $nickname) {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<ChatClaimNicknameMutation, ChatClaimNicknameMutationVariables>;
export const ChatChangeNicknameDocument = new TypedDocumentString(`
    mutation ChatChangeNickname($nickname: String!) {
  changeNickname(nickname: $nickname) {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<ChatChangeNicknameMutation, ChatChangeNicknameMutationVariables>;
export const ChatRoomsDocument = new TypedDocumentString(`
    query ChatRooms($after: String) {
  rooms(first: 100, after: $after) {
    edges {
      node {
        ...ChatRoom
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ChatRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  unreadCount
}`) as unknown as TypedDocumentString<ChatRoomsQuery, ChatRoomsQueryVariables>;
export const ChatRoomByNameDocument = new TypedDocumentString(`
    query ChatRoomByName($name: String!) {
  room(name: $name) {
    ...ChatRoom
  }
}
    fragment ChatRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  unreadCount
}`) as unknown as TypedDocumentString<ChatRoomByNameQuery, ChatRoomByNameQueryVariables>;
export const ChatRoomHistoryDocument = new TypedDocumentString(`
    query ChatRoomHistory($roomId: ID!, $last: Int!, $before: String) {
  node(id: $roomId) {
    ... on Room {
      messages(last: $last, before: $before) {
        edges {
          node {
            ...ChatMessage
          }
        }
        pageInfo {
          hasPreviousPage
          startCursor
        }
        liveCursor
      }
    }
  }
}
    fragment ChatMessage on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
  }
  recipient {
    id
    nickname
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<ChatRoomHistoryQuery, ChatRoomHistoryQueryVariables>;
export const ChatRoomMembersDocument = new TypedDocumentString(`
    query ChatRoomMembers($roomId: ID!) {
  node(id: $roomId) {
    ... on Room {
      members(first: 100) {
        edges {
          node {
            nickname
            online
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ChatRoomMembersQuery, ChatRoomMembersQueryVariables>;
export const ChatConversationsDocument = new TypedDocumentString(`
    query ChatConversations {
  conversations(first: 50) {
    edges {
      node {
        id
        peer {
          id
          nickname
        }
        unreadCount
      }
    }
    liveCursor
  }
}
    `) as unknown as TypedDocumentString<ChatConversationsQuery, ChatConversationsQueryVariables>;
export const ChatConversationHistoryDocument = new TypedDocumentString(`
    query ChatConversationHistory($with: ID!, $last: Int!, $before: String) {
  conversation(with: $with) {
    messages(last: $last, before: $before) {
      edges {
        node {
          ...ChatMessage
        }
      }
      pageInfo {
        hasPreviousPage
        startCursor
      }
      liveCursor
    }
  }
}
    fragment ChatMessage on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
  }
  recipient {
    id
    nickname
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<ChatConversationHistoryQuery, ChatConversationHistoryQueryVariables>;
export const ChatUserDocument = new TypedDocumentString(`
    query ChatUser($nickname: String!) {
  user(nickname: $nickname) {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<ChatUserQuery, ChatUserQueryVariables>;
export const ChatCreateRoomDocument = new TypedDocumentString(`
    mutation ChatCreateRoom($name: String!, $topic: String) {
  createRoom(name: $name, topic: $topic) {
    ...ChatRoom
  }
}
    fragment ChatRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  unreadCount
}`) as unknown as TypedDocumentString<ChatCreateRoomMutation, ChatCreateRoomMutationVariables>;
export const ChatCreateGroupChatDocument = new TypedDocumentString(`
    mutation ChatCreateGroupChat($memberIds: [ID!]!, $name: String) {
  createGroupChat(memberIds: $memberIds, name: $name) {
    ...ChatRoom
  }
}
    fragment ChatRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  unreadCount
}`) as unknown as TypedDocumentString<ChatCreateGroupChatMutation, ChatCreateGroupChatMutationVariables>;
export const ChatJoinRoomDocument = new TypedDocumentString(`
    mutation ChatJoinRoom($roomId: ID!) {
  joinRoom(roomId: $roomId) {
    ...ChatRoom
  }
}
    fragment ChatRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  unreadCount
}`) as unknown as TypedDocumentString<ChatJoinRoomMutation, ChatJoinRoomMutationVariables>;
export const ChatLeaveRoomDocument = new TypedDocumentString(`
    mutation ChatLeaveRoom($roomId: ID!) {
  leaveRoom(roomId: $roomId) {
    id
  }
}
    `) as unknown as TypedDocumentString<ChatLeaveRoomMutation, ChatLeaveRoomMutationVariables>;
export const ChatPostMessageDocument = new TypedDocumentString(`
    mutation ChatPostMessage($roomId: ID!, $body: String!, $clientMessageId: String!) {
  postMessage(roomId: $roomId, body: $body, clientMessageId: $clientMessageId) {
    ...ChatMessage
  }
}
    fragment ChatMessage on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
  }
  recipient {
    id
    nickname
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<ChatPostMessageMutation, ChatPostMessageMutationVariables>;
export const ChatSendDirectMessageDocument = new TypedDocumentString(`
    mutation ChatSendDirectMessage($to: ID!, $body: String!, $clientMessageId: String!) {
  sendDirectMessage(to: $to, body: $body, clientMessageId: $clientMessageId) {
    ...ChatMessage
  }
}
    fragment ChatMessage on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
  }
  recipient {
    id
    nickname
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<ChatSendDirectMessageMutation, ChatSendDirectMessageMutationVariables>;
export const ChatEditMessageDocument = new TypedDocumentString(`
    mutation ChatEditMessage($id: ID!, $body: String!) {
  editMessage(id: $id, body: $body) {
    ...ChatMessage
  }
}
    fragment ChatMessage on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
  }
  recipient {
    id
    nickname
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<ChatEditMessageMutation, ChatEditMessageMutationVariables>;
export const ChatDeleteMessageDocument = new TypedDocumentString(`
    mutation ChatDeleteMessage($id: ID!) {
  deleteMessage(id: $id) {
    ...ChatMessage
  }
}
    fragment ChatMessage on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
  }
  recipient {
    id
    nickname
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<ChatDeleteMessageMutation, ChatDeleteMessageMutationVariables>;
export const ChatMarkReadDocument = new TypedDocumentString(`
    mutation ChatMarkRead($messageId: ID!) {
  markRead(messageId: $messageId)
}
    `) as unknown as TypedDocumentString<ChatMarkReadMutation, ChatMarkReadMutationVariables>;
export const ChatSetTypingDocument = new TypedDocumentString(`
    mutation ChatSetTyping($roomId: ID, $conversationWith: ID, $typing: Boolean!) {
  setTyping(roomId: $roomId, conversationWith: $conversationWith, typing: $typing)
}
    `) as unknown as TypedDocumentString<ChatSetTypingMutation, ChatSetTypingMutationVariables>;
export const ChatRoomMessagesDocument = new TypedDocumentString(`
    subscription ChatRoomMessages($roomId: ID!, $after: String) {
  roomMessages(roomId: $roomId, after: $after) {
    ...ChatMessage
  }
}
    fragment ChatMessage on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
  }
  recipient {
    id
    nickname
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<ChatRoomMessagesSubscription, ChatRoomMessagesSubscriptionVariables>;
export const ChatDirectMessagesDocument = new TypedDocumentString(`
    subscription ChatDirectMessages($after: String) {
  directMessages(after: $after) {
    ...ChatMessage
  }
}
    fragment ChatMessage on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
  }
  recipient {
    id
    nickname
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<ChatDirectMessagesSubscription, ChatDirectMessagesSubscriptionVariables>;
export const ChatRoomEventsDocument = new TypedDocumentString(`
    subscription ChatRoomEvents($roomId: ID!) {
  roomEvents(roomId: $roomId) {
    __typename
    ... on TypingEvent {
      user {
        id
        nickname
      }
      typing
    }
    ... on PresenceEvent {
      user {
        nickname
      }
      online
    }
    ... on MemberJoinedEvent {
      user {
        nickname
      }
    }
    ... on MemberLeftEvent {
      user {
        nickname
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ChatRoomEventsSubscription, ChatRoomEventsSubscriptionVariables>;
export const ChatConversationEventsDocument = new TypedDocumentString(`
    subscription ChatConversationEvents($with: ID!) {
  conversationEvents(with: $with) {
    user {
      id
      nickname
    }
    typing
  }
}
    `) as unknown as TypedDocumentString<ChatConversationEventsSubscription, ChatConversationEventsSubscriptionVariables>;
export const ChatReportUserDocument = new TypedDocumentString(`
    mutation ChatReportUser($userId: ID!, $reason: String!) {
  reportUser(userId: $userId, reason: $reason)
}
    `) as unknown as TypedDocumentString<ChatReportUserMutation, ChatReportUserMutationVariables>;
export const ChatBlockUserDocument = new TypedDocumentString(`
    mutation ChatBlockUser($userId: ID!) {
  blockUser(userId: $userId) {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<ChatBlockUserMutation, ChatBlockUserMutationVariables>;
export const ChatUnblockUserDocument = new TypedDocumentString(`
    mutation ChatUnblockUser($userId: ID!) {
  unblockUser(userId: $userId) {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<ChatUnblockUserMutation, ChatUnblockUserMutationVariables>;
export const ChatRemoveRoomMemberDocument = new TypedDocumentString(`
    mutation ChatRemoveRoomMember($roomId: ID!, $userId: ID!) {
  removeRoomMember(roomId: $roomId, userId: $userId) {
    id
  }
}
    `) as unknown as TypedDocumentString<ChatRemoveRoomMemberMutation, ChatRemoveRoomMemberMutationVariables>;
export const ChatBanFromRoomDocument = new TypedDocumentString(`
    mutation ChatBanFromRoom($roomId: ID!, $userId: ID!, $until: DateTime, $reason: String) {
  banFromRoom(roomId: $roomId, userId: $userId, until: $until, reason: $reason) {
    id
  }
}
    `) as unknown as TypedDocumentString<ChatBanFromRoomMutation, ChatBanFromRoomMutationVariables>;
export const ChatUnbanFromRoomDocument = new TypedDocumentString(`
    mutation ChatUnbanFromRoom($roomId: ID!, $userId: ID!) {
  unbanFromRoom(roomId: $roomId, userId: $userId) {
    id
  }
}
    `) as unknown as TypedDocumentString<ChatUnbanFromRoomMutation, ChatUnbanFromRoomMutationVariables>;
export const ChatMuteInRoomDocument = new TypedDocumentString(`
    mutation ChatMuteInRoom($roomId: ID!, $userId: ID!, $until: DateTime) {
  muteInRoom(roomId: $roomId, userId: $userId, until: $until) {
    id
  }
}
    `) as unknown as TypedDocumentString<ChatMuteInRoomMutation, ChatMuteInRoomMutationVariables>;
export const ChatUnmuteInRoomDocument = new TypedDocumentString(`
    mutation ChatUnmuteInRoom($roomId: ID!, $userId: ID!) {
  unmuteInRoom(roomId: $roomId, userId: $userId) {
    id
  }
}
    `) as unknown as TypedDocumentString<ChatUnmuteInRoomMutation, ChatUnmuteInRoomMutationVariables>;