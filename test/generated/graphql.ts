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

/** A member’s rank in a room: OWNER > MODERATOR > MEMBER. */
export type RoomRole =
  /** Reads and posts. */
  | 'MEMBER'
  /** Removes, bans and mutes members, deletes any message, renames the room. */
  | 'MODERATOR'
  /** Sets roles; moderates everyone. One per room (none for `general`). */
  | 'OWNER';

/** Who can find and join a room. */
export type RoomVisibility =
  /** Exists only for its members: for anyone else its id is NOT_FOUND on every path, as if it never existed. Members are added (`addRoomMembers`), never join by themselves. */
  | 'PRIVATE'
  /** Listed in `rooms`, found by name; anyone signed in may join and leave it. */
  | 'PUBLIC';

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

export type GroupRoomFieldsFragment = { id: string, name: string, topic: string | null, visibility: RoomVisibility, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null };

export type CreatePrivateRoomMutationVariables = Exact<{
  name?: string | null | undefined;
  topic?: string | null | undefined;
  memberIds?: Array<string | number> | string | number | null | undefined;
}>;


export type CreatePrivateRoomMutation = { createRoom: { id: string, name: string, topic: string | null, visibility: RoomVisibility, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null } };

export type CreateRoomWithMembersMutationVariables = Exact<{
  name?: string | null | undefined;
  visibility?: RoomVisibility | null | undefined;
  memberIds?: Array<string | number> | string | number | null | undefined;
}>;


export type CreateRoomWithMembersMutation = { createRoom: { id: string, name: string, topic: string | null, visibility: RoomVisibility, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null } };

export type CreateGroupChatMutationVariables = Exact<{
  memberIds: Array<string | number> | string | number;
  name?: string | null | undefined;
}>;


export type CreateGroupChatMutation = { createGroupChat: { id: string, name: string, topic: string | null, visibility: RoomVisibility, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null } };

export type AddRoomMembersMutationVariables = Exact<{
  roomId: string | number;
  userIds: Array<string | number> | string | number;
}>;


export type AddRoomMembersMutation = { addRoomMembers: { id: string, name: string, topic: string | null, visibility: RoomVisibility, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null } };

export type GroupRoomByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type GroupRoomByIdQuery = { room: { id: string, name: string, topic: string | null, visibility: RoomVisibility, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null } | null };

export type GroupRoomByNameQueryVariables = Exact<{
  name: string;
}>;


export type GroupRoomByNameQuery = { room: { id: string, name: string, topic: string | null, visibility: RoomVisibility, memberCount: number, viewerIsMember: boolean, owner: { id: string } | null } | null };

export type RoomNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type RoomNodeQuery = { node:
    | { id: string }
    | { id: string }
    | { name: string, id: string }
    | { id: string }
   | null };

export type InboxQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type InboxQuery = { inbox: { edges: Array<{ cursor: string, lastActivityAt: string, node:
        | { __typename: 'Conversation', id: string, unreadCount: number, peer: { id: string, nickname: string } }
        | { __typename: 'Room', id: string, name: string, visibility: RoomVisibility, unreadCount: number }
       }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

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
    | { __typename: 'MemberMutedEvent' }
    | { __typename: 'MemberRemovedEvent' }
    | { __typename: 'MemberRoleChangedEvent' }
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

export type ModeratedRoomFragment = { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, viewerRole: RoomRole | null, owner: { id: string } | null };

export type RoomRolesQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RoomRolesQuery = { room: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, viewerRole: RoomRole | null, memberships: { edges: Array<{ cursor: string, node: { role: RoomRole, joinedAt: string, muted: boolean, mutedUntil: string | null, user: { id: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, owner: { id: string } | null } | null };

export type RemoveRoomMemberMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
}>;


export type RemoveRoomMemberMutation = { removeRoomMember: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, viewerRole: RoomRole | null, owner: { id: string } | null } };

export type BanFromRoomMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
  until?: string | null | undefined;
  reason?: string | null | undefined;
}>;


export type BanFromRoomMutation = { banFromRoom: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, viewerRole: RoomRole | null, owner: { id: string } | null } };

export type UnbanFromRoomMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
}>;


export type UnbanFromRoomMutation = { unbanFromRoom: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, viewerRole: RoomRole | null, owner: { id: string } | null } };

export type MuteInRoomMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
  until?: string | null | undefined;
}>;


