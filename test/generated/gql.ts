/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation Register($nickname: String!, $password: String!) {\n  register(nickname: $nickname, password: $password) {\n    token\n    user {\n      id\n      nickname\n      createdAt\n    }\n  }\n}\n\nmutation Login($nickname: String!, $password: String!) {\n  login(nickname: $nickname, password: $password) {\n    token\n    user {\n      id\n      nickname\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation ChangeNickname($nickname: String!) {\n  changeNickname(nickname: $nickname) {\n    id\n    nickname\n  }\n}\n\nquery Me {\n  me {\n    id\n    nickname\n    online\n  }\n}\n\nquery UserByNickname($nickname: String!) {\n  user(nickname: $nickname) {\n    id\n    nickname\n  }\n}\n\nquery SearchUsers($search: String!, $first: Int) {\n  users(search: $search, first: $first) {\n    id\n    nickname\n  }\n}": typeof types.RegisterDocument,
    "query RoomByName($name: String!) {\n  room(name: $name) {\n    id\n    name\n    topic\n    createdAt\n  }\n}\n\nquery RoomById($id: ID!) {\n  room(id: $id) {\n    id\n    name\n  }\n}\n\nquery RoomList($first: Int, $after: String, $last: Int, $before: String) {\n  rooms(first: $first, after: $after, last: $last, before: $before) {\n    edges {\n      cursor\n      node {\n        id\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n  }\n}\n\nquery NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Room {\n      name\n    }\n  }\n}": typeof types.RoomByNameDocument,
};
const documents: Documents = {
    "mutation Register($nickname: String!, $password: String!) {\n  register(nickname: $nickname, password: $password) {\n    token\n    user {\n      id\n      nickname\n      createdAt\n    }\n  }\n}\n\nmutation Login($nickname: String!, $password: String!) {\n  login(nickname: $nickname, password: $password) {\n    token\n    user {\n      id\n      nickname\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation ChangeNickname($nickname: String!) {\n  changeNickname(nickname: $nickname) {\n    id\n    nickname\n  }\n}\n\nquery Me {\n  me {\n    id\n    nickname\n    online\n  }\n}\n\nquery UserByNickname($nickname: String!) {\n  user(nickname: $nickname) {\n    id\n    nickname\n  }\n}\n\nquery SearchUsers($search: String!, $first: Int) {\n  users(search: $search, first: $first) {\n    id\n    nickname\n  }\n}": types.RegisterDocument,
    "query RoomByName($name: String!) {\n  room(name: $name) {\n    id\n    name\n    topic\n    createdAt\n  }\n}\n\nquery RoomById($id: ID!) {\n  room(id: $id) {\n    id\n    name\n  }\n}\n\nquery RoomList($first: Int, $after: String, $last: Int, $before: String) {\n  rooms(first: $first, after: $after, last: $last, before: $before) {\n    edges {\n      cursor\n      node {\n        id\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n  }\n}\n\nquery NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Room {\n      name\n    }\n  }\n}": types.RoomByNameDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Register($nickname: String!, $password: String!) {\n  register(nickname: $nickname, password: $password) {\n    token\n    user {\n      id\n      nickname\n      createdAt\n    }\n  }\n}\n\nmutation Login($nickname: String!, $password: String!) {\n  login(nickname: $nickname, password: $password) {\n    token\n    user {\n      id\n      nickname\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation ChangeNickname($nickname: String!) {\n  changeNickname(nickname: $nickname) {\n    id\n    nickname\n  }\n}\n\nquery Me {\n  me {\n    id\n    nickname\n    online\n  }\n}\n\nquery UserByNickname($nickname: String!) {\n  user(nickname: $nickname) {\n    id\n    nickname\n  }\n}\n\nquery SearchUsers($search: String!, $first: Int) {\n  users(search: $search, first: $first) {\n    id\n    nickname\n  }\n}"): typeof import('./graphql.js').RegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RoomByName($name: String!) {\n  room(name: $name) {\n    id\n    name\n    topic\n    createdAt\n  }\n}\n\nquery RoomById($id: ID!) {\n  room(id: $id) {\n    id\n    name\n  }\n}\n\nquery RoomList($first: Int, $after: String, $last: Int, $before: String) {\n  rooms(first: $first, after: $after, last: $last, before: $before) {\n    edges {\n      cursor\n      node {\n        id\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n  }\n}\n\nquery NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Room {\n      name\n    }\n  }\n}"): typeof import('./graphql.js').RoomByNameDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
