import {
  CreateRoomDocument,
  JoinRoomDocument,
  PostMessageDocument,
  SendDirectMessageDocument,
} from '../generated/graphql.js';
import { type Account, dataOf, freshRoomName, signUp } from './accounts.js';
import type { TestServer } from './server.js';

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
