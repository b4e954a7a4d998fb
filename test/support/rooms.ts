import {
  CreateRoomDocument,
  JoinRoomDocument,
  PostMessageDocument,
  RoomHistoryDocument,
  type RoomHistoryQuery,
  SendDirectMessageDocument,
} from '../generated/graphql.js';
import { type Account, dataOf, freshRoomName, signUp } from './accounts.js';
import { type GraphQLResponse, graphqlRequest, type TestServer } from './server.js';

/** A room owned by a new user, with `guests` more members. */
export async function roomWithMembers(server: TestServer, guests = 1) {
  const owner = await signUp(server);
  const room = dataOf(
    await server.request(CreateRoomDocument, { name: freshRoomName() }, owner),
    'createRoom',
  );
  const members: Account[] = [];
  for (let i = 0; i < guests; i += 1) {
    const member = await signUp(server);
    await server.request(JoinRoomDocument, { roomId: room.id }, member);
    members.push(member);
  }
  return { room, owner, members };
}

export async function post(server: TestServer, who: Account, roomId: string, body: string) {
  return dataOf(await server.request(PostMessageDocument, { roomId, body }, who), 'postMessage');
}

export async function sendDirect(server: TestServer, from: Account, to: Account, body: string) {
  return dataOf(
    await server.request(SendDirectMessageDocument, { to: to.user.id, body }, from),
    'sendDirectMessage',
  );
}

/** Every message of a room, oldest first, read back page by page through the API. */
export async function committedSequence(
  baseUrl: string,
  viewer: { token: string },
  roomId: string,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null | undefined = null;
  for (;;) {
    const response: GraphQLResponse<RoomHistoryQuery> = await graphqlRequest(
      baseUrl,
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
  baseUrl: string,
  viewer: { token: string },
  roomId: string,
): Promise<string> {
  const response: GraphQLResponse<RoomHistoryQuery> = await graphqlRequest(
    baseUrl,
    RoomHistoryDocument,
    { id: roomId, last: 1 },
    viewer,
  );
  return dataOf(response, 'room').messages.liveCursor;
}
