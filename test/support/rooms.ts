import {
  CreateRoomDocument,
  JoinRoomDocument,
  PostMessageDocument,
  RoomHistoryDocument,
  type RoomHistoryQuery,
  SendDirectMessageDocument,
} from '../generated/graphql.js';
import { type Account, dataOf, freshNickname, freshRoomName, signUp } from './accounts.js';
import { type Endpoint, type GraphQLResponse, graphqlRequest } from './endpoint.js';

/** A new room named `name`, created by `owner` through the API of `endpoint`. */
export async function createRoom(
  endpoint: Endpoint,
  owner: { token: string },
  name = freshRoomName(),
) {
  return dataOf(
    await graphqlRequest(endpoint.url, CreateRoomDocument, { name }, owner),
    'createRoom',
  );
}

/** `who` joins the room; fails the test if the server refuses. */
export async function joinRoom(endpoint: Endpoint, who: { token: string }, roomId: string) {
  return dataOf(await graphqlRequest(endpoint.url, JoinRoomDocument, { roomId }, who), 'joinRoom');
}

/**
 * A room owned by a new user, with `guests` more members, all made through the API of
 * `endpoint`. `prefix` starts every nickname and the room's name (to tell tests apart in logs).
 */
export async function roomWithMembers(endpoint: Endpoint, guests = 1, prefix?: string) {
  const owner = await signUp(endpoint, freshNickname(prefix));
  const room = await createRoom(endpoint, owner, freshRoomName(prefix));
  const members: Account[] = [];
  for (let i = 0; i < guests; i += 1) {
    const member = await signUp(endpoint, freshNickname(prefix));
    await joinRoom(endpoint, member, room.id);
    members.push(member);
  }
  return { room, owner, members };
}

export async function post(endpoint: Endpoint, who: Account, roomId: string, body: string) {
  return dataOf(
    await graphqlRequest(endpoint.url, PostMessageDocument, { roomId, body }, who),
    'postMessage',
  );
}

export async function sendDirect(
  endpoint: Endpoint,
  from: { token: string },
  to: { user: { id: string } },
  body: string,
) {
  return dataOf(
    await graphqlRequest(endpoint.url, SendDirectMessageDocument, { to: to.user.id, body }, from),
    'sendDirectMessage',
  );
}

/** Every message of a room, oldest first, read back page by page through the API. */
export async function committedSequence(
  endpoint: Endpoint,
  viewer: { token: string },
  roomId: string,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null | undefined = null;
  for (;;) {
    const response: GraphQLResponse<RoomHistoryQuery> = await graphqlRequest(
      endpoint.url,
      RoomHistoryDocument,
      { id: roomId, first: 100, after },
      viewer,
    );
    const page = dataOf(response, 'room').messages;
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
}

/** The room's `liveCursor`: subscribing after it misses nothing from this moment on. */
export async function liveCursorOf(
  endpoint: Endpoint,
  viewer: { token: string },
  roomId: string,
): Promise<string> {
  const response: GraphQLResponse<RoomHistoryQuery> = await graphqlRequest(
    endpoint.url,
    RoomHistoryDocument,
    { id: roomId, last: 1 },
    viewer,
  );
  return dataOf(response, 'room').messages.liveCursor;
}
