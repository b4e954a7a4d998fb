/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Who may start a direct conversation with a user (existing ones always go on). */
export type DirectMessagePolicy =
  /** Anyone signed in (who has not been blocked). */
  | 'EVERYONE'
  /** Nobody new. */
  | 'NOBODY'
  /** Only people who share a room with the user. */
  | 'SHARED_ROOMS';

export type BlockUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type BlockUserMutation = { blockUser: { id: string, viewerHasBlocked: boolean } };

export type UnblockUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type UnblockUserMutation = { unblockUser: { id: string, viewerHasBlocked: boolean } };

export type BlockedUsersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type BlockedUsersQuery = { blockedUsers: { edges: Array<{ cursor: string, node: { id: string, nickname: string, viewerHasBlocked: boolean } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MembersBlockedQueryVariables = Exact<{
  id: string | number;
}>;


export type MembersBlockedQuery = { room: { members: { edges: Array<{ node: { id: string, viewerHasBlocked: boolean } }> } } | null };

export type SetDirectMessagePolicyMutationVariables = Exact<{
  policy: DirectMessagePolicy;
}>;


export type SetDirectMessagePolicyMutation = { setDirectMessagePolicy: { id: string, directMessagePolicy: DirectMessagePolicy | null } };

export type MyPolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type MyPolicyQuery = { me: { id: string, directMessagePolicy: DirectMessagePolicy | null } | null };

export type UserPolicyQueryVariables = Exact<{
  nickname: string;
}>;


export type UserPolicyQuery = { user: { id: string, directMessagePolicy: DirectMessagePolicy | null } | null };

export type MessageCursorQueryVariables = Exact<{
  id: string | number;
}>;


export type MessageCursorQuery = { node:
    | { id: string }
    | { body: string, cursor: string, id: string }
    | { id: string }
    | { id: string }
   | null };

export type DirectStreamCursorQueryVariables = Exact<{ [key: string]: never; }>;


export type DirectStreamCursorQuery = { conversations: { liveCursor: string } };

export type DirectMessageChangesSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type DirectMessageChangesSubscription = { directMessages: { id: string, body: string, cursor: string } };

export type ConversationPageQueryVariables = Exact<{
  with: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
}>;


export type ConversationPageQuery = { conversation: { messages: { liveCursor: string, edges: Array<{ cursor: string, node: { id: string, body: string, cursor: string } }>, pageInfo: { startCursor: string | null, endCursor: string | null } } } | null };

export type RegisterMutationVariables = Exact<{
  nickname: string;
  password: string;
}>;


export type RegisterMutation = { register: { token: string, user: { id: string, nickname: string, createdAt: string } } };

export type LoginMutationVariables = Exact<{
  nickname: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string, user: { id: string, nickname: string } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type ChangeNicknameMutationVariables = Exact<{
  nickname: string;
}>;


export type ChangeNicknameMutation = { changeNickname: { id: string, nickname: string } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, nickname: string, online: boolean } | null };

export type UserByNicknameQueryVariables = Exact<{
  nickname: string;
}>;


export type UserByNicknameQuery = { user: { id: string, nickname: string } | null };

export type SearchUsersQueryVariables = Exact<{
  search: string;
  first?: number | null | undefined;
}>;


export type SearchUsersQuery = { users: Array<{ id: string, nickname: string }> };

export type ClaimNicknameMutationVariables = Exact<{
  nickname: string;
}>;


export type ClaimNicknameMutation = { claimNickname: { id: string, nickname: string } };

export type RoomMessagesSubscriptionVariables = Exact<{
  roomId: string | number;
  after?: string | null | undefined;
}>;


export type RoomMessagesSubscription = { roomMessages: { id: string, body: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string } } };

export type DirectMessagesSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type DirectMessagesSubscription = { directMessages: { id: string, body: string, cursor: string, author: { id: string }, recipient: { id: string } | null } };

export type RoomEventsSubscriptionVariables = Exact<{
  roomId: string | number;
}>;


export type RoomEventsSubscription = { roomEvents:
    | { __typename: 'MemberJoinedEvent', user: { id: string } }
    | { __typename: 'MemberLeftEvent', user: { id: string } }
    | { __typename: 'PresenceEvent', online: boolean, user: { id: string } }
    | { __typename: 'TypingEvent', typing: boolean, expiresAt: string, user: { id: string } }
   };

export type ConversationEventsSubscriptionVariables = Exact<{
  with: string | number;
}>;


export type ConversationEventsSubscription = { conversationEvents: { typing: boolean, expiresAt: string, user: { id: string } } };

export type SetTypingMutationVariables = Exact<{
  roomId?: string | number | null | undefined;
  conversationWith?: string | number | null | undefined;
  typing: boolean;
}>;


export type SetTypingMutation = { setTyping: boolean };

export type MessageFieldsFragment = { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string, name: string } | null, recipient: { id: string } | null };

export type CreateRoomMutationVariables = Exact<{
  name: string;
  topic?: string | null | undefined;
}>;


export type CreateRoomMutation = { createRoom: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null } };

