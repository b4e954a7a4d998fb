/**
 * Signing in over plain HTTP, before any socket: register, log in, and "who am I" for a stored
 * or company token.
 */
import {
  ChatClaimNicknameDocument,
  type ChatClaimNicknameMutation,
  ChatLoginDocument,
  type ChatLoginMutation,
  ChatMeDocument,
  type ChatMeQuery,
  ChatRegisterDocument,
  type ChatRegisterMutation,
} from './generated/graphql.js';
import { CharlaError } from './resume.js';

type Response<T> = {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

/** POSTs one operation; throws a CharlaError for GraphQL errors and unreachable servers. */
export async function post<T>(
  server: string,
  document: { toString(): string },
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  let response: Response<T>;
  try {
    const answer = await fetch(server, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query: String(document), variables }),
      signal: AbortSignal.timeout(15_000),
    });
    response = (await answer.json()) as Response<T>;
  } catch {
    throw new CharlaError('NETWORK', 'the server is unreachable');
  }
  const first = response.errors?.[0];
  if (first || !response.data) {
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'UNKNOWN';
    const retryAfterMs = first?.extensions?.retryAfterMs;
    throw new CharlaError(
      code,
      first?.message ?? 'no answer',
      typeof retryAfterMs === 'number' ? retryAfterMs : undefined,
    );
  }
  return response.data;
}

export type SignedIn = { token: string; user: { id: string; nickname: string } };

export async function register(server: string, nickname: string, password: string) {
  return (await post<ChatRegisterMutation>(server, ChatRegisterDocument, { nickname, password }))
    .register as SignedIn;
}

export async function login(server: string, nickname: string, password: string) {
  return (await post<ChatLoginMutation>(server, ChatLoginDocument, { nickname, password }))
    .login as SignedIn;
}

/** The token's user, or null when the server does not accept the token. */
export async function whoAmI(server: string, token: string) {
  try {
    return (await post<ChatMeQuery>(server, ChatMeDocument, {}, token)).me;
  } catch (error) {
    if (error instanceof CharlaError && error.code === 'UNAUTHENTICATED') return null;
    throw error;
  }
}

/** For a company identity's first visit: the nickname it will be known by. */
export async function claimNickname(server: string, token: string, nickname: string) {
  return (
    await post<ChatClaimNicknameMutation>(server, ChatClaimNicknameDocument, { nickname }, token)
  ).claimNickname;
}