export type MuteInRoomMutation = { muteInRoom: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, viewerRole: RoomRole | null, owner: { id: string } | null } };

export type UnmuteInRoomMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
}>;


export type UnmuteInRoomMutation = { unmuteInRoom: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, viewerRole: RoomRole | null, owner: { id: string } | null } };

export type SetRoomRoleMutationVariables = Exact<{
  roomId: string | number;
  userId: string | number;
  role: RoomRole;
}>;


export type SetRoomRoleMutation = { setRoomRole: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, viewerRole: RoomRole | null, owner: { id: string } | null } };

export type UpdateRoomMutationVariables = Exact<{
  roomId: string | number;
  name?: string | null | undefined;
  topic?: string | null | undefined;
}>;


export type UpdateRoomMutation = { updateRoom: { id: string, name: string, topic: string | null, memberCount: number, viewerIsMember: boolean, viewerRole: RoomRole | null, owner: { id: string } | null } };

export type ModerationEventsSubscriptionVariables = Exact<{
  roomId: string | number;
}>;


export type ModerationEventsSubscription = { roomEvents:
    | { __typename: 'MemberJoinedEvent' }
    | { __typename: 'MemberLeftEvent' }
    | { __typename: 'MemberMutedEvent', muted: boolean, until: string | null, user: { id: string } }
    | { __typename: 'MemberRemovedEvent', banned: boolean, user: { id: string }, by: { id: string } }
    | { __typename: 'MemberRoleChangedEvent', role: RoomRole, user: { id: string } }
    | { __typename: 'PresenceEvent' }
    | { __typename: 'TypingEvent' }
   };

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

export type ReportMessageMutationVariables = Exact<{
  messageId: string | number;
  reason: string;
}>;


export type ReportMessageMutation = { reportMessage: boolean };

export type ReportUserMutationVariables = Exact<{
  userId: string | number;
  reason: string;
}>;


export type ReportUserMutation = { reportUser: boolean };

export type ReportsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  open?: boolean | null | undefined;
}>;


