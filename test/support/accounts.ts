import { RegisterDocument } from '../generated/graphql.js';
import type { TestServer } from './server.js';

let sequence = 0;

/** A valid nickname no other test uses: `prefix` plus a base-36 suffix. */
export function freshNickname(prefix = 'user'): string {
  sequence += 1;
  return `${prefix}_${process.pid.toString(36)}${sequence.toString(36)}`;
}

export const PASSWORD = 'correct horse battery';

/** Registers a new account through the API and returns its token and user. */
export async function signUp(server: TestServer, nickname = freshNickname()) {
  const { data, errors } = await server.request(RegisterDocument, {
    nickname,
    password: PASSWORD,
  });
  if (!data?.register) throw new Error(`register failed: ${JSON.stringify(errors)}`);
  return { ...data.register, password: PASSWORD };
}
