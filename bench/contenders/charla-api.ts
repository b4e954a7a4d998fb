/** The few Charla operations the harness needs to set a benchmark up, over HTTP. */

type GraphQLAnswer<T> = { data?: T; errors?: { message: string }[] };

/** Runs one operation; throws with the server's messages when it answers errors. */
export async function charlaRequest<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await response.json()) as GraphQLAnswer<T>;
  if (answer.errors?.length || !answer.data) {
    throw new Error(
      `Charla answered ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`,
    );
  }
  return answer.data;
}

export type BenchUser = { token: string; userId: string };

/** Bench password: registration costs one argon2id hash (about 25 ms), whatever it is. */
const PASSWORD = 'benchmark-password';

/** Registers `count` users named `<prefix>0`, `<prefix>1`, … one after the other. */
export async function registerUsers(
  baseUrl: string,
  count: number,
  prefix: string,
): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  for (let index = 0; index < count; index++) {
    const { register } = await charlaRequest<{
      register: { token: string; user: { id: string } };
    }>(
      baseUrl,
      'mutation ($nickname: String!, $password: String!) { register(nickname: $nickname, password: $password) { token user { id } } }',
      { nickname: `${prefix}${index}`, password: PASSWORD },
    );
    users.push({ token: register.token, userId: register.user.id });
  }
  return users;
}

/** Creates a room as `owner`; answers its global id. */
export async function createRoom(baseUrl: string, owner: BenchUser, name: string): Promise<string> {
  const { createRoom } = await charlaRequest<{ createRoom: { id: string } }>(
    baseUrl,
    'mutation ($name: String!) { createRoom(name: $name) { id } }',
    { name },
    owner.token,
  );
  return createRoom.id;
}

export async function joinRoom(baseUrl: string, user: BenchUser, roomId: string): Promise<void> {
  await charlaRequest(
    baseUrl,
    'mutation ($roomId: ID!) { joinRoom(roomId: $roomId) { id } }',
    { roomId },
    user.token,
  );
}

/** `blocker` blocks `blocked` (the fan-out's `--blocking` option). */
export async function blockUser(
  baseUrl: string,
  blocker: BenchUser,
  blocked: BenchUser,
): Promise<void> {
  await charlaRequest(
    baseUrl,
    'mutation ($userId: ID!) { blockUser(userId: $userId) { id } }',
    { userId: blocked.userId },
    blocker.token,
  );
}

/** The posting mutation, as the fan-out publisher and the posting load send it. */
export const POST_MESSAGE =
  'mutation ($roomId: ID!, $body: String!) { postMessage(roomId: $roomId, body: $body) { id } }';

/** What each fan-out subscriber asks for (as a chat client would). */
export const ROOM_MESSAGES =
  'subscription ($roomId: ID!) { roomMessages(roomId: $roomId) { id body author { id nickname } createdAt cursor } }';