export type ReportsQuery = { reports: { edges: Array<{ cursor: string, node: { id: string, reason: string, resolvedAt: string | null, resolution: string | null, reporter: { id: string, nickname: string } | null, user: { id: string, nickname: string } | null, resolvedBy: { id: string } | null, message: { id: string, body: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ResolveReportMutationVariables = Exact<{
  reportId: string | number;
  deleteMessage?: boolean | null | undefined;
  suspendUntil?: string | null | undefined;
}>;


export type ResolveReportMutation = { resolveReport: { id: string, resolvedAt: string | null, resolution: string | null, resolvedBy: { id: string } | null, message: { id: string, body: string } | null } };

export type SuspendUserMutationVariables = Exact<{
  userId: string | number;
  until?: string | null | undefined;
  reason?: string | null | undefined;
}>;


export type SuspendUserMutation = { suspendUser: { id: string } };

export type UnsuspendUserMutationVariables = Exact<{
  userId: string | number;
}>;


export type UnsuspendUserMutation = { unsuspendUser: { id: string } };

export type AdminActionsQueryVariables = Exact<{
  first?: number | null | undefined;
  last?: number | null | undefined;
}>;


export type AdminActionsQuery = { adminActions: { edges: Array<{ node: { action: string, detail: string | null, createdAt: string, reportId: string | null, admin: { id: string } | null, targetUser: { id: string } | null } }> } };

export type DeleteAccountMutationVariables = Exact<{
  password?: string | null | undefined;
}>;


export type DeleteAccountMutation = { deleteAccount: boolean };

export type ExportMyDataQueryVariables = Exact<{
  messagesAfter?: number | null | undefined;
}>;


export type ExportMyDataQuery = { exportMyData: string };

export type UserSafetyQueryVariables = Exact<{
  nickname: string;
}>;


export type UserSafetyQuery = { user: { id: string, nickname: string, isAdmin: boolean, deleted: boolean } | null };

export type MeSafetyQueryVariables = Exact<{ [key: string]: never; }>;


export type MeSafetyQuery = { me: { id: string, nickname: string, isAdmin: boolean, deleted: boolean } | null };

export type MessageAuthorQueryVariables = Exact<{
  id: string | number;
}>;


export type MessageAuthorQuery = { node:
    | { id: string, body: string, deletedAt: string | null, author: { id: string, nickname: string, deleted: boolean } }
    | Record<PropertyKey, never>
   | null };

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
export const GroupRoomFieldsFragmentDoc = new TypedDocumentString(`
    fragment GroupRoomFields on Room {
  id
  name
  topic
  visibility
  memberCount
  viewerIsMember
  owner {
    id
  }
}
    `, {"fragmentName":"GroupRoomFields"}) as unknown as TypedDocumentString<GroupRoomFieldsFragment, unknown>;
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
export const ModeratedRoomFragmentDoc = new TypedDocumentString(`
    fragment ModeratedRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  viewerRole
  owner {
    id
  }
}
    `, {"fragmentName":"ModeratedRoom"}) as unknown as TypedDocumentString<ModeratedRoomFragment, unknown>;
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
export const CreatePrivateRoomDocument = new TypedDocumentString(`
    mutation CreatePrivateRoom($name: String, $topic: String, $memberIds: [ID!]) {
  createRoom(
    name: $name
    topic: $topic
    visibility: PRIVATE
    memberIds: $memberIds
  ) {
    ...GroupRoomFields
  }
}
    fragment GroupRoomFields on Room {
  id
  name
  topic
  visibility
  memberCount
  viewerIsMember
  owner {
    id
  }
}`) as unknown as TypedDocumentString<CreatePrivateRoomMutation, CreatePrivateRoomMutationVariables>;
export const CreateRoomWithMembersDocument = new TypedDocumentString(`
    mutation CreateRoomWithMembers($name: String, $visibility: RoomVisibility, $memberIds: [ID!]) {
  createRoom(name: $name, visibility: $visibility, memberIds: $memberIds) {
    ...GroupRoomFields
  }
}
    fragment GroupRoomFields on Room {
  id
  name
  topic
  visibility
  memberCount
  viewerIsMember
  owner {
    id
  }
}`) as unknown as TypedDocumentString<CreateRoomWithMembersMutation, CreateRoomWithMembersMutationVariables>;
export const CreateGroupChatDocument = new TypedDocumentString(`
    mutation CreateGroupChat($memberIds: [ID!]!, $name: String) {
  createGroupChat(memberIds: $memberIds, name: $name) {
    ...GroupRoomFields
  }
}
    fragment GroupRoomFields on Room {
  id
  name
  topic
  visibility
  memberCount
  viewerIsMember
  owner {
    id
  }
}`) as unknown as TypedDocumentString<CreateGroupChatMutation, CreateGroupChatMutationVariables>;
export const AddRoomMembersDocument = new TypedDocumentString(`
    mutation AddRoomMembers($roomId: ID!, $userIds: [ID!]!) {
  addRoomMembers(roomId: $roomId, userIds: $userIds) {
    ...GroupRoomFields
  }
}
    fragment GroupRoomFields on Room {
  id
  name
  topic
  visibility
  memberCount
  viewerIsMember
  owner {
    id
  }
}`) as unknown as TypedDocumentString<AddRoomMembersMutation, AddRoomMembersMutationVariables>;
export const GroupRoomByIdDocument = new TypedDocumentString(`
    query GroupRoomById($id: ID!) {
  room(id: $id) {
    ...GroupRoomFields
  }
}
    fragment GroupRoomFields on Room {
  id
  name
  topic
  visibility
  memberCount
  viewerIsMember
  owner {
    id
  }
}`) as unknown as TypedDocumentString<GroupRoomByIdQuery, GroupRoomByIdQueryVariables>;
export const GroupRoomByNameDocument = new TypedDocumentString(`
    query GroupRoomByName($name: String!) {
  room(name: $name) {
    ...GroupRoomFields
  }
}
    fragment GroupRoomFields on Room {
  id
  name
  topic
  visibility
  memberCount
  viewerIsMember
  owner {
    id
  }
}`) as unknown as TypedDocumentString<GroupRoomByNameQuery, GroupRoomByNameQueryVariables>;
export const RoomNodeDocument = new TypedDocumentString(`
    query RoomNode($id: ID!) {
  node(id: $id) {
    id
    ... on Room {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<RoomNodeQuery, RoomNodeQueryVariables>;
export const InboxDocument = new TypedDocumentString(`
    query Inbox($first: Int, $after: String) {
  inbox(first: $first, after: $after) {
    edges {
      cursor
      lastActivityAt
      node {
        __typename
        ... on Room {
          id
          name
          visibility
          unreadCount
        }
        ... on Conversation {
          id
          unreadCount
          peer {
            id
            nickname
          }
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<InboxQuery, InboxQueryVariables>;
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
export const RoomRolesDocument = new TypedDocumentString(`
    query RoomRoles($id: ID!, $first: Int, $after: String) {
  room(id: $id) {
    ...ModeratedRoom
    memberships(first: $first, after: $after) {
      edges {
        cursor
        node {
          user {
            id
          }
          role
          joinedAt
          muted
          mutedUntil
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment ModeratedRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  viewerRole
  owner {
    id
  }
}`) as unknown as TypedDocumentString<RoomRolesQuery, RoomRolesQueryVariables>;
export const RemoveRoomMemberDocument = new TypedDocumentString(`
    mutation RemoveRoomMember($roomId: ID!, $userId: ID!) {
  removeRoomMember(roomId: $roomId, userId: $userId) {
    ...ModeratedRoom
  }
}
    fragment ModeratedRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  viewerRole
  owner {
    id
  }
}`) as unknown as TypedDocumentString<RemoveRoomMemberMutation, RemoveRoomMemberMutationVariables>;
export const BanFromRoomDocument = new TypedDocumentString(`
    mutation BanFromRoom($roomId: ID!, $userId: ID!, $until: DateTime, $reason: String) {
  banFromRoom(roomId: $roomId, userId: $userId, until: $until, reason: $reason) {
    ...ModeratedRoom
  }
}
    fragment ModeratedRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  viewerRole
  owner {
    id
  }
}`) as unknown as TypedDocumentString<BanFromRoomMutation, BanFromRoomMutationVariables>;
export const UnbanFromRoomDocument = new TypedDocumentString(`
    mutation UnbanFromRoom($roomId: ID!, $userId: ID!) {
  unbanFromRoom(roomId: $roomId, userId: $userId) {
    ...ModeratedRoom
  }
}
    fragment ModeratedRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  viewerRole
  owner {
    id
  }
}`) as unknown as TypedDocumentString<UnbanFromRoomMutation, UnbanFromRoomMutationVariables>;
export const MuteInRoomDocument = new TypedDocumentString(`
    mutation MuteInRoom($roomId: ID!, $userId: ID!, $until: DateTime) {
  muteInRoom(roomId: $roomId, userId: $userId, until: $until) {
    ...ModeratedRoom
  }
}
    fragment ModeratedRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  viewerRole
  owner {
    id
  }
}`) as unknown as TypedDocumentString<MuteInRoomMutation, MuteInRoomMutationVariables>;
export const UnmuteInRoomDocument = new TypedDocumentString(`
    mutation UnmuteInRoom($roomId: ID!, $userId: ID!) {
  unmuteInRoom(roomId: $roomId, userId: $userId) {
    ...ModeratedRoom
  }
}
    fragment ModeratedRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  viewerRole
  owner {
    id
  }
}`) as unknown as TypedDocumentString<UnmuteInRoomMutation, UnmuteInRoomMutationVariables>;
export const SetRoomRoleDocument = new TypedDocumentString(`
    mutation SetRoomRole($roomId: ID!, $userId: ID!, $role: RoomRole!) {
  setRoomRole(roomId: $roomId, userId: $userId, role: $role) {
    ...ModeratedRoom
  }
}
    fragment ModeratedRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  viewerRole
  owner {
    id
  }
}`) as unknown as TypedDocumentString<SetRoomRoleMutation, SetRoomRoleMutationVariables>;
export const UpdateRoomDocument = new TypedDocumentString(`
    mutation UpdateRoom($roomId: ID!, $name: String, $topic: String) {
  updateRoom(roomId: $roomId, name: $name, topic: $topic) {
    ...ModeratedRoom
  }
}
    fragment ModeratedRoom on Room {
  id
  name
  topic
  memberCount
  viewerIsMember
  viewerRole
  owner {
    id
  }
}`) as unknown as TypedDocumentString<UpdateRoomMutation, UpdateRoomMutationVariables>;
export const ModerationEventsDocument = new TypedDocumentString(`
    subscription ModerationEvents($roomId: ID!) {
  roomEvents(roomId: $roomId) {
    __typename
    ... on MemberRemovedEvent {
      user {
        id
      }
      by {
        id
      }
      banned
    }
    ... on MemberRoleChangedEvent {
      user {
        id
      }
      role
    }
    ... on MemberMutedEvent {
      user {
        id
      }
      muted
      until
    }
  }
}
    `) as unknown as TypedDocumentString<ModerationEventsSubscription, ModerationEventsSubscriptionVariables>;
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
export const ReportMessageDocument = new TypedDocumentString(`
    mutation ReportMessage($messageId: ID!, $reason: String!) {
  reportMessage(messageId: $messageId, reason: $reason)
}
    `) as unknown as TypedDocumentString<ReportMessageMutation, ReportMessageMutationVariables>;
export const ReportUserDocument = new TypedDocumentString(`
    mutation ReportUser($userId: ID!, $reason: String!) {
  reportUser(userId: $userId, reason: $reason)
}
    `) as unknown as TypedDocumentString<ReportUserMutation, ReportUserMutationVariables>;
export const ReportsDocument = new TypedDocumentString(`
    query Reports($first: Int, $after: String, $open: Boolean) {
  reports(first: $first, after: $after, open: $open) {
    edges {
      cursor
      node {
        id
        reason
        resolvedAt
        resolution
        reporter {
          id
          nickname
        }
        user {
          id
          nickname
        }
        resolvedBy {
          id
        }
        message {
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
    `) as unknown as TypedDocumentString<ReportsQuery, ReportsQueryVariables>;
export const ResolveReportDocument = new TypedDocumentString(`
    mutation ResolveReport($reportId: ID!, $deleteMessage: Boolean, $suspendUntil: DateTime) {
  resolveReport(
    reportId: $reportId
    deleteMessage: $deleteMessage
    suspendUntil: $suspendUntil
  ) {
    id
    resolvedAt
    resolution
    resolvedBy {
      id
    }
    message {
      id
      body
    }
  }
}
    `) as unknown as TypedDocumentString<ResolveReportMutation, ResolveReportMutationVariables>;
export const SuspendUserDocument = new TypedDocumentString(`
    mutation SuspendUser($userId: ID!, $until: DateTime, $reason: String) {
  suspendUser(userId: $userId, until: $until, reason: $reason) {
    id
  }
}
    `) as unknown as TypedDocumentString<SuspendUserMutation, SuspendUserMutationVariables>;
export const UnsuspendUserDocument = new TypedDocumentString(`
    mutation UnsuspendUser($userId: ID!) {
  unsuspendUser(userId: $userId) {
    id
  }
}
    `) as unknown as TypedDocumentString<UnsuspendUserMutation, UnsuspendUserMutationVariables>;
export const AdminActionsDocument = new TypedDocumentString(`
    query AdminActions($first: Int, $last: Int) {
  adminActions(first: $first, last: $last) {
    edges {
      node {
        action
        detail
        createdAt
        admin {
          id
        }
        targetUser {
          id
        }
        reportId
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminActionsQuery, AdminActionsQueryVariables>;
export const DeleteAccountDocument = new TypedDocumentString(`
    mutation DeleteAccount($password: String) {
  deleteAccount(password: $password)
}
    `) as unknown as TypedDocumentString<DeleteAccountMutation, DeleteAccountMutationVariables>;
export const ExportMyDataDocument = new TypedDocumentString(`
    query ExportMyData($messagesAfter: Int) {
  exportMyData(messagesAfter: $messagesAfter)
}
    `) as unknown as TypedDocumentString<ExportMyDataQuery, ExportMyDataQueryVariables>;
export const UserSafetyDocument = new TypedDocumentString(`
    query UserSafety($nickname: String!) {
  user(nickname: $nickname) {
    id
    nickname
    isAdmin
    deleted
  }
}
    `) as unknown as TypedDocumentString<UserSafetyQuery, UserSafetyQueryVariables>;
export const MeSafetyDocument = new TypedDocumentString(`
    query MeSafety {
  me {
    id
    nickname
    isAdmin
    deleted
  }
}
    `) as unknown as TypedDocumentString<MeSafetyQuery, MeSafetyQueryVariables>;
export const MessageAuthorDocument = new TypedDocumentString(`
    query MessageAuthor($id: ID!) {
  node(id: $id) {
    ... on Message {
      id
      body
      deletedAt
      author {
        id
        nickname
        deleted
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MessageAuthorQuery, MessageAuthorQueryVariables>;