export type JoinRoomMutationVariables = Exact<{
  roomId: string | number;
}>;


export type JoinRoomMutation = { joinRoom: { id: string, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null } };

export type LeaveRoomMutationVariables = Exact<{
  roomId: string | number;
}>;


export type LeaveRoomMutation = { leaveRoom: { id: string, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null } };

export type PostMessageMutationVariables = Exact<{
  roomId: string | number;
  body: string;
  clientMessageId?: string | null | undefined;
}>;


export type PostMessageMutation = { postMessage: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string, name: string } | null, recipient: { id: string } | null } };

export type SendDirectMessageMutationVariables = Exact<{
  to: string | number;
  body: string;
  clientMessageId?: string | null | undefined;
}>;


export type SendDirectMessageMutation = { sendDirectMessage: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, conversation: { id: string } | null, author: { id: string, nickname: string }, room: { id: string, name: string } | null, recipient: { id: string } | null } };

export type EditMessageMutationVariables = Exact<{
  id: string | number;
  body: string;
}>;


export type EditMessageMutation = { editMessage: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string, name: string } | null, recipient: { id: string } | null } };

export type DeleteMessageMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteMessageMutation = { deleteMessage: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string, name: string } | null, recipient: { id: string } | null } };

export type MarkReadMutationVariables = Exact<{
  messageId: string | number;
}>;


export type MarkReadMutation = { markRead: boolean };

export type RoomDetailsQueryVariables = Exact<{
  id: string | number;
}>;


export type RoomDetailsQuery = { room: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, unreadCount: number, owner: { id: string } | null } | null };

