/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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
    | { __typename: 'Room', name: string, id: string }
    | { __typename: 'User', id: string }
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