export type RoomMembersQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RoomMembersQuery = { room: { members: { edges: Array<{ node: { id: string, nickname: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type RoomHistoryQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type RoomHistoryQuery = { room: { messages: { liveCursor: string, edges: Array<{ cursor: string, node: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string, name: string } | null, recipient: { id: string } | null } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } } | null };

export type ConversationWithQueryVariables = Exact<{
  with: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ConversationWithQuery = { conversation: { id: string, unreadCount: number, peer: { id: string, nickname: string }, lastMessage: { id: string, body: string } | null, messages: { edges: Array<{ cursor: string, node: { id: string, body: string, clientMessageId: string | null, createdAt: string, editedAt: string | null, deletedAt: string | null, cursor: string, author: { id: string, nickname: string }, room: { id: string, name: string } | null, recipient: { id: string } | null } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null } } } | null };

export type ConversationsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConversationsQuery = { conversations: { edges: Array<{ cursor: string, node: { id: string, unreadCount: number, peer: { id: string, nickname: string }, lastMessage: { id: string, body: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MessageNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type MessageNodeQuery = { node:
    | { __typename: 'Conversation', id: string, peer: { id: string } }
    | { __typename: 'Message', body: string, id: string, room: { id: string } | null, recipient: { id: string } | null }
    | { __typename: 'Room', id: string }
    | { __typename: 'User', id: string }
   | null };

export type RoomByNameQueryVariables = Exact<{
  name: string;
}>;


export type RoomByNameQuery = { room: { id: string, name: string, topic: string | null, createdAt: string } | null };

export type RoomByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type RoomByIdQuery = { room: { id: string, name: string } | null };

export type RoomListQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type RoomListQuery = { rooms: { edges: Array<{ cursor: string, node: { id: string, name: string } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type NodeByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeByIdQuery = { node:
    | { __typename: 'Conversation', id: string }
    | { __typename: 'Message', id: string }
    | { __typename: 'Room', name: string, id: string }
    | { __typename: 'User', id: string }
   | null };

export type RoomDirectoryQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type RoomDirectoryQuery = { rooms: { edges: Array<{ node: { id: string, name: string, memberCount: number, viewerIsMember: boolean, unreadCount: number, owner: { id: string, nickname: string } | null } }> } };

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
export const MessageFieldsFragmentDoc = new TypedDocumentString(`
    fragment MessageFields on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
    name
  }
  recipient {
    id
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}
    `, {"fragmentName":"MessageFields"}) as unknown as TypedDocumentString<MessageFieldsFragment, unknown>;
export const BlockUserDocument = new TypedDocumentString(`
    mutation BlockUser($userId: ID!) {
  blockUser(userId: $userId) {
    id
    viewerHasBlocked
  }
}
    `) as unknown as TypedDocumentString<BlockUserMutation, BlockUserMutationVariables>;
export const UnblockUserDocument = new TypedDocumentString(`
    mutation UnblockUser($userId: ID!) {
  unblockUser(userId: $userId) {
    id
    viewerHasBlocked
  }
}
    `) as unknown as TypedDocumentString<UnblockUserMutation, UnblockUserMutationVariables>;
export const BlockedUsersDocument = new TypedDocumentString(`
    query BlockedUsers($first: Int, $after: String) {
  blockedUsers(first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        nickname
        viewerHasBlocked
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<BlockedUsersQuery, BlockedUsersQueryVariables>;
export const MembersBlockedDocument = new TypedDocumentString(`
    query MembersBlocked($id: ID!) {
  room(id: $id) {
    members(first: 50) {
      edges {
        node {
          id
          viewerHasBlocked
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MembersBlockedQuery, MembersBlockedQueryVariables>;
export const SetDirectMessagePolicyDocument = new TypedDocumentString(`
    mutation SetDirectMessagePolicy($policy: DirectMessagePolicy!) {
  setDirectMessagePolicy(policy: $policy) {
    id
    directMessagePolicy
  }
}
    `) as unknown as TypedDocumentString<SetDirectMessagePolicyMutation, SetDirectMessagePolicyMutationVariables>;
export const MyPolicyDocument = new TypedDocumentString(`
    query MyPolicy {
  me {
    id
    directMessagePolicy
  }
}
    `) as unknown as TypedDocumentString<MyPolicyQuery, MyPolicyQueryVariables>;
export const UserPolicyDocument = new TypedDocumentString(`
    query UserPolicy($nickname: String!) {
  user(nickname: $nickname) {
    id
    directMessagePolicy
  }
}
    `) as unknown as TypedDocumentString<UserPolicyQuery, UserPolicyQueryVariables>;
export const MessageCursorDocument = new TypedDocumentString(`
    query MessageCursor($id: ID!) {
  node(id: $id) {
    id
    ... on Message {
      body
      cursor
    }
  }
}
    `) as unknown as TypedDocumentString<MessageCursorQuery, MessageCursorQueryVariables>;
export const DirectStreamCursorDocument = new TypedDocumentString(`
    query DirectStreamCursor {
  conversations(first: 1) {
    liveCursor
  }
}
    `) as unknown as TypedDocumentString<DirectStreamCursorQuery, DirectStreamCursorQueryVariables>;
export const DirectMessageChangesDocument = new TypedDocumentString(`
    subscription DirectMessageChanges($after: String) {
  directMessages(after: $after) {
    id
    body
    cursor
  }
}
    `) as unknown as TypedDocumentString<DirectMessageChangesSubscription, DirectMessageChangesSubscriptionVariables>;
export const ConversationPageDocument = new TypedDocumentString(`
    query ConversationPage($with: ID!, $first: Int, $after: String, $last: Int) {
  conversation(with: $with) {
    messages(first: $first, after: $after, last: $last) {
      liveCursor
      edges {
        cursor
        node {
          id
          body
          cursor
        }
      }
      pageInfo {
        startCursor
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConversationPageQuery, ConversationPageQueryVariables>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($nickname: String!, $password: String!) {
  register(nickname: $nickname, password: $password) {
    token
    user {
      id
      nickname
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($nickname: String!, $password: String!) {
  login(nickname: $nickname, password: $password) {
    token
    user {
      id
      nickname
    }
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const ChangeNicknameDocument = new TypedDocumentString(`
    mutation ChangeNickname($nickname: String!) {
  changeNickname(nickname: $nickname) {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<ChangeNicknameMutation, ChangeNicknameMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    nickname
    online
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const UserByNicknameDocument = new TypedDocumentString(`
    query UserByNickname($nickname: String!) {
  user(nickname: $nickname) {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<UserByNicknameQuery, UserByNicknameQueryVariables>;
export const SearchUsersDocument = new TypedDocumentString(`
    query SearchUsers($search: String!, $first: Int) {
  users(search: $search, first: $first) {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<SearchUsersQuery, SearchUsersQueryVariables>;
export const ClaimNicknameDocument = new TypedDocumentString(`
    mutation ClaimNickname($nickname: String!) {
  claimNickname(nickname: $nickname) {
    id
    nickname
  }
}
    `) as unknown as TypedDocumentString<ClaimNicknameMutation, ClaimNicknameMutationVariables>;
export const RoomMessagesDocument = new TypedDocumentString(`
    subscription RoomMessages($roomId: ID!, $after: String) {
  roomMessages(roomId: $roomId, after: $after) {
    id
    body
    author {
      id
    }
    editedAt
    deletedAt
    cursor
  }
}
    `) as unknown as TypedDocumentString<RoomMessagesSubscription, RoomMessagesSubscriptionVariables>;
export const DirectMessagesDocument = new TypedDocumentString(`
    subscription DirectMessages($after: String) {
  directMessages(after: $after) {
    id
    body
    author {
      id
    }
    recipient {
      id
    }
    cursor
  }
}
    `) as unknown as TypedDocumentString<DirectMessagesSubscription, DirectMessagesSubscriptionVariables>;
export const RoomEventsDocument = new TypedDocumentString(`
    subscription RoomEvents($roomId: ID!) {
  roomEvents(roomId: $roomId) {
    __typename
    ... on TypingEvent {
      user {
        id
      }
      typing
      expiresAt
    }
    ... on PresenceEvent {
      user {
        id
      }
      online
    }
    ... on MemberJoinedEvent {
      user {
        id
      }
    }
    ... on MemberLeftEvent {
      user {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RoomEventsSubscription, RoomEventsSubscriptionVariables>;
export const ConversationEventsDocument = new TypedDocumentString(`
    subscription ConversationEvents($with: ID!) {
  conversationEvents(with: $with) {
    user {
      id
    }
    typing
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<ConversationEventsSubscription, ConversationEventsSubscriptionVariables>;
export const SetTypingDocument = new TypedDocumentString(`
    mutation SetTyping($roomId: ID, $conversationWith: ID, $typing: Boolean!) {
  setTyping(roomId: $roomId, conversationWith: $conversationWith, typing: $typing)
}
    `) as unknown as TypedDocumentString<SetTypingMutation, SetTypingMutationVariables>;
export const CreateRoomDocument = new TypedDocumentString(`
    mutation CreateRoom($name: String!, $topic: String) {
  createRoom(name: $name, topic: $topic) {
    id
    name
    topic
    memberCount
    viewerIsMember
    owner {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CreateRoomMutation, CreateRoomMutationVariables>;
export const JoinRoomDocument = new TypedDocumentString(`
    mutation JoinRoom($roomId: ID!) {
  joinRoom(roomId: $roomId) {
    id
    memberCount
    viewerIsMember
    owner {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<JoinRoomMutation, JoinRoomMutationVariables>;
export const LeaveRoomDocument = new TypedDocumentString(`
    mutation LeaveRoom($roomId: ID!) {
  leaveRoom(roomId: $roomId) {
    id
    memberCount
    viewerIsMember
    owner {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<LeaveRoomMutation, LeaveRoomMutationVariables>;
export const PostMessageDocument = new TypedDocumentString(`
    mutation PostMessage($roomId: ID!, $body: String!, $clientMessageId: String) {
  postMessage(roomId: $roomId, body: $body, clientMessageId: $clientMessageId) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
    name
  }
  recipient {
    id
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<PostMessageMutation, PostMessageMutationVariables>;
export const SendDirectMessageDocument = new TypedDocumentString(`
    mutation SendDirectMessage($to: ID!, $body: String!, $clientMessageId: String) {
  sendDirectMessage(to: $to, body: $body, clientMessageId: $clientMessageId) {
    ...MessageFields
    conversation {
      id
    }
  }
}
    fragment MessageFields on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
    name
  }
  recipient {
    id
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<SendDirectMessageMutation, SendDirectMessageMutationVariables>;
export const EditMessageDocument = new TypedDocumentString(`
    mutation EditMessage($id: ID!, $body: String!) {
  editMessage(id: $id, body: $body) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
    name
  }
  recipient {
    id
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<EditMessageMutation, EditMessageMutationVariables>;
export const DeleteMessageDocument = new TypedDocumentString(`
    mutation DeleteMessage($id: ID!) {
  deleteMessage(id: $id) {
    ...MessageFields
  }
}
    fragment MessageFields on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
    name
  }
  recipient {
    id
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<DeleteMessageMutation, DeleteMessageMutationVariables>;
export const MarkReadDocument = new TypedDocumentString(`
    mutation MarkRead($messageId: ID!) {
  markRead(messageId: $messageId)
}
    `) as unknown as TypedDocumentString<MarkReadMutation, MarkReadMutationVariables>;
export const RoomDetailsDocument = new TypedDocumentString(`
    query RoomDetails($id: ID!) {
  room(id: $id) {
    id
    name
    topic
    memberCount
    viewerIsMember
    unreadCount
    owner {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<RoomDetailsQuery, RoomDetailsQueryVariables>;
export const RoomMembersDocument = new TypedDocumentString(`
    query RoomMembers($id: ID!, $first: Int, $after: String) {
  room(id: $id) {
    members(first: $first, after: $after) {
      edges {
        node {
          id
          nickname
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RoomMembersQuery, RoomMembersQueryVariables>;
export const RoomHistoryDocument = new TypedDocumentString(`
    query RoomHistory($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  room(id: $id) {
    messages(first: $first, after: $after, last: $last, before: $before) {
      liveCursor
      edges {
        cursor
        node {
          ...MessageFields
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
}
    fragment MessageFields on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
    name
  }
  recipient {
    id
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<RoomHistoryQuery, RoomHistoryQueryVariables>;
export const ConversationWithDocument = new TypedDocumentString(`
    query ConversationWith($with: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  conversation(with: $with) {
    id
    peer {
      id
      nickname
    }
    unreadCount
    lastMessage {
      id
      body
    }
    messages(first: $first, after: $after, last: $last, before: $before) {
      edges {
        cursor
        node {
          ...MessageFields
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
    }
  }
}
    fragment MessageFields on Message {
  id
  body
  author {
    id
    nickname
  }
  room {
    id
    name
  }
  recipient {
    id
  }
  clientMessageId
  createdAt
  editedAt
  deletedAt
  cursor
}`) as unknown as TypedDocumentString<ConversationWithQuery, ConversationWithQueryVariables>;
export const ConversationsDocument = new TypedDocumentString(`
    query Conversations($first: Int, $after: String) {
  conversations(first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        peer {
          id
          nickname
        }
        unreadCount
        lastMessage {
          id
          body
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ConversationsQuery, ConversationsQueryVariables>;
export const MessageNodeDocument = new TypedDocumentString(`
    query MessageNode($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Message {
      body
      room {
        id
      }
      recipient {
        id
      }
    }
    ... on Conversation {
      peer {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MessageNodeQuery, MessageNodeQueryVariables>;
export const RoomByNameDocument = new TypedDocumentString(`
    query RoomByName($name: String!) {
  room(name: $name) {
    id
    name
    topic
    createdAt
  }
}
    `) as unknown as TypedDocumentString<RoomByNameQuery, RoomByNameQueryVariables>;
export const RoomByIdDocument = new TypedDocumentString(`
    query RoomById($id: ID!) {
  room(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<RoomByIdQuery, RoomByIdQueryVariables>;
export const RoomListDocument = new TypedDocumentString(`
    query RoomList($first: Int, $after: String, $last: Int, $before: String) {
  rooms(first: $first, after: $after, last: $last, before: $before) {
    edges {
      cursor
      node {
        id
        name
      }
    }
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<RoomListQuery, RoomListQueryVariables>;
export const NodeByIdDocument = new TypedDocumentString(`
    query NodeById($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Room {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<NodeByIdQuery, NodeByIdQueryVariables>;
export const RoomDirectoryDocument = new TypedDocumentString(`
    query RoomDirectory($first: Int) {
  rooms(first: $first) {
    edges {
      node {
        id
        name
        memberCount
        viewerIsMember
        unreadCount
        owner {
          id
          nickname
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RoomDirectoryQuery, RoomDirectoryQueryVariables>;